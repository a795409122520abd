"""Messages handed on from `data_received` (ws_direct): order, fragments, binary, bad UTF-8."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from websockets.asyncio.server import ServerConnection, serve
from websockets.frames import Frame, Opcode

from simulator.wx import WxRuntime
from tests.wx.conftest import Calls

TEXT = "流式输出 é ✓"


async def _scripted(ws: ServerConnection) -> None:
    # Sent right after the handshake: these can share the 101 response's TCP read.
    for i in range(20):
        await ws.send(f"m{i}")
    await ws.send([TEXT[:3], TEXT[3:]])  # one text message in fragments
    raw = TEXT.encode()
    await ws.send([raw[:4], raw[4:]], text=True)  # a fragment boundary inside a character
    await ws.send(b"\x00\xffbin")
    mode = ws.request.path if ws.request is not None else "/"
    if mode == "/bad":
        ws.protocol.send_frame(Frame(Opcode.TEXT, b"ok\xff\xfe"))
        ws.send_data()
        await ws.wait_closed()
        return
    await ws.close(1000, "bye")


@pytest.fixture
async def server() -> AsyncIterator[str]:
    async with serve(_scripted, "127.0.0.1", 0) as srv:
        port = srv.sockets[0].getsockname()[1]
        yield f"ws://127.0.0.1:{port}"


async def _run(make_wx: Callable[..., WxRuntime], calls: Calls, url: str) -> list[Any]:
    wx = make_wx()
    task = wx.connectSocket(url=url)
    task.onOpen(calls.cb("open"))
    task.onMessage(calls.cb("message"))
    task.onClose(calls.cb("close"))
    task.onError(calls.cb("error"))
    await calls.until(lambda: "close" in calls.names, timeout=10)
    flow = wx.flows.get(task.flow_id)
    assert flow is not None and flow.chunks == len(calls.all("message"))
    return [m["data"] for m in calls.all("message")]


async def test_every_message_arrives_in_order_after_open(
    make_wx: Callable[..., WxRuntime], calls: Calls, server: str
) -> None:
    data = await _run(make_wx, calls, server + "/")
    assert calls.names[0] == "open" and calls.names[-1] == "close"
    assert data == [f"m{i}" for i in range(20)] + [TEXT, TEXT, b"\x00\xffbin"]
    assert calls.first("close") == {"code": 1000, "reason": "bye"}


async def test_invalid_utf8_text_fails_the_connection(
    make_wx: Callable[..., WxRuntime], calls: Calls, server: str
) -> None:
    data = await _run(make_wx, calls, server + "/bad")
    assert data[-1] == b"\x00\xffbin"  # everything before the bad frame, nothing of it
    # We fail the connection (close frame 1007, RFC 6455 §8.1), and say so as for our 1009:
    # onError with the reason, then onClose 1007 whether or not the peer echoes the close.
    assert calls.first("close")["code"] == 1007
    assert "not UTF-8" in calls.first("error")["errMsg"]
    assert calls.names.index("error") < calls.names.index("close")
