"""connectSocket / SocketTask and the legacy globals: the core's rules, then real sockets."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

import pytest

from simulator.wx import SocketClosed, SocketTask, WxRuntime
from simulator.wx.errors import InvalidArgument, NotConnected
from simulator.wx.socket_task import (
    CallClose,
    CallError,
    CallOpen,
    DropConnection,
    SendClose,
    SendFrame,
    SocketCore,
    SocketWakeup,
    check_close,
)
from tests.wx.conftest import Calls

# -- core, no sockets ----------------------------------------------------------------------


def test_core_lifecycle_open_send_close_fills_the_reason() -> None:
    core = SocketCore(timeout_ms=1000)
    core.start(at=0.0)
    core.receive_open([("Server", "x")], at=0.1)
    core.send("hi", at=0.2)
    core.close(1000, "", at=0.3)
    core.receive_close(1000, "", at=0.4)
    assert core.callbacks_to_run() == [
        SocketWakeup(1.0),
        CallOpen({"header": {"Server": "x"}}),
        SendFrame("hi"),
        SendClose(1000, ""),
        CallClose({"code": 1000, "reason": "normal closure"}),
    ]


def test_core_send_before_open_and_after_close_is_not_connected() -> None:
    core = SocketCore(timeout_ms=1000)
    with pytest.raises(NotConnected):
        core.send("early", at=0.0)
    core.receive_open([], at=0.1)
    core.receive_close(1006, "", at=0.2)
    with pytest.raises(NotConnected):
        core.send("late", at=0.3)
    assert core.callbacks_to_run()[-1] == CallClose({"code": 1006, "reason": "abnormal closure"})


def test_core_connect_timeout_reports_error_then_close() -> None:
    core = SocketCore(timeout_ms=500)
    core.start(at=0.0)
    core.callbacks_to_run()
    core.wake(at=0.5)
    assert core.callbacks_to_run() == [
        DropConnection(),
        CallError({"errMsg": "Timed out connecting to server."}),
        CallClose({"code": 1006, "reason": "abnormal closure"}),
    ]


def test_core_interrupt_closes_1000_interrupted_once_without_error() -> None:
    core = SocketCore(timeout_ms=1000)
    core.receive_open([], at=0.1)
    core.callbacks_to_run()
    core.interrupt(at=0.2)
    core.interrupt(at=0.3)
    core.receive_close(1006, "", at=0.4)  # the cut connection's own end comes too late
    assert core.callbacks_to_run() == [
        DropConnection(),
        CallClose({"code": 1000, "reason": "interrupted"}),
    ]


@pytest.mark.parametrize("code", [999, 1001, 1006, 2999, 5000])
def test_close_codes_outside_1000_and_3000_4999_are_refused(code: int) -> None:
    with pytest.raises(InvalidArgument, match=str(code)):
        check_close(code, "")


def test_close_reason_longer_than_123_bytes_is_refused() -> None:
    check_close(4000, "好" * 41)  # 123 bytes
    with pytest.raises(InvalidArgument, match="123 bytes"):
        check_close(4000, "好" * 42)


# -- against real sockets ------------------------------------------------------------------


async def test_success_comes_before_open_and_echo_round_trips_text_and_bytes(
    wx: WxRuntime, edge_ws: str, calls: Calls
) -> None:
    task = wx.connectSocket(url=f"{edge_ws}/ws/echo", **calls.outcome())

    def on_open(res: dict[str, object]) -> None:
        calls.cb("open")(res)
        task.send(data="你好", success=calls.cb("sent"))
        task.send(data=b"\x00\xff")

    task.onOpen(on_open)
    task.onMessage(calls.cb("message"))
    await calls.until(lambda: len(calls.all("message")) == 2)
    assert calls.names[:3] == ["success", "complete", "open"]
    assert calls.first("success")["errMsg"] == "connectSocket:ok"
    assert "header" in calls.first("open") and "profile" in calls.first("open")
    assert [m["data"] for m in calls.all("message")] == ["你好", b"\x00\xff"]
    assert calls.first("sent") == {"errMsg": "sendSocketMessage:ok"}


async def test_client_close_reports_the_code_and_reason(
    wx: WxRuntime, edge_ws: str, calls: Calls
) -> None:
    task = wx.connectSocket(url=f"{edge_ws}/ws/echo")
    task.onOpen(lambda _: task.close(code=4000, reason="bye", success=calls.cb("closed-call")))
    task.onClose(calls.cb("close"))
    await calls.until(lambda: "close" in calls.names)
    assert calls.first("close") == {"code": 4000, "reason": "bye"}
    assert calls.first("closed-call") == {"errMsg": "closeSocket:ok"}
    assert _state(wx, task) == "closed"


async def test_server_close_code_reaches_on_close(
    wx: WxRuntime, edge_ws: str, calls: Calls
) -> None:
    task = wx.connectSocket(url=f"{edge_ws}/ws/echo")
    task.onOpen(lambda _: task.send(data="close:4001:server says bye"))
    task.onClose(calls.cb("close"))
    await calls.until(lambda: "close" in calls.names)
    assert calls.first("close") == {"code": 4001, "reason": "server says bye"}


async def test_invalid_close_code_fails_and_keeps_the_socket_open(
    wx: WxRuntime, edge_ws: str, calls: Calls
) -> None:
    task = wx.connectSocket(url=f"{edge_ws}/ws/echo")
    task.onOpen(lambda _: task.close(code=1001, fail=calls.cb("fail")))
    await calls.until(lambda: "fail" in calls.names)
    assert calls.first("fail")["errMsg"].startswith("closeSocket:fail The code must be")
    assert _state(wx, task) == "open"


async def test_send_before_open_fails_with_not_connected(
    wx: WxRuntime, edge_ws: str, calls: Calls
) -> None:
    task = wx.connectSocket(url=f"{edge_ws}/ws/echo")
    task.send(data="too early", **calls.outcome())
    await calls.finished()
    assert calls.first("fail") == {"errMsg": "sendSocketMessage:fail WebSocket is not connected"}


async def test_rejected_handshake_gives_error_then_close_1006(
    wx: WxRuntime, edge_ws: str, calls: Calls
) -> None:
    task = wx.connectSocket(url=f"{edge_ws}/ws/reject")
    task.onError(calls.cb("error"))
    task.onClose(calls.cb("close"))
    await calls.until(lambda: "close" in calls.names)
    assert calls.names == ["error", "close"]
    assert "Invalid HTTP status 403" in calls.first("error")["errMsg"]
    assert calls.first("close") == {"code": 1006, "reason": "abnormal closure"}


async def test_connect_timeout_reports_timed_out(wx: WxRuntime, calls: Calls) -> None:
    import socket

    # A listening socket that never answers the handshake
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen()
        port = srv.getsockname()[1]
        task = wx.connectSocket(url=f"ws://127.0.0.1:{port}/", timeout=100)
        task.onError(calls.cb("error"))
        task.onClose(calls.cb("close"))
        await calls.until(lambda: "close" in calls.names)
    assert calls.first("error") == {"errMsg": "Timed out connecting to server."}


async def test_invalid_url_fails_the_call(wx: WxRuntime, calls: Calls) -> None:
    wx.connectSocket(url="http://127.0.0.1/ws", **calls.outcome())
    await calls.finished()
    assert calls.first("fail")["errMsg"] == 'connectSocket:fail invalid url "http://127.0.0.1/ws"'


async def test_sixth_socket_gets_exceed_max_task_count(
    make_wx: Callable[..., WxRuntime], edge_ws: str, calls: Calls
) -> None:
    wx = make_wx(max_sockets=5)
    tasks = [wx.connectSocket(url=f"{edge_ws}/ws/silent") for _ in range(5)]
    for i, task in enumerate(tasks):
        task.onOpen(calls.cb(f"open{i}"))
    sixth = wx.connectSocket(url=f"{edge_ws}/ws/silent", success=calls.cb("success6"))
    sixth.onError(calls.cb("error6"))
    await calls.until(lambda: "error6" in calls.names)
    assert calls.first("error6") == {"errMsg": "exceed max task count"}
    assert "success6" in calls.names  # the call itself succeeded
    await calls.until(lambda: all(f"open{i}" in calls.names for i in range(5)))
    tasks[0].close()
    tasks[0].onClose(calls.cb("closed0"))
    await calls.until(lambda: "closed0" in calls.names)
    seventh = wx.connectSocket(url=f"{edge_ws}/ws/silent")
    seventh.onOpen(calls.cb("open7"))
    await calls.until(lambda: "open7" in calls.names)


async def test_globals_follow_the_most_recent_socket_alongside_task_listeners(
    wx: WxRuntime, edge_ws: str, calls: Calls
) -> None:
    wx.onSocketMessage(calls.cb("global-ignored"))
    wx.onSocketMessage(calls.cb("global"))  # replaces the first handler
    wx.onSocketOpen(lambda _: wx.sendSocketMessage(data="ping"))
    old = wx.connectSocket(url=f"{edge_ws}/ws/echo")
    old.onOpen(calls.cb("old-open"))
    await calls.until(lambda: "old-open" in calls.names)
    new = wx.connectSocket(url=f"{edge_ws}/ws/echo")
    new.onMessage(calls.cb("task"))
    await calls.until(lambda: "global" in calls.names and "task" in calls.names)
    assert "global-ignored" not in calls.names
    assert calls.first("global") == {"data": "ping"} == calls.first("task")
    wx.closeSocket(code=1000, success=calls.cb("close-call"))
    new.onClose(calls.cb("new-closed"))
    await calls.until(lambda: "new-closed" in calls.names)
    assert _state(wx, old) == "open"


async def test_close_socket_without_an_open_socket_fails(wx: WxRuntime, calls: Calls) -> None:
    wx.closeSocket(**calls.outcome())
    await calls.finished()
    assert calls.first("fail") == {"errMsg": "closeSocket:fail WebSocket is not connected"}


async def test_stub_websocket_streams_a_reply(wx: WxRuntime, stub: object, calls: Calls) -> None:
    url = f"{stub.ws_url}/ws/chat?framing=envelope"  # type: ignore[attr-defined]
    task = wx.connectSocket(url=url)
    message = {"message": "hi", "userId": "u", "scenario": "ttft_ms=0,tps=2000"}
    task.onOpen(lambda _: task.send(data=json.dumps(message)))
    task.onMessage(calls.cb("message"))
    await calls.until(lambda: any('"done"' in m["data"] for m in calls.all("message")))
    kinds = [json.loads(m["data"])["type"] for m in calls.all("message")]
    assert kinds[0] == "start" and kinds[-1] == "done" and "chunk" in kinds


async def test_protocols_are_offered_and_the_chosen_one_is_an_event(
    wx: WxRuntime, edge_ws: str, calls: Calls
) -> None:
    from simulator.wx import SocketOpened

    opened: list[SocketOpened] = []
    wx.events.subscribe(lambda e: opened.append(e) if isinstance(e, SocketOpened) else None)
    task = wx.connectSocket(url=f"{edge_ws}/ws/echo", protocols=["chat.v1", "chat.v0"])
    task.onOpen(calls.cb("open"))
    await calls.until(lambda: "open" in calls.names)
    assert opened[0].protocol == "chat.v1"


async def test_aclose_closes_every_socket_with_1000_interrupted(
    make_wx: Callable[..., WxRuntime], edge_ws: str
) -> None:
    wx = make_wx()
    calls, events = Calls(), []
    wx.events.subscribe(events.append)
    opened = wx.connectSocket(url=f"{edge_ws}/ws/silent")
    opened.onOpen(calls.cb("open"))
    opened.onError(calls.cb("error"))
    opened.onClose(calls.cb("open-close"))
    await calls.until(lambda: "open" in calls.names)
    connecting = wx.connectSocket(url=f"{edge_ws}/ws/silent")  # most recent: the globals' one
    connecting.onClose(calls.cb("connecting-close"))
    wx.onSocketClose(calls.cb("global-close"))
    await wx.aclose()
    interrupted = {"code": 1000, "reason": "interrupted"}
    assert calls.log[1:] == [
        ("open-close", interrupted),
        ("connecting-close", interrupted),
        ("global-close", interrupted),
    ]
    assert {_state(wx, opened), _state(wx, connecting)} == {"closed"}
    closed = [(e.code, e.reason) for e in events if isinstance(e, SocketClosed)]
    assert closed == [(1000, "interrupted")] * 2
    left = [t for t in asyncio.all_tasks() if t.get_name().startswith("wx-") and not t.done()]
    assert left == []


async def test_aclose_leaves_an_already_closed_socket_alone(
    make_wx: Callable[..., WxRuntime], edge_ws: str
) -> None:
    wx = make_wx()
    calls = Calls()
    task = wx.connectSocket(url=f"{edge_ws}/ws/echo")
    task.onOpen(lambda _: task.close())
    task.onClose(calls.cb("close"))
    await calls.until(lambda: "close" in calls.names)
    await wx.aclose()
    assert calls.all("close") == [{"code": 1000, "reason": "normal closure"}]


async def test_calls_after_aclose_fail_at_once_and_open_nothing(
    make_wx: Callable[..., WxRuntime], edge: str, edge_ws: str
) -> None:
    wx = make_wx()
    await wx.aclose()
    calls = Calls()
    sock = wx.connectSocket(url=f"{edge_ws}/ws/echo")
    sock.onError(calls.cb("socket-error"))
    wx.request(url=f"{edge}/echo", **calls.outcome())
    await calls.finished()
    await calls.until(lambda: "socket-error" in calls.names)
    assert calls.first("fail")["errMsg"] == "request:fail interrupted"
    assert calls.first("socket-error") == {"errMsg": "interrupted"}
    assert [t for t in asyncio.all_tasks() if t.get_name().startswith("wx-")] == []


def _state(wx: WxRuntime, task: SocketTask) -> str | None:
    """A socket's state as the network log (not the emulated task) shows it."""
    flow = wx.flows.get(task.flow_id)
    return flow.state if flow is not None else None


class _Page:
    """Stands for the page's state a listener closes over (only a weak reference is kept)."""


async def test_a_closed_task_lets_go_of_its_listeners_and_still_refuses_calls(
    wx: WxRuntime, edge_ws: str, calls: Calls
) -> None:
    import weakref

    page = _Page()
    alive = weakref.ref(page)
    task = wx.connectSocket(url=f"{edge_ws}/ws/echo")
    task.onOpen(lambda _, page=page: task.close(code=1000))
    task.onMessage(lambda res, page=page: calls.log.append(("message", res)))
    task.onClose(calls.cb("close"))
    del page
    await calls.until(lambda: "close" in calls.names)
    await asyncio.sleep(0)
    # Closed is final: the task no longer holds the page's callbacks (freed by refcount)...
    assert alive() is None
    # ...and later calls still fail as the platform's do
    task.send(data="late", fail=calls.cb("send-fail"))
    task.close(code=1000, fail=calls.cb("close-fail"))
    task.close(code=1001, fail=calls.cb("bad-code"))
    await calls.until(lambda: {"send-fail", "close-fail", "bad-code"} <= set(calls.names))
    not_connected = "sendSocketMessage:fail WebSocket is not connected"
    assert calls.first("send-fail") == {"errMsg": not_connected}
    assert calls.first("close-fail") == {"errMsg": "closeSocket:fail WebSocket is not connected"}
    assert calls.first("bad-code")["errMsg"].startswith("closeSocket:fail The code must be")
