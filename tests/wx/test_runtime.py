"""The runtime as a whole: exports, platform switches, base library versions, shutdown."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

import simulator.wx
from simulator.wx import CallFailed, WxRuntime
from tests.wx.conftest import Calls

EXPORTED = {
    "NETWORK_PROFILES", "Aborted", "CallFailed", "ChunkReceived", "ChunkSlicing", "DownloadTask",
    "EventStream", "FileRead", "FileSystemError", "FileSystemManager", "Flow", "FlowLog",
    "FrameReceived", "FrameSent", "HeadersReceived", "InvalidArgument", "NetworkError",
    "NetworkProfile", "NetworkTimeout", "NotConnected", "ProgressUpdated", "RequestTask",
    "SocketClosed", "SocketOpened", "SocketTask", "TaskCompleted", "TaskFailed",
    "TaskLimitExceeded", "TaskPromise", "TaskQueued", "TaskStarted", "TimedOut", "WxAsync",
    "WxConfig", "WxError", "WxEvent", "WxRuntime",
}  # fmt: skip


def test_public_api_is_pinned() -> None:
    assert set(simulator.wx.__all__) == EXPORTED
    for name in EXPORTED:
        assert getattr(simulator.wx, name) is not None


def test_can_i_use_follows_the_base_library_version() -> None:
    new = WxRuntime(simulator.wx.WxConfig(base_library_version="3.6.5"))
    old = WxRuntime(simulator.wx.WxConfig(base_library_version="2.19.0"))
    assert new.canIUse("RequestTask.onChunkReceived")
    assert not old.canIUse("RequestTask.onChunkReceived")
    assert old.canIUse("RequestTask.onHeadersReceived")
    assert not new.canIUse("wx.noSuchThing")


async def test_old_base_library_has_no_on_chunk_received(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls
) -> None:
    wx = make_wx(base_library_version="2.19.0")
    task = wx.request(url=f'{edge}/chunks?parts=["a","b"]', enableChunked=True, **calls.outcome())
    with pytest.raises(TypeError, match="onChunkReceived is not a function"):
        task.onChunkReceived(calls.cb("chunk"))
    await calls.finished()
    assert calls.first("success")["data"] == "ab"  # enableChunked unknown: a normal request


async def test_pc_platform_gives_no_chunks_and_the_whole_body_in_success(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls
) -> None:
    wx = make_wx(platform="pc")
    task = wx.request(url=f'{edge}/chunks?parts=["a","b"]', enableChunked=True, **calls.outcome())
    task.onChunkReceived(calls.cb("chunk"))
    await calls.finished()
    assert calls.names == ["success", "complete"]
    assert calls.first("success")["data"] == "ab"
    assert "profile" not in calls.first("success")


async def test_devtools_headers_received_has_no_status_code(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls
) -> None:
    wx = make_wx(platform="devtools")
    task = wx.request(url=f"{edge}/echo", **calls.outcome())
    task.onHeadersReceived(calls.cb("headers"))
    await calls.finished()
    assert "statusCode" not in calls.first("headers")
    assert "header" in calls.first("headers")


async def test_aclose_aborts_open_tasks_and_leaves_nothing_running(
    make_wx: Callable[..., WxRuntime], edge: str, edge_ws: str
) -> None:
    wx = make_wx()
    calls = Calls()
    wx.request(url=f"{edge}/slow?delay=5", **calls.outcome())
    sock = wx.connectSocket(url=f"{edge_ws}/ws/silent")
    opened = Calls()
    sock.onOpen(opened.cb("complete"))
    await opened.finished()
    before = {t for t in asyncio.all_tasks() if t is not asyncio.current_task()}
    assert any(t.get_name().startswith("wx-") for t in before)
    await wx.aclose()
    assert calls.first("fail")["errMsg"] == "request:fail abort"
    left = [t for t in asyncio.all_tasks() if t.get_name().startswith("wx-") and not t.done()]
    assert left == []


async def test_aio_request_returns_success_and_raises_on_fail(wx: WxRuntime, edge: str) -> None:
    res = await wx.aio.request(url=f"{edge}/status/201")
    assert res["statusCode"] == 201
    with pytest.raises(CallFailed) as info:
        await wx.aio.request(url=f"{edge}/slow?delay=3", timeout=50)
    assert info.value.res["errMsg"] == "request:fail timeout"


async def test_aio_keeps_task_methods_on_the_awaitable(wx: WxRuntime, edge: str) -> None:
    chunks: list[bytes] = []
    promise = wx.aio.request(url=f'{edge}/chunks?parts=["a","b"]', enableChunked=True)
    promise.task.onChunkReceived(lambda res: chunks.append(res["data"]))
    await promise
    assert b"".join(chunks) == b"ab"
    aborted = wx.aio.request(url=f"{edge}/slow?delay=3")
    aborted.abort()
    with pytest.raises(CallFailed, match="request:fail abort"):
        await aborted


async def test_aio_connect_socket_resolves_before_open(wx: WxRuntime, edge_ws: str) -> None:
    task = await wx.aio.connectSocket(url=f"{edge_ws}/ws/echo")
    opened = Calls()
    task.onOpen(opened.cb("complete"))  # attached after await: still in time
    await opened.finished()
    await wx.aio.sendSocketMessage(data="x")
    await wx.aio.closeSocket()


async def test_network_change_fails_running_tasks_and_drops_sockets(
    make_wx: Callable[..., WxRuntime], edge: str, edge_ws: str
) -> None:
    from simulator.wx import NETWORK_PROFILES

    wx = make_wx()
    request, download, sock_calls = Calls(), Calls(), Calls()
    wx.request(url=f"{edge}/slow?delay=5", **request.outcome())
    wx.downloadFile(url=f"{edge}/slow?delay=5", **download.outcome())
    sock = wx.connectSocket(url=f"{edge_ws}/ws/silent")
    sock.onOpen(sock_calls.cb("open"))
    sock.onError(sock_calls.cb("error"))
    sock.onClose(sock_calls.cb("close"))
    await sock_calls.until(lambda: "open" in sock_calls.names)
    wx.simulate_network_change(NETWORK_PROFILES["offline"])
    await request.finished()
    await download.finished()
    detail = "errcode:10011 cronet_error_code:0 error_msg:network change, cancel all task"
    assert request.first("fail") == {"errMsg": f"request:fail {detail}", "errno": 600001}
    assert download.first("fail")["errMsg"] == f"downloadFile:fail {detail}"
    assert sock_calls.names == ["open", "error", "close"]
    assert sock_calls.first("close")["code"] == 1006
    assert wx.network.offline
    later = Calls()
    wx.request(url=f"{edge}/echo", **later.outcome())
    await later.finished()
    assert "ERR_INTERNET_DISCONNECTED" in later.first("fail")["errMsg"]
