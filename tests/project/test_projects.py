"""The three example projects end to end: the logic layer, the headless view (WeChat's
compilers + the renderer), the emulated runtime, and real servers on loopback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backend_stub import EmbeddedStub
from simulator.metrics.timeline import RunTimeline
from simulator.page.origin import OriginMap
from simulator.page.run import page_settings
from simulator.project.boot import compiled_boot
from simulator.project.host import ProjectHost
from simulator.project.loader import load_project
from simulator.project.options import ProjectOptions
from simulator.project.run import ProjectReport, run_project
from simulator.project.view.port import HeadlessView
from simulator.wx import WxRuntime
from tests.doubles.serve import ThreadServer
from tests.doubles.spring_double import reply_text
from tests.helpers.waits import until
from tests.project.conftest import EXAMPLES, stub_reply

pytestmark = pytest.mark.timeout(120)
MESSAGE = "你好，介绍一下流式输出"


async def run(
    backend: str, folder: Path, *, platform: str = "android", runs: int = 1
) -> ProjectReport:
    settings = page_settings(backend_url=backend, platform=platform)
    return await run_project(
        folder, [MESSAGE] * runs, settings=settings,
        options=ProjectOptions(platform=platform, idle_s=0.2),
    )  # fmt: skip


def decoder_with_text_decoder(tmp_path: Path) -> Path:
    """native-chat as many pages write it: the decoder is a `TextDecoder` (line 4)."""
    copy = tmp_path / "native-chat"
    shutil.copytree(EXAMPLES / "native-chat", copy)
    (copy / "utils" / "utf8.js").write_text(
        "// decode chunks with the Web API\n"
        "function createUtf8Decoder() {\n"
        "  return {\n"
        "    write: (buffer) => new TextDecoder('utf-8').decode(buffer, { stream: true }),\n"
        "  };\n"
        "}\n"
        "module.exports = { createUtf8Decoder };\n",
        encoding="utf-8",
    )
    return copy


async def test_native_chat_streams_exactly_and_renders_its_own_page(
    fast_stub: EmbeddedStub,
) -> None:
    report = await run(fast_stub.base_url, EXAMPLES / "native-chat", runs=2)
    assert report.error is None and not report.errors, report.errors
    reply = stub_reply(fast_stub, MESSAGE)
    for r in report.runs:
        assert r.verdict is not None and r.verdict.status == "exact", r.verdict
        assert r.metrics.text == reply
        assert r.metrics.first_paint_s is not None
        assert r.metrics.first_byte_s is not None
        assert r.metrics.first_paint_s >= r.metrics.first_byte_s
    assert report.ok
    chat = report.data["chatList"]
    assert [m["type"] for m in chat] == ["user", "ai", "user", "ai"]
    assert chat[1]["text"] == reply and chat[3]["text"] == reply
    assert report.data["loading"] is False and report.data["inputValue"] == ""
    assert report.rendered_text is not None and reply in report.rendered_text
    assert report.ui["navigationBar"]["title"] == "AI 助手"  # setNavigationBarTitle
    assert report.ui["toast"] is None  # showLoading … hideLoading
    assert report.set_data["calls"] > 10 and "applied_ms_p50" in report.set_data
    # setData guidance notes aside (the page sets the whole text per chunk): no warning
    noted = {w.text for w in report.warnings}
    warned = [x for x in report.console if x.level in ("warn", "error") and x.text not in noted]
    assert not warned, report.console


async def test_native_chat_runs_unchanged_against_the_spring_contract(
    spring: ThreadServer, tmp_path: Path
) -> None:
    """The Spring backend has no SSE: the project's config points at its text/plain stream;
    the page decides by the response's Content-Type."""
    copy = tmp_path / "native-chat"
    shutil.copytree(EXAMPLES / "native-chat", copy)
    config = copy / "config.js"
    config.write_text(
        config.read_text().replace("/api/chat/sse", "/api/chat/miniapp-stream"), "utf-8"
    )
    report = await run(spring.base_url, copy)
    assert report.error is None and not report.errors, report.errors
    assert report.data["chatList"][1]["text"] == reply_text(MESSAGE)
    assert report.runs[0].metrics.text == reply_text(MESSAGE)
    assert report.ok, report.runs[0].verdict


async def test_text_decoder_crashes_on_the_phone_with_file_and_line(
    fast_stub: EmbeddedStub, tmp_path: Path
) -> None:
    folder = decoder_with_text_decoder(tmp_path)
    for phone in ("android", "ios"):
        report = await run(fast_stub.base_url, folder, platform=phone)
        assert not report.ok
        err = report.errors[0]
        assert err.message == "ReferenceError: TextDecoder is not defined"
        assert (err.file, err.line) == ("utils/utf8.js", 4)
    works = await run(fast_stub.base_url, folder, platform="devtools")
    assert works.ok and not works.errors, works.errors
    assert works.data["chatList"][1]["text"] == stub_reply(fast_stub, MESSAGE)


async def test_component_chat_with_properties_observers_and_trigger_event(
    fast_stub: EmbeddedStub,
) -> None:
    project = load_project(EXAMPLES / "component-chat")
    wx = WxRuntime()
    origin = OriginMap("http://localhost:8082", fast_stub.base_url)
    host = ProjectHost(
        project, wx, origin, HeadlessView(), ProjectOptions(idle_s=0.2), boot=compiled_boot
    )
    try:
        await host.start()
        # onReady runs after the first render
        await until(lambda: host.page_data().get("inputFound", False) is not False, timeout=10)
        timeline = RunTimeline()
        reply = await host.send(MESSAGE, timeline)
        assert reply == stub_reply(fast_stub, MESSAGE)
        metrics = timeline.metrics()
        # painted when the bubble component's render showed it, after the page's setData
        assert metrics.first_paint_s is not None and metrics.first_byte_s is not None
        assert metrics.first_paint_s >= metrics.first_byte_s
        messages = host.page_data()["messages"]
        assert [(m["role"], m["text"]) for m in messages] == [("me", MESSAGE), ("bot", reply)]
        bubbles = [d for k, d in host.tracker.data.items() if isinstance(k, str) and "role" in d]
        bot = next(d for d in bubbles if d["role"] == "bot")
        assert bot["length"] == len(reply) and bot["mine"] is False  # property observer
        assert bot["updates"] >= 2  # the behaviour's method, from the `text` observer
        assert next(d for d in bubbles if d["role"] == "me")["mine"] is True
        text = await host.rendered_text()
        assert MESSAGE in text and reply in text
        assert not host.errors, host.errors
    finally:
        await host.stop()
        await wx.aclose()


async def test_two_pages_navigate_there_and_back_in_the_platforms_order(
    fast_stub: EmbeddedStub,
) -> None:
    project = load_project(EXAMPLES / "two-pages")
    wx = WxRuntime()
    origin = OriginMap("http://localhost:8082", fast_stub.base_url)
    host = ProjectHost(
        project, wx, origin, HeadlessView(), ProjectOptions(idle_s=0.2), boot=compiled_boot
    )
    try:
        await host.start()
        await host.act("tap", "#topic-retry")
        await until(
            lambda: len(host.stack) >= 2 and any("chat onReady" in x.text for x in host.console),
            timeout=10,
        )
        assert host.routes[host.stack[-1]] == "pages/chat/index"
        assert wx.ui.navigation_bar.title == "话题：retry"
        reply = await host.send("为什么会断线", RunTimeline())
        assert reply == stub_reply(fast_stub, "retry: 为什么会断线")
        assert host.page_data()["answer"] == reply
        assert host.page_data()["answerMeasured"] is True  # createSelectorQuery via the view
        await host.act("tap", "button.back")

        def logged() -> list[str]:
            return [x.text for x in host.console if x.level == "log"]

        # back home: its second onShow is the last line the order below expects
        await until(lambda: len(host.stack) == 1 and logged().count("home onShow") == 2, 10)
        order = logged()
        assert order == [
            "app onLaunch pages/home/index", "app onShow",
            "home onLoad", "home onShow", "home onReady",
            "home onHide", "chat onLoad retry", "chat onShow", "chat onReady 2",
            "chat onUnload", "home onShow",
        ]  # fmt: skip
        assert wx.ui.navigation_bar.title == "选择话题"
        assert not host.errors, host.errors
    finally:
        await host.stop()
        await wx.aclose()
