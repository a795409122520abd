"""The asyncio shell of `wx.connectSocket`: a websockets client feeding a `SocketCore`."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import (
    ConnectionClosed,
    InvalidHandshake,
    InvalidStatus,
    SecurityError,
)
from websockets.protocol import State
from websockets.typing import Subprotocol

from simulator.wx import events as ev
from simulator.wx.callbacks import Outcome, invoke
from simulator.wx.delivery import Conveyor
from simulator.wx.errors import WxError
from simulator.wx.host import Host, epoch_ms
from simulator.wx.payload import wire_size
from simulator.wx.socket_task import (
    CallClose,
    CallError,
    CallMessage,
    CallOpen,
    DropConnection,
    SendClose,
    SendFrame,
    SocketCore,
    SocketTask,
    SocketWakeup,
)
from simulator.wx.ws_direct import DirectConnection

logger = logging.getLogger("simulator.wx")

GlobalHandlers = dict[str, Callable[[dict[str, Any]], object] | None]
FAILED_BY_US = (1007, 1009)
"""Close codes of a connection we fail ourselves (RFC 6455 §7.1.7): the page gets onError,
then onClose with that code, whether or not the peer answers the closing handshake."""


class SocketExchange:
    """Runs one socket: connect (with the profile's delay and the timeout), read messages
    through the conveyor, write frames in order from one sender coroutine."""

    def __init__(
        self,
        host: Host,
        flow_id: int,
        url: str,
        headers: dict[str, str],
        protocols: list[str] | None,
        core: SocketCore,
        compression: bool,
        is_current: Callable[[SocketExchange], bool],
        handlers: GlobalHandlers,
        on_closed: Callable[[SocketExchange], None],
    ) -> None:
        self.host = host
        self.flow_id = flow_id
        self.url = url
        self.headers = headers
        self.protocols = protocols
        self.core = core
        self.compression = compression
        self.task = SocketTask(flow_id, self.send, self.close)
        self.conveyor = Conveyor(host.network, None, host.rng(flow_id), host.loop)
        self.read_at = 0.0
        self._size = 0  # wire bytes of the message being delivered (from its parsed frame)
        self._is_current = is_current
        self._handlers = handlers
        self._on_closed = on_closed
        self._outbox: asyncio.Queue[SendFrame | SendClose] = asyncio.Queue()
        self._io: asyncio.Task[None] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._started_at = 0.0
        self._ws: ClientConnection | None = None
        self._paused: asyncio.Task[None] | None = None
        """Resumes reading once the page's backlog drained (see `_received`)."""
        self.protocol: str | None = None
        self._open_headers: tuple[tuple[str, str], ...] = ()
        self._handshake: tuple[tuple[str, str], ...] = ()
        """The subprotocol the server chose, once open."""

    # -- page calls ------------------------------------------------------------------------
    def start(self) -> None:
        if self.core.state != "connecting":
            return  # closed before its turn came (runtime shut down in the same loop turn)
        self._started_at = self.host.now()
        self.core.start(self._started_at)
        self.dispatch()
        self._io = self.host.spawn(self._run(), name=f"wx-socket-{self.flow_id}")

    def fail_at_once(self, err_msg: str) -> None:
        """Over the limit or offline: onError only; the task never opens."""
        self.core.state = "closed"
        self.host.emit(ev.TaskFailed(self.flow_id, self.host.now(), err_msg, None))
        self._fire(self.task._error_listeners, "onSocketError", {"errMsg": err_msg})
        self._on_closed(self)
        self._release()

    def drop(self, err_msg: str) -> None:
        """The network went away under the socket: onError, onClose 1006, no close frame."""
        self.core.receive_error(err_msg, self.host.now())
        self.dispatch()
        if self._io is not None:
            self._io.cancel()

    def interrupt(self) -> None:
        """The runtime shuts down: the page gets onClose 1000 "interrupted"; the connection
        is cut without a close frame (a killed app gets no closing handshake)."""
        self.core.interrupt(self.host.now())
        self.dispatch()

    def send(self, data: str | bytes, outcome: Outcome, api: str) -> None:
        at = self.host.now()
        if not _accepted(self.host, lambda: self.core.send(data, at), outcome, api):
            return
        size = wire_size(data)
        self.host.emit(
            ev.FrameSent(self.flow_id, self.host.now(), size, isinstance(data, bytes), data)
        )
        self.dispatch()
        self.host.call_soon(outcome.succeed, {"errMsg": f"{api}:ok"})

    def close(self, code: int, reason: str, outcome: Outcome, api: str) -> None:
        at = self.host.now()
        if not _accepted(self.host, lambda: self.core.close(code, reason, at), outcome, api):
            return
        self.host.call_soon(outcome.succeed, {"errMsg": f"{api}:ok"})
        # onClose (close before open) runs on a later turn, after connectSocket's success
        self.host.call_soon(self.dispatch)

    # -- I/O -------------------------------------------------------------------------------
    async def _run(self) -> None:
        delay = self.conveyor.uplink_delay(0)
        if delay:
            await asyncio.sleep(delay)
        try:
            ws = await connect(
                self.url,
                additional_headers=self.headers,
                subprotocols=[Subprotocol(p) for p in self.protocols or []] or None,
                compression="deflate" if self.compression else None,
                open_timeout=None,
                ping_interval=None,
                close_timeout=2,
                # Bounded: a bigger frame is refused from its header (close 1009), not read
                max_size=self.host.config.max_socket_message_bytes,
                proxy=None,
                user_agent_header=None,
                create_connection=DirectConnection,
            )
        except InvalidStatus as exc:
            # Device text seen in the forum (wx-api-semantics §2.3), with the status added
            status = exc.response.status_code
            msg = f"exception onOpen fail code:20, msg:Invalid HTTP status {status}."
            self._later(lambda: self._error(msg))
            return
        except socket.gaierror:  # the name did not resolve: nothing refused anything
            self._later(lambda: self._error("net::ERR_NAME_NOT_RESOLVED"))
            return
        except (TimeoutError, OSError, InvalidHandshake) as exc:
            detail = f"net::ERR_CONNECTION_REFUSED ({type(exc).__name__})"
            too_big = exc if isinstance(exc, SecurityError) else exc.__cause__
            if isinstance(too_big, SecurityError):
                # Over the client's bound on the handshake response (websockets: 128 headers,
                # 8 KiB lines): the server's doing, not a refusal
                detail = f"net::ERR_RESPONSE_HEADERS_TOO_BIG ({too_big})"
            self._later(lambda: self._error(detail))
            return
        self._ws = ws
        sender = self.host.spawn(self._send_loop(ws), name=f"wx-socket-send-{self.flow_id}")
        refused: int | None = None  # the close code we failed the connection with
        try:
            raw = [(k, v) for k, v in ws.response.headers.raw_items()] if ws.response else []
            if ws.request is not None:  # the handshake as sent, for the log and HAR
                self._handshake = tuple(ws.request.headers.raw_items())
            self._later(lambda: self._opened(raw, ws.subprotocol))
            assert isinstance(ws, DirectConnection)
            ws.deliver_to(self._received)  # each message as it is parsed, not via recv()
            async for _ in ws:  # so this only waits for the close
                pass
        except ConnectionClosed as exc:
            # We failed the connection (we sent 1009 or 1007 first), not the peer closing so
            ours = exc.sent is not None and exc.sent.code in FAILED_BY_US and not exc.rcvd_then_sent
            if ours and exc.sent is not None:
                refused = exc.sent.code
                msg = self._failure_text(refused, ws)
                self._later(lambda: self._refused(msg))
        finally:
            sender.cancel()
            self._ws = None
            if self._paused is not None:
                self._paused.cancel()
            if ws.state is not State.CLOSED:
                # Cancelled: the runtime shuts down or the network dropped. No close
                # handshake (it could be cancelled in turn and leak the transport).
                ws.transport.abort()
        if refused is None and isinstance(ws, DirectConnection) and ws.invalid_text is not None:
            # We failed it with 1007, but the peer's own close came in the same read (parsed
            # first, answered by websockets): still our failure, never a clean close
            refused = 1007
            msg = self._failure_text(refused, ws)
            self._later(lambda: self._refused(msg))
        code = ws.close_code if ws.close_code is not None else 1006
        reason = ws.close_reason or ""
        if refused is not None:  # our code, whether or not the peer completed the handshake
            code, reason = refused, ""
        self._later(lambda: self._closed(code, reason))

    def _failure_text(self, code: int, ws: ClientConnection) -> str:
        """onError's errMsg when we failed the connection with `code` (1009 or 1007)."""
        if code == 1009:
            return f"message too big: over {self.host.config.max_socket_message_bytes} bytes"
        why = ws.invalid_text if isinstance(ws, DirectConnection) else None
        return f"invalid frame payload data: text message is not UTF-8 ({why or 'invalid'})"

    async def _send_loop(self, ws: ClientConnection) -> None:
        while True:
            item = await self._outbox.get()
            payload = len(item.data) if isinstance(item, SendFrame) else 0
            delay = self.conveyor.uplink_delay(payload if isinstance(payload, int) else 0)
            if delay:
                await asyncio.sleep(delay)
            try:
                if isinstance(item, SendFrame):
                    await ws.send(item.data)
                else:
                    await ws.close(item.code, item.reason)
            except ConnectionClosed:
                return

    def _received(self, message: str | bytes, read_at: float, size: int) -> None:
        if self.conveyor.passing_through:  # no profile delay: straight to the page
            self._message(message, read_at, size)
            return
        self.conveyor.push_event(_bind(self._message, message, read_at, size), read_at, size)
        backlog = self.host.config.chunk_backlog_bytes
        if self.conveyor.backlog_bytes > backlog and self._paused is None and self._ws:
            # A slow emulated link: stop reading (the peer waits, as with a full TCP window)
            # until the page has taken half, so messages never pile up in memory.
            self._ws.transport.pause_reading()
            self._paused = self.host.spawn(self._resume(backlog // 2), name="wx-socket-resume")

    async def _resume(self, low: int) -> None:
        try:
            await self.conveyor.wait_below(low)
        finally:
            self._paused = None
            if self._ws is not None and not self._ws.transport.is_closing():
                self._ws.transport.resume_reading()

    def _later(self, fn: Callable[[], None]) -> None:
        self.conveyor.push_event(fn, self.host.now())

    def _opened(self, raw: list[tuple[str, str]], protocol: str | None) -> None:
        logger.debug("= socket %d open (%s)", self.flow_id, self.url)
        self.protocol = protocol
        self._open_headers = tuple(raw)
        extra = None
        if self.host.config.platform == "device":
            now = self.host.now()
            handshake = int((now - self._started_at) * 1000)
            extra = {
                "profile": {  # SocketProfile (T#L12140); DNS is inside the connect here
                    "fetchStart": epoch_ms(self._started_at),
                    "domainLookUpStart": epoch_ms(self._started_at),
                    "domainLookUpEnd": epoch_ms(self._started_at),
                    "connectStart": epoch_ms(self._started_at),
                    "connectEnd": epoch_ms(now),
                    "handshakeCost": handshake,
                    "cost": handshake,
                    "rtt": int(self.conveyor.profile.latency_ms) or handshake,
                }
            }
        self.core.receive_open(raw, self.host.now(), extra)
        self.dispatch()

    def _message(self, data: str | bytes, read_at: float, size: int) -> None:
        self.read_at, self._size = read_at, size
        self.core.receive_message(data, self.host.now())
        self.dispatch()

    def _closed(self, code: int, reason: str) -> None:
        logger.debug("= socket %d closed %d %r", self.flow_id, code, reason)
        self.core.receive_close(code, reason, self.host.now())
        self.dispatch()

    def _refused(self, err_msg: str) -> None:
        """We failed the connection (1009 over the size bound, 1007 on text that is not
        UTF-8): onError now, onClose with our code follows."""
        if self.core.state != "closed":
            self.host.emit(ev.TaskFailed(self.flow_id, self.host.now(), err_msg, None))
            self._fire(self.task._error_listeners, "onSocketError", {"errMsg": err_msg})

    def _error(self, err_msg: str) -> None:
        logger.debug("! socket %d: %s", self.flow_id, err_msg)
        self.core.receive_error(err_msg, self.host.now())
        self.dispatch()

    def _wake(self) -> None:
        self._timer = None
        self.core.wake(self.host.now())
        self.dispatch()

    # -- outputs ---------------------------------------------------------------------------
    def dispatch(self) -> None:
        for out in self.core.callbacks_to_run():
            at = self.host.now()
            if type(out) is CallMessage:  # the one output per chunk: tested first
                data = out.data
                self.host.emit(
                    ev.FrameReceived(
                        self.flow_id, at, self._size, isinstance(data, bytes), self.read_at, data
                    )
                )
                self._fire(self.task._message_listeners, "onSocketMessage", {"data": data})
            elif isinstance(out, SocketWakeup):
                self._timer = self.host.loop.call_later(max(0.0, out.at - at), self._wake)
            elif isinstance(out, CallOpen):
                self._cancel_timer()
                self.host.emit(
                    ev.SocketOpened(
                        self.flow_id, at, self.protocol, self._open_headers, self._handshake
                    )
                )
                self._fire(self.task._open_listeners, "onSocketOpen", out.res)
            elif isinstance(out, CallError):
                self.host.emit(ev.TaskFailed(self.flow_id, at, out.res["errMsg"], None))
                self._fire(self.task._error_listeners, "onSocketError", out.res)
            elif isinstance(out, CallClose):
                self._cancel_timer()
                self.conveyor.cancel()
                self.host.emit(
                    ev.SocketClosed(self.flow_id, at, out.res["code"], out.res["reason"])
                )
                self._on_closed(self)
                self._fire(self.task._close_listeners, "onSocketClose", out.res)
                self._release()
            elif isinstance(out, SendFrame | SendClose):
                self._outbox.put_nowait(out)
            elif isinstance(out, DropConnection) and self._io is not None:
                self._io.cancel()

    def _fire(self, listeners: Any, global_name: str, res: dict[str, Any]) -> None:
        listeners.fire(res)
        # Legacy globals follow the most recently created socket (wx-api-semantics §2.4)
        if self._is_current(self):
            invoke(self._handlers.get(global_name), res)

    def _release(self) -> None:
        """Closed is final: the task's late calls fail on a closed core of their own, and the
        task lets go of this exchange and the page's listeners (see `SocketTask._release`)."""
        closed = _ClosedSocket(self.host, self.core)
        self.task._release(closed.send, closed.close)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


class _ClosedSocket:
    """What a finished task's `send`/`close` reach: its closed core refuses them as the
    platform does, and nothing else of the exchange is held."""

    __slots__ = ("core", "host")

    def __init__(self, host: Host, core: SocketCore) -> None:
        self.host = host
        self.core = core

    def send(self, data: str | bytes, outcome: Outcome, api: str) -> None:
        at = self.host.now()
        _accepted(self.host, lambda: self.core.send(data, at), outcome, api)

    def close(self, code: int, reason: str, outcome: Outcome, api: str) -> None:
        at = self.host.now()
        _accepted(self.host, lambda: self.core.close(code, reason, at), outcome, api)


def _accepted(host: Host, call: Callable[[], None], outcome: Outcome, api: str) -> bool:
    """Run a page call on a core; a refusal goes to `fail`/`complete` on a later turn."""
    try:
        call()
    except WxError as exc:
        host.call_soon(outcome.failed, exc.fail_result(api))
        return False
    return True


def _bind(
    fn: Callable[[str | bytes, float, int], None], data: str | bytes, at: float, size: int
) -> Callable[[], None]:
    return lambda: fn(data, at, size)
