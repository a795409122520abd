# Over 400 lines: request, chunked and download share one wire loop.
"""The asyncio shell of `wx.request` and `wx.downloadFile`: httpx streaming into the cores."""

from __future__ import annotations

import asyncio
import logging
import socket
import zlib
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Protocol

import httpx

from simulator.wx import events as ev
from simulator.wx.callbacks import Listeners, Outcome, Result
from simulator.wx.delivery import Conveyor
from simulator.wx.download import (
    CallProgress,
    CommitFile,
    DiscardFile,
    DownloadCore,
    DownloadTask,
    WriteData,
)
from simulator.wx.errors import InvalidArgument, NetworkError, TaskLimitExceeded, WxError
from simulator.wx.fs import DownloadSink
from simulator.wx.host import Host
from simulator.wx.inflate import BoundedInflater
from simulator.wx.payload import PreparedRequest
from simulator.wx.profile import ConnectionTrace, peer_address, request_profile
from simulator.wx.request import (
    CallChunkReceived,
    CallFail,
    CallHeadersReceived,
    CallSuccess,
    RequestCore,
    RequestTask,
    RequestWakeup,
)

logger = logging.getLogger("simulator.wx")

HEAD_TOO_LONG = "Receive buffer too long"
"""What h11 says when a response head outgrows httpcore's bound (`MAX_HEAD_KIB`)."""
MAX_HEAD_KIB = 100
"""httpcore's bound on a response head (`HTTP11Connection.MAX_INCOMPLETE_EVENT_SIZE`)."""


class HttpCore(Protocol):
    done: bool
    status: int | None
    received: int

    def start(self, at: float) -> None: ...
    def receive_headers(self, status: int, raw: list[tuple[str, str]], at: float) -> None: ...
    def receive_data(self, data: bytes, at: float) -> None: ...
    def receive_end(self, at: float, extra: Result | None = None) -> None: ...
    def receive_error(self, error: WxError, at: float) -> None: ...
    def abort(self, at: float) -> None: ...
    def wake(self, at: float) -> None: ...
    def callbacks_to_run(self) -> Sequence[object]: ...


def net_error(exc: httpx.HTTPError | httpx.InvalidURL | zlib.error, headers_seen: bool) -> WxError:
    """An httpx failure as the device reports it (Chromium net error names, as cronet does)."""
    if isinstance(exc, zlib.error):
        return NetworkError("net::ERR_CONTENT_DECODING_FAILED")
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return InvalidArgument("invalid url", 600009)
    if isinstance(exc, httpx.ConnectError):
        if name_not_resolved(exc):  # a DNS failure: nothing was refused, no host was found
            return NetworkError("net::ERR_NAME_NOT_RESOLVED")
        return NetworkError("net::ERR_CONNECTION_REFUSED")
    if isinstance(exc, httpx.RemoteProtocolError):
        if not headers_seen and HEAD_TOO_LONG in str(exc):
            # The response head is over the client's bound (Chromium's net error for its own
            # 256 KiB bound): the server's doing, named as such, never "empty" or "refused"
            return NetworkError(f"net::ERR_RESPONSE_HEADERS_TOO_BIG (over {MAX_HEAD_KIB} KiB)")
        detail = (
            "net::ERR_INCOMPLETE_CHUNKED_ENCODING" if headers_seen else "net::ERR_EMPTY_RESPONSE"
        )
        return NetworkError(detail)
    if isinstance(exc, httpx.ReadError | httpx.WriteError):
        return NetworkError("net::ERR_CONNECTION_RESET")
    return NetworkError(f"net::ERR_FAILED {exc}")


def name_not_resolved(exc: BaseException) -> bool:
    """httpx wraps the resolver's `socket.gaierror` a level or two down the cause chain."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class HttpExchange:
    """Runs one HTTP task: waits for a slot, sends, streams the body through the network
    profile into the core, arms the timeout, and releases the slot when the core is done.

    Subclasses turn the core's outputs into page callbacks (`dispatch`).
    """

    api = "request"
    max_body: int | None = None
    """Decoded body bound enforced here (None: the core has its own, as downloads do)."""
    follow_redirects = True
    task: RequestTask | DownloadTask | None = None
    """What the page holds; set by the runtime right after the exchange is made."""

    def __init__(
        self, host: Host, flow_id: int, prepared: PreparedRequest, core: HttpCore, outcome: Outcome
    ) -> None:
        self.host = host
        self.outcome = outcome
        self.flow_id = flow_id
        self.prepared = prepared
        self.core = core
        slicing = host.config.effective_slicing
        self.conveyor = Conveyor(host.network, slicing, host.rng(flow_id), host.loop)
        self.read_at = 0.0
        self.queued_at: float | None = None
        self.started_at: float | None = None
        self.headers_at: float | None = None
        self._io: asyncio.Task[None] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._finished = False
        self._admitted = False
        self._silent = False
        self._trace = ConnectionTrace(host.now)
        self._http_version = ""
        self._peer: tuple[str, int] = ("", 0)

    # -- lifecycle ------------------------------------------------------------------------
    def admit(self) -> None:
        """Ask the limiter for a slot: start now, wait in the queue, or fail over the limit."""
        if self._finished:
            return  # aborted (or failed) before its turn came
        verdict = self.host.http_limiter.admit(self.flow_id)
        self._admitted = verdict != "fail"
        if verdict == "run":
            self.start()
        elif verdict == "queue":
            self.queued_at = self.host.now()
            self.host.emit(
                ev.TaskQueued(self.flow_id, self.queued_at, self.host.http_limiter.active)
            )
        else:
            self.host.call_soon(self.fail_now, TaskLimitExceeded())

    def start(self) -> None:
        if self.core.done:
            return  # aborted while queued; its deferred fail frees the slot
        self.started_at = self.host.now()
        self.core.start(self.started_at)
        self.dispatch()
        if self.host.network.offline:
            self.host.call_soon(self.fail_now, NetworkError("net::ERR_INTERNET_DISCONNECTED"))
            return
        self._io = self.host.spawn(self._transfer(), name=f"wx-{self.api}-{self.flow_id}")

    def abort(self) -> None:
        """Stop now (no chunk after this), but run `fail`/`complete` on a later loop turn:
        the page's `task.abort(); cancelled = true` must hold before its callbacks run."""
        if self._finished or self.core.done:
            return
        self.core.abort(self.host.now())
        self.conveyor.cancel()
        self.host.call_soon(self.dispatch)

    def fail_now(self, error: WxError) -> None:
        self.core.receive_error(error, self.host.now())
        self.dispatch()

    def go_silent(self) -> None:
        """The connection is gone and the platform never says so (iOS, xiaweiss/miniprogram-
        bug-report#272): no more bytes, no `fail`, no `complete`; only `abort()` (or the
        call's own timeout) still ends the task."""
        self._silent = True
        self.conveyor.cancel()
        if self._io is not None and not self._io.done():
            self._io.cancel()
        self._io = None

    def finish(self) -> None:
        """The core is done: stop I/O and timers, free the slot, start the next queued task."""
        if self._finished:
            return
        self._finished = True
        self.conveyor.cancel()
        if self._timer is not None:
            self._timer.cancel()
        if self._io is not None and not self._io.done() and self._io is not asyncio.current_task():
            self._io.cancel()
        self._io = None  # a cancelled task's traceback holds this exchange: no cycle through it
        if self._admitted:
            nxt = self.host.http_limiter.release(self.flow_id)
            if nxt is not None:
                waiting = self.host.pending_http.pop(nxt, None)
                if waiting is not None:
                    waiting.start()
        self.host.pending_http.pop(self.flow_id, None)

    # -- I/O ------------------------------------------------------------------------------
    async def _transfer(self) -> None:
        req = self.prepared
        delay = self.conveyor.uplink_delay(len(req.body or b""))
        if delay:
            await asyncio.sleep(delay)
        headers_seen = False
        logger.debug("> %s %s (flow %d)", req.method, req.url, self.flow_id)
        try:
            async with self.host.client.stream(
                req.method, req.url, headers=req.headers, content=req.body,
                follow_redirects=self.follow_redirects, extensions={"trace": self._trace},
            ) as resp:  # fmt: skip
                headers_seen = True
                self._http_version = resp.http_version
                self._peer = peer_address(resp.extensions)
                raw = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in resp.headers.raw]
                self.conveyor.push_event(
                    lambda: self._headers(resp.status_code, raw, self.host.now()), self.host.now()
                )
                if not await self._pump(resp):
                    return
            self.conveyor.push_end(self._end, self.host.now(), self._deliver)
        except (httpx.HTTPError, httpx.InvalidURL, zlib.error) as exc:
            error = net_error(exc, headers_seen)
            logger.debug("! flow %d: %r -> %s", self.flow_id, exc, error.detail)
            self.conveyor.push_end(lambda: self.fail_now(error), self.host.now(), self._deliver)

    async def _pump(self, resp: httpx.Response) -> bool:
        """Decode the body in bounded pieces into the conveyor; False when over `max_body`.

        Reading pauses while the page's backlog is over `chunk_backlog_bytes`, so a fast
        server on a slow emulated link waits (like a full TCP window) instead of piling up."""
        inflater = BoundedInflater(resp.headers.get("content-encoding", ""))
        backlog = self.host.config.chunk_backlog_bytes
        decoded = 0
        async for raw in resp.aiter_raw():
            for data in inflater.feed(raw):
                decoded += len(data)
                if self.max_body is not None and decoded > self.max_body:
                    over = WxError("exceed max response size", 600000)
                    self.conveyor.push_end(
                        partial(self.fail_now, over), self.host.now(), self._deliver
                    )
                    return False
                self.conveyor.push_data(data, self.host.now(), self._deliver)
                if self.conveyor.backlog_bytes > backlog:
                    await self.conveyor.wait_below(backlog // 2)
        tail = inflater.flush()
        if tail:
            self.conveyor.push_data(tail, self.host.now(), self._deliver)
        return True

    def _headers(self, status: int, raw: list[tuple[str, str]], read_at: float) -> None:
        self.read_at = read_at
        self.headers_at = self.host.now()
        logger.debug("< %d (flow %d)", status, self.flow_id)
        self.core.receive_headers(status, raw, self.headers_at)
        self.dispatch()

    def _deliver(self, data: bytes, read_at: float) -> None:
        if self._lost_before_this():
            return
        self.read_at = read_at
        self.core.receive_data(data, self.host.now())
        self.dispatch()

    def _lost_before_this(self) -> bool:
        """A loss asked for during an earlier piece lands now, before this one (a read's
        pieces are handed on in one go: a loss scheduled for later would miss them); after
        a silent loss nothing more arrives."""
        if self.host.pending_loss is not None:
            self.host.pending_loss()
        return self._silent

    def _end(self) -> None:
        if self._lost_before_this():
            return
        at = self.host.now()
        self.core.receive_end(at, self.success_extra(at))
        self.dispatch()

    def _wake(self) -> None:
        self._timer = None
        self.core.wake(self.host.now())
        self.dispatch()

    def arm(self, wakeup: RequestWakeup) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self.host.loop.call_later(max(0.0, wakeup.at - self.host.now()), self._wake)

    def success_extra(self, at: float) -> Result | None:
        """`profile` (iOS/Android only, typings) with the phases we can time."""
        if self.host.config.platform != "device":
            return None
        started = self.started_at or at
        queued = self.queued_at if self.queued_at is not None else started
        profile = request_profile(
            self._trace, queued=queued, started=started, ended=at,
            http_version=self._http_version, peer=self._peer,
            sent=len(self.prepared.body or b""), received=self.core.received,
            network=self.conveyor.profile,
        )  # fmt: skip
        return {"profile": profile}

    def dispatch(self) -> None:
        """Run what the core asks for: the shared outputs here, the rest in `handle`."""
        for out in self.core.callbacks_to_run():
            if isinstance(out, RequestWakeup):
                self.arm(out)
            elif isinstance(out, CallHeadersReceived):
                self.host.emit(
                    ev.HeadersReceived(
                        self.flow_id, self.host.now(), self.core.status or 0, self.read_at,
                        tuple((str(k), str(v)) for k, v in out.res.get("header", {}).items()),
                    )
                )  # fmt: skip
                self.headers_listeners().fire(out.res)
            elif isinstance(out, CallSuccess | CallFail):
                self._ended(out, self.outcome)
            elif not self.handle(out):
                return

    def headers_listeners(self) -> Listeners:
        """The task's `onHeadersReceived` listeners."""
        raise NotImplementedError

    def handle(self, out: object) -> bool:
        """Run one output of the subclass's own kinds; False stops the batch."""
        raise NotImplementedError

    def _ended(self, out: CallSuccess | CallFail, outcome: Outcome) -> None:
        self.finish()
        at = self.host.now()
        if isinstance(out, CallSuccess):
            altered = bool(getattr(self.core, "text_altered", False))
            self.host.emit(
                ev.TaskCompleted(
                    self.flow_id, at, self.core.status or 0, self.core.received, altered
                )
            )
            outcome.succeed(out.res)
        else:
            self.host.emit(ev.TaskFailed(self.flow_id, at, out.res["errMsg"], out.error.errno))
            outcome.failed(out.res)
        if self.task is not None:
            self.task._release()


class RequestExchange(HttpExchange):
    """`wx.request`: headers → chunks → success | fail, then complete."""

    api = "request"

    def __init__(
        self,
        host: Host,
        flow_id: int,
        prepared: PreparedRequest,
        core: RequestCore,
        outcome: Outcome,
        manual_redirect: bool = False,
    ) -> None:
        super().__init__(host, flow_id, prepared, core, outcome)
        self.task: RequestTask | None = None
        self.max_body = host.config.max_response_bytes
        self.follow_redirects = not manual_redirect
        if core.options.enable_chunked:
            host.latest_chunked = flow_id  # the iOS 8.0.54 quirk's "later" request

    def headers_listeners(self) -> Listeners:
        assert self.task is not None
        return self.task.headers_listeners

    def handle(self, out: object) -> bool:
        assert self.task is not None and isinstance(out, CallChunkReceived)
        if self.host.config.ios_later_chunked_only and self.host.latest_chunked != self.flow_id:
            return True  # iOS 8.0.54: a later chunked request took the chunk events
        self.host.emit(
            ev.ChunkReceived(
                self.flow_id, self.host.now(), len(out.data), self.read_at, bytes(out.data)
            )
        )
        self.task.chunk_listeners.fire({"data": out.data})
        return True


class DownloadExchange(HttpExchange):
    """`wx.downloadFile`: headers → (write, progress)* → commit + success | discard + fail."""

    api = "downloadFile"

    def __init__(
        self,
        host: Host,
        flow_id: int,
        prepared: PreparedRequest,
        core: DownloadCore,
        outcome: Outcome,
        sink: DownloadSink,
    ) -> None:
        super().__init__(host, flow_id, prepared, core, outcome)
        self.download_core = core
        self.sink = sink
        self.task: DownloadTask | None = None

    def headers_listeners(self) -> Listeners:
        assert self.task is not None
        return self.task.headers_listeners

    def handle(self, out: object) -> bool:
        task = self.task
        assert task is not None
        if isinstance(out, WriteData):
            if not self._guard(self.sink.write, out.data):
                return False
            self.host.emit(
                ev.ChunkReceived(
                    self.flow_id, self.host.now(), len(out.data), self.read_at, bytes(out.data)
                )
            )
        elif isinstance(out, CallProgress):
            res = out.res
            self.host.emit(
                ev.ProgressUpdated(
                    self.flow_id, self.host.now(), res["totalBytesWritten"],
                    res["totalBytesExpectedToWrite"], res["progress"],
                )
            )  # fmt: skip
            task.progress_listeners.fire(res)
        elif isinstance(out, CommitFile):
            return self._guard(self.sink.commit)
        elif isinstance(out, DiscardFile):
            self.sink.discard()
        return True

    def _guard(self, fn: Callable[..., Any], *args: Any) -> bool:
        """Run a file operation; on an OS error fail the download (603300) and stop."""
        try:
            fn(*args)
        except OSError as exc:
            logger.error("! download %d: cannot write: %s", self.flow_id, exc)
            self.sink.discard()
            error = WxError("save file error", 603300)
            self.download_core.callbacks_to_run()  # drop the rest of this batch
            self.download_core.done = True
            self._ended(CallFail(error.fail_result("downloadFile"), error), self.outcome)
            return False
        return True
