"""Issue 13, the client: no backend exhausts the runtime. Each bound is attacked by a real
misbehaving loopback server (endless body, gzip bomb, huge WebSocket frame, endless line)
and must end in a clear `fail` with the partial text kept and memory bounded."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import struct
import tracemalloc
from collections.abc import Callable, Iterator
from urllib.parse import quote

import pytest

from backend_stub import EmbeddedStub
from simulator.transports import (
    ChunkReceived,
    RunFailed,
    SendMessage,
    create_transport,
    stub_profile,
)
from simulator.transports.backend import Endpoint
from simulator.transports.framing import MAX_LINE_CHARS, NdjsonParser, SseParserStub
from simulator.wx import NETWORK_PROFILES, WxConfig, WxRuntime
from simulator.wx.inflate import PIECE
from tests.helpers.waits import quiet_for, until
from tests.transports.conftest import finish
from tests.transports.test_platforms import run_on
from tests.wx.conftest import Calls, started

MB = 1 << 20
WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


@pytest.fixture
def traced() -> Iterator[Callable[[], int]]:
    """Peak bytes allocated by Python (all threads, the server's too) during the test."""
    tracemalloc.start()
    try:
        yield lambda: tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


async def test_endless_body_fails_at_the_response_bound(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls, traced: Callable[[], int]
) -> None:
    wx = make_wx(max_response_bytes=4 * MB)
    wx.request({"url": f"{edge}/endless", **calls.outcome()})
    await calls.finished(timeout=20)
    assert calls.first("fail") == {
        "errMsg": "request:fail exceed max response size",
        "errno": 600000,
    }
    assert traced() < 16 * MB  # the 4 MB held plus reads in flight, not what the server sent


async def test_endless_chunked_body_keeps_its_chunks_and_fails(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls
) -> None:
    wx = make_wx(max_response_bytes=2 * MB)
    got = [0]
    task = wx.request({"url": f"{edge}/endless", "enableChunked": True, **calls.outcome()})
    task.onChunkReceived(lambda res: got.__setitem__(0, got[0] + len(res["data"])))
    await calls.finished(timeout=20)
    assert calls.names == ["fail", "complete"]
    assert 0 < got[0] <= 2 * MB  # the partial body reached the page, nothing past the bound


async def test_gzip_bomb_is_inflated_in_bounded_pieces(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls, traced: Callable[[], int]
) -> None:
    wx = make_wx(max_response_bytes=8 * MB)
    wx.request({"url": f"{edge}/bomb?mb=256", **calls.outcome()})
    await calls.finished(timeout=30)
    assert calls.first("fail")["errMsg"] == "request:fail exceed max response size"
    # 256 MiB of zeros never exist at once: the 8 MB body, pieces of PIECE bytes, the bomb
    assert traced() < 24 * MB, traced()


async def test_gzip_body_within_bounds_is_decoded(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls
) -> None:
    wx = make_wx()
    wx.request({"url": f"{edge}/bomb?mb=1", "responseType": "arraybuffer", **calls.outcome()})
    await calls.finished(timeout=10)
    assert calls.first("success")["data"] == b"\0" * MB
    assert PIECE < MB  # so this body crossed several bounded pieces


async def _frame_bomb(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Misbehaving WebSocket server: a valid handshake, then one 50 MiB binary frame streamed
    from a 64 KiB buffer (so the server itself holds no 50 MiB)."""
    request = await reader.readuntil(b"\r\n\r\n")
    key = next(
        line.split(b":", 1)[1].strip()
        for line in request.split(b"\r\n")
        if line.lower().startswith(b"sec-websocket-key:")
    )
    accept = base64.b64encode(hashlib.sha1(key + WS_GUID).digest())
    writer.write(
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n"
    )
    writer.write(b"\x82\x7f" + struct.pack("!Q", 50 * MB))
    block = bytes(64 * 1024)
    try:
        for _ in range(50 * MB // len(block)):
            writer.write(block)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def test_50_mb_websocket_frame_is_refused_with_1009(
    make_wx: Callable[..., WxRuntime], calls: Calls, traced: Callable[[], int]
) -> None:
    server = await asyncio.start_server(_frame_bomb, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        wx = make_wx(max_socket_message_bytes=1 * MB)
        task = wx.connectSocket({"url": f"ws://127.0.0.1:{port}/"})
        task.onMessage(calls.cb("message"))
        task.onError(calls.cb("error"))
        task.onClose(calls.cb("close"))
        await calls.until(lambda: "close" in calls.names, timeout=20)
    finally:
        server.close()
    assert calls.names == ["error", "close"]
    assert calls.first("error")["errMsg"] == f"message too big: over {MB} bytes"
    assert calls.first("close")["code"] == 1009
    assert traced() < 8 * MB  # refused from the frame header, never assembled


async def test_a_message_within_the_bound_arrives(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls
) -> None:
    wx = make_wx(max_socket_message_bytes=8 * MB)
    task = wx.connectSocket({"url": edge.replace("http", "ws") + "/ws/big?mb=4"})
    task.onMessage(calls.cb("message"))
    await calls.until(lambda: "message" in calls.names, timeout=20)
    assert len(calls.first("message")["data"]) == 4 * MB


async def test_slow_link_backlog_stays_bounded(
    make_wx: Callable[..., WxRuntime], edge: str
) -> None:
    wx = make_wx(network=NETWORK_PROFILES["3g"], chunk_backlog_bytes=256 * 1024, delivery="ideal")
    calls = Calls()
    task = wx.request({"url": f"{edge}/endless", "enableChunked": True, **calls.outcome()})
    task.onChunkReceived(lambda res: None)
    worst = 0

    def reached_the_bound() -> bool:
        nonlocal worst
        for exchange in wx._host.pending_http.values():
            worst = max(worst, exchange.conveyor.backlog_bytes)
        return worst >= 256 * 1024

    await until(reached_the_bound, timeout=10)  # the fast loopback read fills it at once
    await quiet_for(0.3)  # still reading from an endless body: nothing more may pile up
    reached_the_bound()
    task.abort()
    await calls.finished()
    # Reading paused above the bound (one network read may overshoot it)
    assert 0 < worst <= 256 * 1024 + 64 * 1024


# -- SSE / NDJSON parsing: linear, bounded lines, strict UTF-8 ------------------------------
def test_sse_endless_line_fails_once_past_the_bound_after_earlier_events() -> None:
    parser = SseParserStub()
    pieces = parser.feed(b'data: {"seq":0,"text":"ok"}\n\ndata: ')
    assert [p.text for p in pieces] == ["ok"]
    errors = []
    fed = 0
    while not errors and fed < 3 * MAX_LINE_CHARS:
        out = parser.feed(b"x" * 16)  # tiny pieces: quadratic parsing would never finish
        fed += 16
        errors = [p.limit for p in out if p.limit]
    assert errors and "longer than" in errors[0] and "line limit" in errors[0]
    line = len("data: ") + fed
    assert MAX_LINE_CHARS < line <= MAX_LINE_CHARS + 16
    assert parser.feed(b"\n\n") == []  # failed streams stay failed


def test_sse_invalid_utf8_fails_and_keeps_the_text_before() -> None:
    parser = SseParserStub()
    pieces = parser.feed('data: {"text":"好"}\n\ndata: {"text":"'.encode() + b'\xff"}\n\n')
    assert pieces[0].text == "好"
    assert pieces[-1].invalid is not None and "invalid UTF-8" in pieces[-1].invalid
    assert all("\ufffd" not in p.text for p in pieces)


def test_sse_character_split_between_pieces_is_not_invalid() -> None:
    parser = SseParserStub()
    raw = 'data: {"text":"你好"}\n\n'.encode()
    pieces = [p for i in range(len(raw)) for p in parser.feed(raw[i : i + 1])]
    assert [p.text for p in pieces] == ["你好"]


def test_ndjson_endless_line_and_invalid_utf8_fail() -> None:
    parser = NdjsonParser()
    assert [p.text for p in parser.feed(b'{"text":"a"}\n')] == ["a"]
    out: list[str | None] = []
    for _ in range(MAX_LINE_CHARS // 65536 + 2):
        out += [p.limit for p in parser.feed(b"x" * 65536)]
    assert any(e and "longer than" in e for e in out)
    bad = NdjsonParser()
    pieces = bad.feed(b'{"text":"a"}\n{"text":"\xc3(b"}\n')
    assert pieces[0].text == "a" and pieces[-1].invalid and "invalid UTF-8" in pieces[-1].invalid


# -- wrong text reaching the page ---------------------------------------------------------
async def test_download_error_status_body_never_becomes_reply_text(stub: EmbeddedStub) -> None:
    config = WxConfig(network=NETWORK_PROFILES["3g"], download_fidelity="strict")
    outcome = await run_on(config, "download", "ttft_ms=0,tps=2000,status=503", stub)
    assert isinstance(outcome.end, RunFailed) and "HTTP 503" in outcome.end.error
    assert not [e for e in outcome.timeline.events if isinstance(e, ChunkReceived)]
    assert outcome.end.partial_text == ""


# -- the file sandbox -----------------------------------------------------------------------
async def test_internal_files_are_outside_the_user_tree(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls
) -> None:
    wx = make_wx()
    fs = wx.getFileSystemManager()
    task = wx.downloadFile({"url": f"{edge}/slow?delay=0.5", **calls.outcome()})
    await until(lambda: started(wx))
    user_dir = wx._sandbox.user_dir
    assert not any(user_dir.rglob("*"))  # no staging file, no temp dir visible to the page
    for path in (".wx-partial/1.part", ".wx-tmp/x"):
        with pytest.raises(Exception, match="no such file"):
            fs.readFileSync(f"{wx.env.USER_DATA_PATH}/{path}")
    task.abort()
    await calls.finished()


async def test_temp_files_are_read_only_and_symlinks_are_refused(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    wx.downloadFile({"url": f"{edge}/text?body=hi", **calls.outcome()})
    await calls.finished()
    temp = calls.first("success")["tempFilePath"]
    fs = wx.getFileSystemManager()
    assert fs.readFileSync(temp, "utf8") == "hi"
    with pytest.raises(Exception, match="permission denied"):
        fs.writeFileSync(temp, "changed")
    outside = wx._sandbox.user_dir.parent / "secret.txt"
    outside.write_text("secret")
    (wx._sandbox.temp_dir / "planted").symlink_to(outside)
    with pytest.raises(Exception, match="permission denied"):
        fs.readFileSync(f"{wx._sandbox.temp_prefix}planted")


async def test_nul_byte_in_a_path_is_a_fail_not_an_exception(wx: WxRuntime, calls: Calls) -> None:
    fs = wx.getFileSystemManager()
    bad = f"{wx.env.USER_DATA_PATH}/a\0b"
    fs.readFile({"filePath": bad, **calls.outcome()})
    fs.writeFile({"filePath": bad, "data": "x", "fail": calls.cb("write-fail")})
    await calls.until(lambda: "complete" in calls.names and "write-fail" in calls.names)
    assert calls.first("fail")["errno"] == 1300002
    with pytest.raises(Exception, match="readFileSync:fail no such file"):
        fs.readFileSync(bad)


async def test_user_storage_quota_is_enforced(
    make_wx: Callable[..., WxRuntime], calls: Calls
) -> None:
    wx = make_wx(max_user_storage_bytes=1000)
    fs = wx.getFileSystemManager()
    fs.writeFileSync(f"{wx.env.USER_DATA_PATH}/a", "x" * 600)
    fs.writeFileSync(f"{wx.env.USER_DATA_PATH}/a", "x" * 900)  # replacing counts the new size
    fs.writeFile({"filePath": f"{wx.env.USER_DATA_PATH}/b", "data": "x" * 200, **calls.outcome()})
    await calls.finished()
    assert calls.first("fail") == {
        "errMsg": "writeFile:fail the maximum size of the file storage limit is exceeded",
        "errno": 1300202,
    }


async def test_lenient_download_error_status_never_streams_its_body(
    make_wx: Callable[..., WxRuntime], edge: str
) -> None:
    # A 503 whose body trickles in: lenient partial reads would show it before `success`
    parts = quote(json.dumps(['{"error":', '{"code":"busy",', '"message":"try later"}}']))
    path = f"/chunks?parts={parts}&gap=0.1&status=503"
    profile = stub_profile(edge).with_options(
        download=Endpoint(path, "GET", "text"), trace_path=None, send_scenario=False
    )
    wx = make_wx(download_fidelity="lenient")
    outcome = await finish(create_transport("download", wx, profile), SendMessage("x"), edge)
    assert isinstance(outcome.end, RunFailed) and "HTTP 503" in outcome.end.error
    assert not [e for e in outcome.timeline.events if isinstance(e, ChunkReceived)]
