"""Issue 12: each place where code that works here would fail on a phone, written as a page
author calls the API (object form, callbacks), against real loopback servers."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest

from backend_stub import EmbeddedStub
from simulator.wx import CallFailed, WxRuntime
from simulator.wx.config import DEVICE_SLICING, WxConfig
from simulator.wx.versions import can_i_use
from tests.helpers.waits import until
from tests.wx.conftest import Calls, started

FAST = "ttft_ms=0,tps=2000,jitter_ms=0"


# -- 1. no cookie jar ------------------------------------------------------------------------
async def test_a_set_cookie_is_reported_but_never_sent_back(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    wx.request({"url": f"{edge}/text?body=hi", "success": calls.cb("login")})
    await calls.until(lambda: "login" in calls.names)
    assert calls.first("login")["cookies"] == ["sid=1; Path=/"]
    wx.request({"url": f"{edge}/echo", "success": calls.cb("next")})
    wx.downloadFile({"url": f"{edge}/echo", "success": calls.cb("download")})
    await calls.until(lambda: "next" in calls.names and "download" in calls.names)
    assert "cookie" not in calls.first("next")["data"]["headers"]
    path = calls.first("download")["tempFilePath"]
    echoed = json.loads(wx.getFileSystemManager().readFileSync(path, "utf8"))
    assert "cookie" not in echoed["headers"]


async def test_cookies_set_during_a_redirect_are_not_kept_either(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    wx.request({"url": f"{edge}/redirect", "success": calls.cb("success")})
    await calls.until(lambda: "success" in calls.names)
    assert "cookie" not in calls.first("success")["data"]["headers"]


# -- 2. device-like chunk delivery by default ------------------------------------------------
def test_phone_platform_merges_and_splits_by_default_and_ideal_mode_does_not() -> None:
    assert WxConfig().effective_slicing is DEVICE_SLICING
    assert WxConfig(delivery="ideal").effective_slicing is None
    assert WxConfig(platform="devtools").effective_slicing is None
    assert DEVICE_SLICING.merge > 0 and DEVICE_SLICING.min_size < DEVICE_SLICING.size


async def _sse_chunks(wx: WxRuntime, stub: EmbeddedStub, scenario: str) -> list[bytes]:
    calls, chunks = Calls(), []
    url = f"{stub.base_url}/api/chat/sse?scenario={quote(scenario)}"
    task = wx.request(
        {
            "url": url,
            "method": "POST",
            "data": {"message": "给我讲一个很长的故事", "userId": "u1"},
            "enableChunked": True,
            "responseType": "arraybuffer",
            **calls.outcome(),
        }
    )
    task.onChunkReceived(lambda res: chunks.append(res["data"]))
    await calls.finished(timeout=15)
    assert calls.names[-2:] == ["success", "complete"]
    return chunks


async def test_device_default_splits_events_and_utf8_on_the_real_stub(
    wx: WxRuntime, stub: EmbeddedStub
) -> None:
    chunks = await _sse_chunks(wx, stub, f"{FAST},length=800")
    body = b"".join(chunks)
    assert body.count(b"\n\n") >= 20
    # A naive "one callback = whole events" parser breaks: some callback ends mid-event
    assert any(not c.endswith(b"\n\n") for c in chunks[:-1])


async def test_device_default_splits_utf8_characters(wx: WxRuntime, edge: str) -> None:
    text = "流式回复" * 1500  # 18 kB of 3-byte characters: ~24 cuts, each 2/3 mid-character
    calls, chunks = Calls(), []
    task = wx.request({"url": f"{edge}/echo", "method": "POST", "data": text,
                       "enableChunked": True, **calls.outcome()})  # fmt: skip
    task.onChunkReceived(lambda res: chunks.append(res["data"]))
    await calls.finished()
    assert json.loads(b"".join(chunks))["body"] == text
    # A naive per-chunk decode garbles a character: the trap a device sets
    assert any(_cuts_a_character(c) for c in chunks)


async def test_ideal_mode_hands_network_reads_on_whole(
    make_wx: Callable[..., WxRuntime], stub: EmbeddedStub
) -> None:
    ideal = await _sse_chunks(make_wx(delivery="ideal"), stub, f"{FAST},length=800")
    # Loopback reads end where the server's writes end: whole events, the trap hidden
    assert all(c.endswith(b"\n\n") for c in ideal)


def _cuts_a_character(chunk: bytes) -> bool:
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


# -- 3. abort()/close() call back later, in the platform's order ----------------------------
async def test_abort_runs_fail_on_a_later_turn_so_the_stop_flag_holds(
    wx: WxRuntime, edge: str
) -> None:
    seen: list[tuple[str, bool]] = []
    cancelled = [False]

    def record(name: str) -> Callable[[dict[str, Any]], None]:
        return lambda res: seen.append((name, cancelled[0]))

    task = wx.request(
        {"url": f"{edge}/slow?delay=2", "fail": record("fail"), "complete": record("complete")}
    )
    await until(lambda: started(wx))
    task.abort()
    assert seen == []  # nothing ran inside abort()
    cancelled[0] = True
    await until(lambda: len(seen) == 2)
    assert seen == [("fail", True), ("complete", True)]


async def test_download_abort_is_deferred_too(wx: WxRuntime, edge: str, calls: Calls) -> None:
    task = wx.downloadFile({"url": f"{edge}/slow?delay=2", **calls.outcome()})
    await until(lambda: started(wx))
    task.abort()
    assert calls.names == []
    await calls.finished()
    assert calls.first("fail")["errMsg"] == "downloadFile:fail abort"


async def test_close_before_open_calls_back_after_connect_success(
    wx: WxRuntime, edge_ws: str, calls: Calls
) -> None:
    task = wx.connectSocket({"url": f"{edge_ws}/ws/silent", "success": calls.cb("connect-ok")})
    task.onClose(calls.cb("close"))
    task.close({"success": calls.cb("close-ok")})
    assert calls.names == []
    await calls.until(lambda: "close" in calls.names)
    assert calls.names == ["connect-ok", "close-ok", "close"]


# -- 4. canIUse from the API reference, options gated by version ---------------------------
@pytest.mark.parametrize(
    "schema",
    [
        "request.object.method.GET",
        "request.success.data",
        "connectSocket.object.perMessageDeflate",
        "getSystemInfoSync",
        "getSystemInfoSync.return.safeArea.left",
        "request.object.redirect.manual",
        "SocketTask.onOpen.callback.header",
        "showToast.object.image",
        "FileSystemManager.readFile.object.position",
    ],
)
def test_can_i_use_knows_valid_schemas(schema: str) -> None:
    assert can_i_use(schema, "3.6.5")


def test_can_i_use_answers_by_version_and_false_for_unknown() -> None:
    assert not can_i_use("request.object.timeout", "2.9.0")
    assert can_i_use("request.object.timeout", "2.10.0")
    assert not can_i_use("request.object.method.PATCH", "3.6.5")
    assert not can_i_use("request.object.nonsense", "3.6.5")


async def test_per_call_timeout_is_ignored_before_2_10_0(
    make_wx: Callable[..., WxRuntime], edge: str
) -> None:
    old, new = make_wx(base_library_version="2.9.0"), make_wx()
    old_calls, new_calls = Calls(), Calls()
    old.request({"url": f"{edge}/slow?delay=1.5", "timeout": 100, **old_calls.outcome()})
    new.request({"url": f"{edge}/slow?delay=1.5", "timeout": 100, **new_calls.outcome()})
    await new_calls.finished()
    assert new_calls.first("fail")["errMsg"] == "request:fail timeout"
    await old_calls.finished()
    assert old_calls.names[0] == "success"  # the option did not exist: app default (60 s)


# -- 5. Promise style exactly where the platform has it -------------------------------------
async def test_socket_globals_return_promises_without_callbacks(
    wx: WxRuntime, edge_ws: str
) -> None:
    opened = asyncio.Event()
    task = wx.connectSocket({"url": f"{edge_ws}/ws/echo"})
    assert hasattr(task, "onOpen")  # a task, never a promise
    wx.onSocketOpen(lambda res: opened.set())
    await asyncio.wait_for(opened.wait(), 5)
    sent = wx.sendSocketMessage({"data": "hi"})
    assert sent is not None
    assert (await sent)["errMsg"] == "sendSocketMessage:ok"
    closed = wx.closeSocket({})
    assert closed is not None and (await closed)["errMsg"] == "closeSocket:ok"
    with pytest.raises(CallFailed, match="WebSocket is not connected"):
        await wx.closeSocket()  # type: ignore[misc]
    assert wx.sendSocketMessage({"data": "x", "fail": lambda res: None}) is None


# -- 6. charsets, invalid UTF-8 reported ----------------------------------------------------
async def test_declared_gbk_is_converted(wx: WxRuntime, edge: str, calls: Calls) -> None:
    wx.request({"url": f"{edge}/charset?cs=gbk&body={quote('你好，世界')}", **calls.outcome()})
    await calls.finished()
    assert calls.first("success")["data"] == "你好，世界"
    flow = wx.flows.flows()[-1]
    assert not flow.text_altered


async def test_invalid_utf8_is_flagged_not_silent(wx: WxRuntime, edge: str, calls: Calls) -> None:
    wx.request({"url": f"{edge}/charset?hex=e4bda0ff", "dataType": "text", **calls.outcome()})
    await calls.finished()
    assert calls.first("success")["data"] == "你\ufffd"  # the platform converts "if possible"
    assert wx.flows.flows()[-1].text_altered  # ... and transports can tell it is not exact


# -- 7. profile filled from the connection --------------------------------------------------
async def test_profile_has_every_documented_field_from_the_connection(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    for _ in range(2):
        calls = Calls()
        wx.request({"url": f"{edge}/echo", **calls.outcome()})
        await calls.finished()
    profile = calls.first("success")["profile"]
    for key in (
        "connectStart", "connectEnd", "domainLookUpStart", "domainLookUpEnd", "rtt", "peerIP",
        "port", "socketReused", "requestStart", "requestEnd", "responseStart", "responseEnd",
        "throughputKbps", "estimate_nettype", "queueStart", "queueEnd", "protocol",
    ):  # fmt: skip
        assert key in profile, key
    assert profile["peerIP"] == "127.0.0.1"
    assert profile["port"] == int(edge.rsplit(":", 1)[1])
    assert profile["socketReused"] is True  # the second request rode the kept-alive socket
    assert profile["fetchStart"] <= profile["requestStart"] <= profile["responseEnd"]


# -- 8. errMsg / errno, SocketTask surface ---------------------------------------------------
async def test_domain_list_failure_says_so(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls
) -> None:
    wx = make_wx(check_domain=True, allowed_domains=("api.example.com",))
    wx.request({"url": "https://other.example.com/x", **calls.outcome()})
    await calls.finished()
    assert calls.first("fail") == {"errMsg": "request:fail url not in domain list", "errno": 600002}


def test_socket_task_shows_only_documented_members() -> None:
    from simulator.wx import SocketTask

    public = {n for n in dir(SocketTask) if not n.startswith("_")}
    assert public == {"send", "close", "onOpen", "onMessage", "onError", "onClose"}


# -- 9. the object form --------------------------------------------------------------------
async def test_object_form_works_for_fs_calls_too(wx: WxRuntime, calls: Calls) -> None:
    fs = wx.getFileSystemManager()
    path = f"{wx.env.USER_DATA_PATH}/a.txt"
    fs.writeFile({"filePath": path, "data": "hi", "encoding": "utf8", "success": calls.cb("w")})
    await calls.until(lambda: "w" in calls.names)
    fs.readFile({"filePath": path, "encoding": "utf8", "success": calls.cb("r"), "x": 1})
    await calls.until(lambda: "r" in calls.names)
    assert calls.first("r")["data"] == "hi"


def test_object_form_without_url_is_a_clear_error(wx: WxRuntime) -> None:
    with pytest.raises(TypeError, match="url"):
        wx.request({"method": "GET"})


# -- switches: redirect manual, background interrupted, iOS later-chunked ------------------
async def test_redirect_manual_ends_on_the_3xx(wx: WxRuntime, edge: str, calls: Calls) -> None:
    wx.request({"url": f"{edge}/redirect", "redirect": "manual", **calls.outcome()})
    await calls.finished()
    res = calls.first("success")
    assert res["statusCode"] == 302 and res["header"]["location"] == "/echo"


async def test_background_interrupts_after_the_delay(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls
) -> None:
    wx = make_wx(background_interrupt_ms=50)
    wx.request({"url": f"{edge}/slow?delay=3", **calls.outcome()})
    await until(lambda: started(wx))
    wx.simulate_app_hide()
    await calls.finished()
    assert calls.first("fail")["errMsg"] == "request:fail interrupted"
    late = Calls()
    wx.request({"url": f"{edge}/echo", **late.outcome()})
    await late.finished()
    assert late.first("fail")["errMsg"] == "request:fail interrupted"
    wx.simulate_app_show()
    again = Calls()
    wx.request({"url": f"{edge}/echo", **again.outcome()})
    await again.finished()
    assert again.names[0] == "success"


async def test_ios_quirk_gives_chunks_only_to_the_later_request(
    make_wx: Callable[..., WxRuntime], edge: str
) -> None:
    wx = make_wx(ios_later_chunked_only=True, delivery="ideal")
    parts = quote(json.dumps(["a", "b", "c", "d"]))
    got: dict[str, list[bytes]] = {"first": [], "second": []}
    done = [Calls(), Calls()]
    for name, recorder in zip(got, done, strict=True):
        task = wx.request(
            {"url": f"{edge}/chunks?parts={parts}&gap=0.05", "enableChunked": True,
             **recorder.outcome()}
        )  # fmt: skip
        task.onChunkReceived(lambda res, name=name: got[name].append(res["data"]))
    for recorder in done:
        await recorder.finished()
    assert got["first"] == [] and b"".join(got["second"]) == b"abcd"


async def test_download_file_path_option_needs_1_8_0(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls
) -> None:
    wx = make_wx(base_library_version="1.7.0")
    target = f"{wx.env.USER_DATA_PATH}/reply.txt"
    wx.downloadFile({"url": f"{edge}/text?body=hi", "filePath": target, **calls.outcome()})
    await calls.finished()
    res = calls.first("success")
    assert "filePath" not in res and res["tempFilePath"].startswith("wxfile://tmp_")


async def test_socket_profile_has_the_socket_profile_fields(
    wx: WxRuntime, edge_ws: str, calls: Calls
) -> None:
    task = wx.connectSocket({"url": f"{edge_ws}/ws/echo"})
    task.onOpen(calls.cb("open"))
    await calls.until(lambda: "open" in calls.names)
    profile = calls.first("open")["profile"]
    assert set(profile) == {
        "fetchStart", "domainLookUpStart", "domainLookUpEnd", "connectStart", "connectEnd",
        "handshakeCost", "cost", "rtt",
    }  # fmt: skip
    assert profile["connectStart"] <= profile["connectEnd"]
