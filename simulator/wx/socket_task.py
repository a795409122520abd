"""`wx.connectSocket`: the platform's rules for one WebSocket (sans-IO core) and `SocketTask`.

    core = SocketCore(timeout_ms=60000)
    core.start(at=0.0)                        # -> SocketWakeup(60.0)
    core.receive_open([("x", "1")], at=0.01)  # -> CallOpen({"header": {"x": "1"}})
    core.send("hi", at=0.02)                  # -> SendFrame("hi")
    core.close(1000, "", at=0.03)             # -> SendClose(1000, "")
    core.receive_close(1000, "", at=0.04)     # -> CallClose({"code": 1000, "reason": ...})

The shell (`socket_driver.py`) does the I/O and runs the `Call*` outputs on the task's
listeners (and on the global `wx.onSocket*` handlers when this is the current socket).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from simulator.wx.callbacks import Callback, Listeners, Outcome, Result
from simulator.wx.errors import InvalidArgument, NotConnected
from simulator.wx.options import object_form
from simulator.wx.payload import header_dict

SocketState = Literal["connecting", "open", "closing", "closed"]

# Reasons filled in when the peer gave none (the DevTools simulator's table; devices report
# "normal closure" / "abnormal closure" the same way, wx-api-semantics §2.3).
CLOSE_REASONS = {
    1000: "normal closure", 1001: "going away", 1002: "protocol error",
    1003: "unsupported data", 1005: "no status rcvd", 1006: "abnormal closure",
    1007: "invalid frame payload data", 1008: "policy violation", 1009: "message too big",
    1010: "mandatory ext.", 1011: "internal server error", 1015: "tls handshake",
}  # fmt: skip
MAX_REASON_BYTES = 123


def check_close(code: int, reason: str) -> None:
    """The close-code rule. WeChat's docs are silent beyond "default 1000" and "≤123 bytes";
    we apply the WebSocket API rule its runtimes follow (1000 or 3000–4999).

    Raises:
        InvalidArgument: with the browser's wording.
    """
    if code != 1000 and not 3000 <= code <= 4999:
        raise InvalidArgument(
            f"The code must be either 1000, or between 3000 and 4999. {code} is neither."
        )
    if len(reason.encode()) > MAX_REASON_BYTES:
        raise InvalidArgument(f"The message must not be greater than {MAX_REASON_BYTES} bytes.")


@dataclass(frozen=True, slots=True)
class SocketWakeup:
    at: float


@dataclass(frozen=True, slots=True)
class CallOpen:
    res: Result


@dataclass(frozen=True, slots=True)
class CallMessage:
    data: str | bytes


@dataclass(frozen=True, slots=True)
class CallError:
    res: Result


@dataclass(frozen=True, slots=True)
class CallClose:
    res: Result


@dataclass(frozen=True, slots=True)
class SendFrame:
    data: str | bytes


@dataclass(frozen=True, slots=True)
class SendClose:
    code: int
    reason: str


@dataclass(frozen=True, slots=True)
class DropConnection:
    """Cut the connection without a closing handshake (close before open, the connect
    timeout, the runtime shutting down)."""


SocketOutput = (
    SocketWakeup | CallOpen | CallMessage | CallError | CallClose | SendFrame | SendClose
    | DropConnection
)  # fmt: skip


class SocketCore:
    """One socket's state: connecting → open → closing → closed, each event once, in order."""

    def __init__(self, timeout_ms: int) -> None:
        self.timeout_ms = timeout_ms
        self.state: SocketState = "connecting"
        self.deadline: float | None = None
        self._out: list[SocketOutput] = []

    def callbacks_to_run(self) -> list[SocketOutput]:
        out, self._out = self._out, []
        return out

    def start(self, at: float) -> None:
        self.deadline = at + self.timeout_ms / 1000
        self._out.append(SocketWakeup(self.deadline))

    def receive_open(
        self, raw_headers: list[tuple[str, str]], at: float, extra: Result | None = None
    ) -> None:
        if self.state != "connecting":
            return
        self.state = "open"
        res: Result = {"header": header_dict(raw_headers)[0]}
        if extra:
            res.update(extra)
        self._out.append(CallOpen(res))

    def receive_message(self, data: str | bytes, at: float) -> None:
        if self.state in ("open", "closing"):
            self._out.append(CallMessage(data))

    def receive_close(self, code: int, reason: str, at: float) -> None:
        if self.state == "closed":
            return
        self.state = "closed"
        self._out.append(CallClose({"code": code, "reason": reason or CLOSE_REASONS.get(code, "")}))

    def receive_error(self, err_msg: str, at: float) -> None:
        """The connection failed before or while open: `onError`, then `onClose` 1006."""
        if self.state == "closed":
            return
        self._out.append(CallError({"errMsg": err_msg}))
        self.receive_close(1006, "", at)

    def interrupt(self, at: float) -> None:
        """The mini-program is destroyed: no onError, `onClose` 1000 "interrupted" (the pair
        pages log when WeChat kills a backgrounded mini-program, wx-api-semantics §2.3)."""
        if self.state == "closed":
            return
        self._out.append(DropConnection())
        self.state = "closed"
        self._out.append(CallClose({"code": 1000, "reason": "interrupted"}))

    def wake(self, at: float) -> None:
        if self.state == "connecting" and self.deadline is not None and at >= self.deadline:
            self._out.append(DropConnection())
            self.receive_error("Timed out connecting to server.", at)  # DevTools' text

    def send(self, data: str | bytes, at: float) -> None:
        """Raises `NotConnected` unless open, `InvalidArgument` for other data types."""
        if self.state != "open":
            raise NotConnected()
        if not isinstance(data, str | bytes):
            raise InvalidArgument("parameter error: parameter.data should be String/ArrayBuffer")
        self._out.append(SendFrame(data))

    def close(self, code: int, reason: str, at: float) -> None:
        """Raises `InvalidArgument` on a bad code or reason, `NotConnected` once closed."""
        check_close(code, reason)
        if self.state == "connecting":
            # Like a browser: closing before the handshake ends abandons the connection.
            self._out.append(DropConnection())
            self.receive_close(1006, "", at)
        elif self.state == "open":
            self.state = "closing"
            self._out.append(SendClose(code, reason))
        elif self.state == "closed":
            raise NotConnected()


class SocketTask:
    """What `wx.connectSocket` returns. `onX` adds a listener (SocketTask has no `offX`)."""

    def __init__(
        self,
        flow_id: int,
        send: Callable[[str | bytes, Outcome, str], None],
        close: Callable[[int, str, Outcome, str], None],
    ) -> None:
        self.flow_id = flow_id
        """Links the task to `wx.events` / `wx.flows` (not a platform attribute)."""
        # Listener lists stay private: the platform's page documents only the methods
        self._open_listeners = Listeners()
        self._message_listeners = Listeners()
        self._error_listeners = Listeners()
        self._close_listeners = Listeners()
        self._send = send
        self._close = close

    @object_form
    def send(
        self,
        data: str | bytes,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> None:
        """Send one message; before open or after close `fail` gets
        `sendSocketMessage:fail WebSocket is not connected` (device text)."""
        self._send(data, Outcome(success, fail, complete), "sendSocketMessage")

    @object_form
    def close(
        self,
        code: int = 1000,
        reason: str = "",
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> None:
        """Close with `code` (1000 or 3000–4999) and `reason` (≤123 bytes)."""
        self._close(code, reason, Outcome(success, fail, complete), "closeSocket")

    def _release(
        self,
        send: Callable[[str | bytes, Outcome, str], None],
        close: Callable[[int, str, Outcome, str], None],
    ) -> None:
        """The socket is finished: no listener runs again, and later `send`/`close` calls go
        to `send`/`close`. Letting go of the page's callbacks and of the exchange means a
        finished socket is freed by reference counting at once, not by the cyclic collector
        (whose pauses grow with the garbage and, with many users, stall every stream)."""
        for listeners in (
            self._open_listeners,
            self._message_listeners,
            self._error_listeners,
            self._close_listeners,
        ):
            listeners.off()
        self._send, self._close = send, close

    def onOpen(self, callback: Callback) -> None:
        """`callback({"header", "profile"?})` when the handshake completes."""
        self._open_listeners.on(callback)

    def onMessage(self, callback: Callback) -> None:
        """`callback({"data": str | bytes})` for every message (binary frames as bytes)."""
        self._message_listeners.on(callback)

    def onError(self, callback: Callback) -> None:
        """`callback({"errMsg"})` when connecting fails or the limit is exceeded."""
        self._error_listeners.on(callback)

    def onClose(self, callback: Callback) -> None:
        """`callback({"code", "reason"})` once, when the socket is closed."""
        self._close_listeners.on(callback)
