"""The real miniprogram-automator client (tests/automation/js, lockfile-pinned) drives the native
chat project through `python -m simulator auto`, headless: as a team's CI would run its tests."""

from __future__ import annotations

import asyncio
import io
import json
import socket
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from websockets.asyncio.client import ClientConnection, connect

from tests.automation.conftest import (
    COMPONENT_CHAT,
    MESSAGE,
    NATIVE_CHAT,
    ROOT,
    AutoServer,
    expected_text,
    run_client,
    start_auto,
    stop_auto,
)

pytestmark = pytest.mark.timeout(120)


async def test_type_tap_and_read_the_streamed_reply(auto_server: AutoServer) -> None:
    got = await run_client(auto_server, "chat", {"message": MESSAGE})
    reply = expected_text(auto_server.stub)
    assert got["path"] == "pages/chat/index"
    assert got["stack"] == ["pages/chat/index"]
    assert got["typed"] == MESSAGE  # bindinput ran: the page's data has what was typed
    assert got["bubbleTexts"][-2:] == [MESSAGE, reply]
    assert got["data"]["chatList"][-1] == {
        "msgId": got["data"]["scrollId"],
        "type": "ai",
        "text": reply,
    }
    assert got["data"]["loading"] is False
    assert got["rowClass"] == "row ai"
    assert reply in got["wxml"]
    assert got["inputValue"] == ""  # the page cleared its input after sending
    print(f"tap → reply complete: {got['tapToReplyMs']} ms")


async def test_mock_and_restore_wx_methods(auto_server: AutoServer) -> None:
    got = await run_client(auto_server, "mock")
    mocked = {"confirm": True, "cancel": False, "content": "mocked"}
    assert got["mocked"] == mocked
    assert got["fromPage"] == mocked  # the page's own wx.showModal({success}) got the mock
    assert got["restored"] is True
    assert got["byFunction"] == ["redhood", "unknown:"]  # this.origin is the real API
    assert got["before"] == "" and got["after"] == ""


async def test_screenshot_writes_a_png(auto_server: AutoServer, tmp_path: Path) -> None:
    path = tmp_path / "shot.png"
    got = await run_client(auto_server, "screenshot", {"path": str(path)})
    assert got["base64Prefix"].startswith("iVBORw0KGgo")  # PNG's signature, base64
    image = Image.open(io.BytesIO(path.read_bytes()))
    assert image.format == "PNG"
    assert image.size == (got["screenWidth"], got["screenHeight"])  # the device's, CSS px
    # headless: a text snapshot, so the title bar and the page's text are drawn (not blank)
    colors = image.getcolors(1_000_000)
    assert colors is not None and len(colors) > 2


async def test_a_page_exception_arrives_as_an_event(auto_server: AutoServer) -> None:
    got = await run_client(auto_server, "exception")
    assert "boom from a timer" in got["event"]["message"]
    assert {"type": "log", "args": ["from the page"]} in got["logs"]


async def test_elements_data_and_errors_as_the_sdk_expects(auto_server: AutoServer) -> None:
    got = await run_client(auto_server, "elements")
    assert got["none"] is None and got["noneAll"] == []  # nothing matches: null and []
    assert got["waited"] == "yes"
    assert (got["innerTag"], got["innerText"]) == ("button", "发送")
    assert got["evalError"] == "bad evaluate"
    assert "noSuchMethod" in got["callError"]
    assert got["shownValue"] == "set by a test"  # Page.setData reached the view
    assert got["triggered"] == "via trigger"  # Element.triggerEvent reached bindinput
    assert got["bindingArgs"] == ["from", "the page"]  # exposeFunction → App.bindingCalled
    assert isinstance(got["scrollTop"], int)  # headless: what wx.pageScrollTo last asked for
    assert got["property"] == "输入你的问题"
    assert set(got["offset"]) == {"left", "top"} and set(got["size"]) == {"width", "height"}


async def test_streaming_helpers_network_send_figures_verdict(auto_server: AutoServer) -> None:
    message = "第二个问题"
    got = await run_client(auto_server, "streaming", {"message": message})
    run = got["run"]
    assert run["completed"] is True and run["ok"] is True
    assert run["verdict"] == "exact" and run["text_exact"] is True
    assert run["text"] == expected_text(auto_server.stub, message)
    assert run["firstPaintMs"] is not None and run["firstPaintMs"] > 0
    assert got["lastVerdict"] == "exact"
    assert "tps=300" in got["scenario"]["scenario"]
    assert "tps" in got["badScenario"]  # the stub's refusal, passed on
    assert got["data"]["chatList"][-1]["text"] == run["text"]
    assert "sim.noSuchHelper" in got["unknownHelper"]


async def _ask(ws: ClientConnection, msg: Any) -> dict[str, Any]:
    await ws.send(msg if isinstance(msg, str) else json.dumps(msg))
    while True:
        answer = json.loads(await asyncio.wait_for(ws.recv(), 30))
        if "id" in answer or "method" not in answer:
            return dict(answer)


async def test_bad_messages_get_the_error_shape(auto_server: AutoServer) -> None:
    async with connect(auto_server.url) as ws:
        not_json = await _ask(ws, "{not json")
        assert "id" not in not_json and "malformed" in not_json["error"]["message"]
        assert "JSON object" in (await _ask(ws, "[1, 2]"))["error"]["message"]
        no_method = await _ask(ws, {"id": "a1"})
        assert no_method["id"] == "a1" and "method" in no_method["error"]["message"]
        unknown = await _ask(ws, {"id": "a2", "method": "App.noSuchThing", "params": {}})
        assert unknown == {
            "id": "a2",
            "error": {"message": "method App.noSuchThing unimplemented (see docs/automation.md)"},
        }
        xpath = await _ask(ws, {"id": "a3", "method": "Page.getElementByXpath", "params": {}})
        assert "method Page.getElementByXpath unimplemented" in xpath["error"]["message"]
        bad_params = await _ask(ws, {"id": "a4", "method": "Page.getData", "params": [1]})
        assert "params must be an object" in bad_params["error"]["message"]
        no_element = await _ask(
            ws, {"id": "a5", "method": "Element.tap", "params": {"elementId": "e999999"}}
        )
        assert "no element with id e999999" in no_element["error"]["message"]
        # and the session goes on
        info = await _ask(ws, {"id": "a6", "method": "Tool.getInfo"})
        assert info["id"] == "a6" and info["result"]["SDKVersion"]


async def test_two_clients_at_once_both_answered_both_get_events(auto_server: AutoServer) -> None:
    async with connect(auto_server.url) as a, connect(auto_server.url) as b:
        ask_a = {"id": "same", "method": "App.getCurrentPage"}
        ask_b = {"id": "same", "method": "Tool.getInfo"}
        got_a, got_b = await asyncio.gather(_ask(a, ask_a), _ask(b, ask_b))
        assert got_a["result"]["path"] == "pages/chat/index"
        assert "SDKVersion" in got_b["result"]
        throw = "() => { setTimeout(() => { throw new Error('seen by both'); }, 0); }"
        call = {"id": "t", "method": "App.callFunction", "params": {"functionDeclaration": throw}}
        await a.send(json.dumps(call))

        async def event(ws: ClientConnection, answer_id: str | None) -> dict[str, Any]:
            # the event may come before or after the answer to the call that caused it
            seen: dict[str, Any] = {}
            while "event" not in seen or (answer_id is not None and "answer" not in seen):
                msg = json.loads(await asyncio.wait_for(ws.recv(), 30))
                if msg.get("method") == "App.exceptionThrown":
                    seen["event"] = msg
                elif msg.get("id") == answer_id:
                    seen["answer"] = msg
            return dict(seen["event"])

        seen = await asyncio.gather(event(a, "t"), event(b, None))
        assert all("seen by both" in e["params"]["message"] for e in seen)
        assert all("id" not in e for e in seen)


async def test_a_client_leaving_mid_run_does_not_stop_the_simulator(
    auto_server: AutoServer,
) -> None:
    await run_client(auto_server, "leave", {"message": "半路离开"})
    got = await run_client(auto_server, "state", {"wait": True})
    assert got["data"]["chatList"][-1]["text"] == expected_text(auto_server.stub, "半路离开")
    assert auto_server.proc.poll() is None


async def test_exit_relaunches_and_close_ends_the_process(fast_stub: Any) -> None:
    server = start_auto(fast_stub)
    try:
        async with connect(server.url) as ws:
            await _ask(
                ws,
                {
                    "id": 1,
                    "method": "Page.setData",
                    "params": {"pageId": 1, "data": {"inputValue": "x"}},
                },
            )
            assert (await _ask(ws, {"id": 2, "method": "App.exit"})) == {"id": 2, "result": {}}
            page = await _ask(ws, {"id": 3, "method": "App.getCurrentPage"})
            assert page["result"]["path"] == "pages/chat/index"  # launched again
            data = await _ask(
                ws,
                {"id": 4, "method": "Page.getData", "params": {"pageId": page["result"]["pageId"]}},
            )
            assert data["result"]["data"]["inputValue"] == ""  # a fresh app
        got = await run_client(server, "close")
        assert got == {"closed": True}
        assert server.proc.wait(timeout=20) == 0
    finally:
        stop_auto(server)


async def test_launch_with_the_devtools_cli_shim(fast_stub: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    shim = ROOT / "scripts" / "wx-devtools-cli"
    arg = {
        "cliPath": str(shim),
        "projectPath": str(NATIVE_CHAT),
        "args": ["--backend", fast_stub.base_url],
    }
    server = AutoServer(None, port, fast_stub)  # type: ignore[arg-type]
    got = await run_client(server, "launch", arg)
    assert got == {"path": "pages/chat/index"}


async def test_custom_components_are_custom_elements(fast_stub: Any) -> None:
    server = start_auto(fast_stub, project=COMPONENT_CHAT)
    try:
        got = await run_client(server, "components", {"message": MESSAGE})
    finally:
        assert stop_auto(server) == 0
    assert got["kind"] == "CustomElement"  # the element carries the component's nodeId
    assert got["props"] == {"placeholder": "问点什么", "disabled": False, "value": ""}
    assert got["typed"] == "先清空"  # the component's own bindinput ran
    assert got["cleared"] == ""  # Element.callMethod ran its method
    assert got["shown"] == "set on the component"  # Element.setData reached the view
    reply = expected_text(fast_stub)
    assert [b["text"] for b in got["bubbles"]] == [MESSAGE, reply]
    assert got["pageData"]["messages"][-1]["text"] == reply


async def test_a_runaway_evaluate_is_stopped_and_the_app_comes_back(fast_stub: Any) -> None:
    server = start_auto(fast_stub, "--cpu-limit", "1")
    try:
        async with connect(server.url) as ws:
            spin = {"functionDeclaration": "() => { for (;;) {} }"}
            stuck = await _ask(ws, {"id": 1, "method": "App.callFunction", "params": spin})
            assert "the mini-program stopped" in stuck["error"]["message"]
            page = await _ask(ws, {"id": 2, "method": "App.getCurrentPage"})
            assert page["result"]["path"] == "pages/chat/index"  # launched again
            assert server.proc.poll() is None
    finally:
        assert stop_auto(server) == 0


async def test_dialogs_wait_for_native_confirm_or_cancel(fast_stub: Any) -> None:
    server = start_auto(fast_stub, "--dialogs", "wait")
    try:
        async with connect(server.url) as ws:
            nothing = await _ask(
                ws, {"id": 1, "method": "Tool.native", "params": {"method": "confirmModal"}}
            )
            assert nothing["error"]["message"] == "Tool.native confirmModal: no modal is shown"
            remember = "success: (res) => { global.answer = res; }"
            open_modal = f"() => {{ wx.showModal({{ title: '删除？', {remember} }}); }}"
            fn = {"functionDeclaration": open_modal}
            await _ask(ws, {"id": 2, "method": "App.callFunction", "params": fn})
            read = {"functionDeclaration": "() => global.answer || null"}
            still = await _ask(ws, {"id": 3, "method": "App.callFunction", "params": read})
            assert still["result"]["result"] is None  # open until someone answers
            native = {"method": "cancelModal"}
            await _ask(ws, {"id": 4, "method": "Tool.native", "params": native})
            done = await _ask(ws, {"id": 5, "method": "App.callFunction", "params": read})
            assert done["result"]["result"] == {
                "confirm": False, "cancel": True, "content": "", "errMsg": "showModal:ok"
            }  # fmt: skip
    finally:
        assert stop_auto(server) == 0
