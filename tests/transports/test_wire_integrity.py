"""Issue 28: altered text is never ok, one memory budget bounds every transport, and each
failure blames the right side — against a seed-contract backend written byte by byte
(`tests/doubles/raw_wire.py`: invalid UTF-8 inside frames, endless bodies and sockets, a gzip
bomb, 100,000 headers, an endless SSE line), on loopback."""

from __future__ import annotations

import asyncio
import dataclasses
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from simulator.transports import (
    ReplyCompleted,
    RunEvent,
    RunFailed,
    SendMessage,
    create_transport,
)
from simulator.transports.backend import BackendProfile, Endpoint, spring_profile
from simulator.transports.failures import FailureKind
from simulator.verdict import Kind, judge
from simulator.wx import WxConfig, WxRuntime
from tests.doubles import raw_wire as rw
from tests.helpers.timing import seconds
from tests.wx.conftest import Calls

MB = 1 << 20
SENT = "你好世界！"
BAD = "世界！".encode()[:3] + b"\xff" + "世界！".encode()[4:]  # 界's lead byte replaced


@pytest.fixture
def wire() -> Iterator[rw.RawWire]:
    with rw.raw_wire() as double:
        yield double


async def run(
    name: str,
    wire: rw.RawWire,
    config: WxConfig | None = None,
    profile: BackendProfile | None = None,
    **options: Any,
) -> list[RunEvent]:
    """One run of `name` against the double; its events, the outcome last."""
    wx = WxRuntime(config or WxConfig())
    if name == "websocket":
        options.setdefault("max_reconnects", 0)
    if name == "polling":
        options.setdefault("interval_s", 0.01)
    transport = create_transport(name, wx, profile or spring_profile(wire.base_url), **options)
    events: list[RunEvent] = []
    try:
        await transport.run(SendMessage("hi"), events.append)
    finally:
        await wx.aclose()
    return events


def budget(mib: int, **changes: Any) -> WxConfig:
    """The runtime `RunSettings(run_budget_mb=mib)` makes."""
    from simulator.session import RunSettings

    return dataclasses.replace(RunSettings(run_budget_mb=mib).wx_config(), **changes)


# -- 1. invalid UTF-8 ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "frames",
    [
        [rw.text_frame("你好"), rw.text_frame(BAD), rw.text_frame("[DONE]")],
        [rw.text_frame("你好"), *rw.fragments(BAD, [2, 5]), rw.text_frame("[DONE]")],
    ],
    ids=["one-frame", "across-fragments"],
)
@pytest.mark.parametrize("close", [False, True], ids=["then-done", "then-close-in-same-read"])
async def test_socket_text_that_is_not_utf8_fails_the_run_never_skipped(
    frames: list[bytes], close: bool, wire: rw.RawWire
) -> None:
    # then-close: the server's close 1000 is parsed (and answered) in the read that holds the
    # bad frame; found by the corruption property test (it was a clean close 1000, "ok")
    wire.routes["/ws/chat"] = rw.ws_stream(frames[:-1] if close else frames, close=close)
    events = await run("websocket", wire)
    end = events[-1]
    # Before: the bad message was dropped, [DONE] delivered, "你好" called consistent
    assert isinstance(end, RunFailed) and end.kind is FailureKind.MALFORMED
    assert end.partial_text == "你好" and "not UTF-8" in end.error
    assert not judge(events).ok


async def test_socket_failed_with_1007_reports_error_then_close_and_nothing_after(
    wire: rw.RawWire,
) -> None:
    calls = Calls()
    wire.routes["/ws/chat"] = rw.ws_stream(
        [rw.text_frame("a"), *rw.fragments(BAD, [1]), rw.text_frame("b")], wait_message=False
    )
    wx = WxRuntime()
    try:
        task = wx.connectSocket(url=wire.base_url.replace("http", "ws") + "/ws/chat")
        task.onMessage(calls.cb("message"))
        task.onError(calls.cb("error"))
        task.onClose(calls.cb("close"))
        await calls.until(lambda: "close" in calls.names, timeout=10)
    finally:
        await wx.aclose()
    assert [m["data"] for m in calls.all("message")] == ["a"]  # never "b"
    assert calls.names[-2:] == ["error", "close"] and calls.first("close")["code"] == 1007
    assert "invalid frame payload data" in calls.first("error")["errMsg"]


@pytest.mark.parametrize(
    ("name", "fidelity"),
    [("chunked", "strict"), ("download", "strict"), ("download", "lenient")],
)
async def test_plain_body_bytes_that_are_not_utf8_show_as_replacement_and_never_ok(
    name: str, fidelity: str, wire: rw.RawWire
) -> None:
    wire.routes["/api/chat/miniapp-stream"] = rw.http_stream(["你好".encode(), BAD])
    events = await run(name, wire, WxConfig(download_fidelity=fidelity))  # type: ignore[arg-type]
    end = events[-1]
    # What the page's decoder shows (a TextDecoder: U+FFFD), not the bytes silently dropped
    assert isinstance(end, ReplyCompleted) and end.text == "你好世\ufffd\ufffd\ufffd！"
    verdict = judge(events)
    assert not verdict.ok and verdict.kind is Kind.TEXT_ALTERED
    assert not judge(events, end.text).ok  # not even against an oracle holding U+FFFD


async def test_sync_body_the_platform_had_to_alter_is_shown_and_never_ok(
    wire: rw.RawWire,
) -> None:
    body = rw.json_body({"success": True, "data": {"content": "你好"}}).replace(
        "好".encode(), b"\xe5\xa5\xff"
    )
    wire.routes["/api/chat/send"] = rw.http_body(body)
    events = await run("sync", wire)
    end = events[-1]
    # Before: failed as a dropped connection; now the page's text with U+FFFD, not ok
    assert isinstance(end, ReplyCompleted) and end.text.startswith("你\ufffd")
    assert judge(events).kind is Kind.TEXT_ALTERED


async def test_sse_that_is_not_utf8_is_malformed_not_a_server_error(wire: rw.RawWire) -> None:
    sse = dataclasses.replace(
        spring_profile(wire.base_url), chunked=Endpoint("/api/chat/miniapp-stream", "POST", "sse")
    )
    wire.routes["/api/chat/miniapp-stream"] = rw.http_stream(
        [b"data: ok\n\n", b"data: " + BAD + b"\n\n", b"data: [DONE]\n\n"], "text/event-stream"
    )
    end = (await run("chunked", wire, profile=sse))[-1]
    assert isinstance(end, RunFailed) and end.kind is FailureKind.MALFORMED
    assert end.partial_text == "ok" and "server error" not in end.error


# -- 2. one budget per run, on every path ----------------------------------------------------
ENDLESS = [
    ("chunked", "strict"),
    ("websocket", "strict"),
    ("sync", "strict"),
    ("polling", "strict"),
    ("download", "strict"),
    ("download", "lenient"),
]


@pytest.fixture
def traced() -> Iterator[Callable[[], int]]:
    tracemalloc.start()
    try:
        yield lambda: tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(("name", "fidelity"), ENDLESS, ids=lambda v: str(v))
async def test_endless_backend_fails_at_the_run_budget_with_its_text_kept(
    name: str, fidelity: str, wire: rw.RawWire, traced: Callable[[], int]
) -> None:
    wire.routes.update(rw.MODES["endless"]())
    events = await run(name, wire, budget(2, download_fidelity=fidelity))
    end = events[-1]
    assert isinstance(end, RunFailed) and end.kind is FailureKind.TOO_LARGE, end
    assert "run's memory budget (2.0 MiB, run_budget_mb; a reply may be half" in end.error
    assert "had reached the page" in end.error
    if name in ("chunked", "websocket") or fidelity == "lenient":
        assert 0 < len(end.partial_text) <= MB + 64 * 1024  # kept, nothing past the limit
    # Before: the socket had no total bound at all (this run never ended)
    assert traced() < 24 * MB  # the text held, a message or a read in flight, the double's


async def test_gzip_bomb_over_chunked_stops_at_the_budget(
    wire: rw.RawWire, traced: Callable[[], int]
) -> None:
    wire.routes["/api/chat/miniapp-stream"] = rw.gzip_bomb_chunked(64)
    end = (await run("chunked", wire, budget(2)))[-1]
    assert isinstance(end, RunFailed) and end.kind is FailureKind.TOO_LARGE
    assert "run's memory budget (2.0 MiB" in end.error and len(end.partial_text) == MB
    assert traced() < 24 * MB


async def test_socket_on_a_slow_link_pauses_reading_instead_of_queueing(
    wire: rw.RawWire, traced: Callable[[], int]
) -> None:
    from simulator.wx import NETWORK_PROFILES

    wire.routes.update(rw.MODES["endless"]())
    config = budget(64, network=NETWORK_PROFILES["3g"], chunk_backlog_bytes=256 * 1024)
    wx = WxRuntime(config)
    try:
        task = wx.connectSocket(url=wire.base_url.replace("http", "ws") + "/ws/chat")
        got = [0]
        enough = asyncio.Event()

        def on_message(res: dict[str, Any]) -> None:
            got[0] += len(res["data"])
            if got[0] >= 512 * 1024:
                enough.set()

        task.onOpen(lambda res: task.send(data="hi"))
        task.onMessage(on_message)
        await asyncio.wait_for(enough.wait(), seconds(30))
        # 3G delivers ~1.6 Mbit/s; loopback could have queued hundreds of MB meanwhile
        assert traced() < 16 * MB
    finally:
        await wx.aclose()


# -- 3. messages that blame the right side ---------------------------------------------------
@pytest.mark.parametrize("name", ["chunked", "websocket", "download", "sync"])
async def test_100000_response_headers_name_the_header_limit(name: str, wire: rw.RawWire) -> None:
    for path in ("/api/chat/miniapp-stream", "/ws/chat", "/api/chat/send"):
        wire.routes[path] = rw.many_headers(100_000)
    end = (await run(name, wire))[-1]
    assert isinstance(end, RunFailed) and end.kind is FailureKind.TOO_LARGE
    assert "ERR_RESPONSE_HEADERS_TOO_BIG" in end.error
    assert "EMPTY_RESPONSE" not in end.error and "REFUSED" not in end.error


async def test_endless_sse_line_names_the_line_limit_not_a_server_error(
    wire: rw.RawWire,
) -> None:
    sse = dataclasses.replace(
        spring_profile(wire.base_url), chunked=Endpoint("/api/chat/miniapp-stream", "POST", "sse")
    )
    wire.routes["/api/chat/miniapp-stream"] = rw.sse_line(100)
    end = (await run("chunked", wire, profile=sse))[-1]
    assert isinstance(end, RunFailed) and end.kind is FailureKind.TOO_LARGE
    assert "line limit" in end.error and "server error" not in end.error
