"""`wx.request`: the platform's rules for one request (sans-IO core) and the `RequestTask`.

    core = RequestCore(RequestOptions(enable_chunked=True))
    core.start(at=0.0)                      # -> RequestWakeup(at=60.0) for the timeout
    core.receive_headers(200, [], at=0.05)
    core.receive_data("你".encode()[:2], at=0.06)
    core.callbacks_to_run()  # [RequestWakeup, CallHeadersReceived, CallChunkReceived]

The shell (`http_driver.py`) feeds it what arrived and runs what `callbacks_to_run` returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from simulator.wx.callbacks import Callback, Listeners, Result, release_task
from simulator.wx.errors import Aborted, TimedOut, WxError
from simulator.wx.payload import charset_of, decode_body, header_dict


@dataclass(frozen=True, slots=True)
class RequestOptions:
    """The options of `wx.request` the core's rules depend on (already defaulted)."""

    enable_chunked: bool = False
    data_type: str = "json"
    response_type: str = "text"
    timeout_ms: int = 60_000
    headers_with_status: bool = True
    """False in DevTools: "目前开发者工具上不会返回 statusCode 字段" (typings)."""
    api: str = "request"


@dataclass(frozen=True, slots=True)
class RequestWakeup:
    """Call `wake(at)` at this monotonic time (the timeout)."""

    at: float


@dataclass(frozen=True, slots=True)
class CallHeadersReceived:
    res: Result


@dataclass(frozen=True, slots=True)
class CallChunkReceived:
    data: bytes


@dataclass(frozen=True, slots=True)
class CallSuccess:
    res: Result


@dataclass(frozen=True, slots=True)
class CallFail:
    res: Result
    error: WxError


RequestOutput = RequestWakeup | CallHeadersReceived | CallChunkReceived | CallSuccess | CallFail
OutT = TypeVar("OutT")


class TimedCore(Generic[OutT]):
    """What the request and download cores share: the output queue, the timeout, the end.

    Subclasses add their inputs and end with `receive_error` (which sets `done`).
    """

    def __init__(self, timeout_ms: int) -> None:
        self.timeout_ms = timeout_ms
        self.status: int | None = None
        self.received = 0
        self.done = False
        self.deadline: float | None = None
        self._out: list[OutT | RequestWakeup] = []

    def callbacks_to_run(self) -> list[OutT | RequestWakeup]:
        out, self._out = self._out, []
        return out

    def start(self, at: float) -> None:
        """The task leaves the queue; its timeout starts now."""
        self.deadline = at + self.timeout_ms / 1000
        self._out.append(RequestWakeup(self.deadline))

    def receive_error(self, error: WxError, at: float) -> None:
        raise NotImplementedError

    def wake(self, at: float) -> None:
        """Time passed: fail with `timeout` once the deadline is reached."""
        if not self.done and self.deadline is not None and at >= self.deadline:
            self.receive_error(TimedOut(), at)


@dataclass(slots=True)
class _Body:
    """A buffered body: one growing buffer (no list of pieces joined at the end, which held
    the body twice at once; the text is decoded straight from it)."""

    data: bytearray = field(default_factory=bytearray)


class RequestCore(TimedCore[RequestOutput]):
    """One request's state: headers, then chunks, then exactly one of success or fail.

    Inputs after the end (late bytes after an abort or a timeout) are ignored. After every
    input, drain `callbacks_to_run()`; `complete` follows success/fail (the shell runs it).
    """

    def __init__(self, options: RequestOptions) -> None:
        super().__init__(options.timeout_ms)
        self.options = options
        self.header: dict[str, str] = {}
        self.cookies: list[str] = []
        self.text_altered = False
        self._body = _Body()

    def receive_headers(self, status: int, raw: list[tuple[str, str]], at: float) -> None:
        if self.done:
            return
        self.status = status
        self.header, self.cookies = header_dict(raw)
        res: Result = {"header": self.header, "cookies": self.cookies}
        if self.options.headers_with_status:
            res["statusCode"] = status
        self._out.append(CallHeadersReceived(res))

    def receive_data(self, data: bytes, at: float) -> None:
        if self.done or not data:
            return
        self.received += len(data)
        if self.options.enable_chunked:
            self._out.append(CallChunkReceived(data))
        else:
            self._body.data += data

    def receive_end(self, at: float, extra: Result | None = None) -> None:
        """The body is complete: `success` with the platform's fields (plus `extra`)."""
        if self.done:
            return
        self.done = True
        opts = self.options
        data: Any
        if opts.enable_chunked:
            # Device: success still comes, but the body went to onChunkReceived (§1.9)
            data = b"" if opts.response_type == "arraybuffer" else ""
        else:
            body, self._body = self._body.data, _Body()
            data, self.text_altered = decode_body(
                body, opts.data_type, opts.response_type, charset_of(self.header)
            )
            del body
        res: Result = {
            "data": data,
            "statusCode": self.status,
            "header": self.header,
            "cookies": self.cookies,
            "errMsg": f"{opts.api}:ok",
        }
        if extra:
            res.update(extra)
        self._out.append(CallSuccess(res))

    def receive_error(self, error: WxError, at: float) -> None:
        if self.done:
            return
        self.done = True
        self._body = _Body()  # a failed body is never delivered: free it now (up to the bound)
        self._out.append(CallFail(error.fail_result(self.options.api), error))

    def abort(self, at: float) -> None:
        self.receive_error(Aborted(), at)


class RequestTask:
    """What `wx.request` returns: `abort` plus the header and chunk listeners."""

    def __init__(self, flow_id: int, chunks_supported: bool, abort: Callable[[], None]) -> None:
        self.flow_id = flow_id
        self.headers_listeners = Listeners()
        self.chunk_listeners = Listeners()
        self._chunks_supported = chunks_supported
        self._abort = abort

    def abort(self) -> None:
        """Stop the request: `fail({"errMsg": "request:fail abort"})` then `complete`."""
        self._abort()

    def _release(self) -> None:
        """The request ended: see `release_task`."""
        release_task(self, self.headers_listeners, self.chunk_listeners)

    def onHeadersReceived(self, callback: Callback) -> None:
        """`callback({"header", "statusCode", "cookies"})` before the request completes."""
        self.headers_listeners.on(callback)

    def offHeadersReceived(self, callback: Callback | None = None) -> None:
        self.headers_listeners.off(callback)

    def onChunkReceived(self, callback: Callback) -> None:
        """`callback({"data": bytes})` for every piece (only with `enableChunked`)."""
        self._require_chunks("onChunkReceived")
        self.chunk_listeners.on(callback)

    def offChunkReceived(self, callback: Callback | None = None) -> None:
        self._require_chunks("offChunkReceived")
        self.chunk_listeners.off(callback)

    def _require_chunks(self, name: str) -> None:
        # Base library < 2.20.1 has no such method: the page sees "... is not a function"
        if not self._chunks_supported:
            raise TypeError(f"requestTask.{name} is not a function")
