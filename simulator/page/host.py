# Over 400 lines: the page host's handlers share the run in flight.
"""`PageHost`: the user's page in a Node child process, bound to one emulated `WxRuntime`.

The process is `process.NodeProcess`, the wx calls `calls.WxCalls`; this class keeps the
protocol of a single page and the run bookkeeping.

The bridge (js/bridge.mjs) speaks JSON lines: it sends `call`s (from `apis.API_TABLE`),
`render`s (coalesced `setData`), logs, errors and heartbeats on its stdout; we send callback
invocations and `send`s on its stdin, and answer `sync` calls on a separate pipe it blocks on.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.page.apis import API_TABLE
from simulator.page.calls import WxCalls
from simulator.page.errors import (
    PageCrashed,
    PageError,
    PageLoadFailed,
    PageRunFailed,
    PageRunTimedOut,
)
from simulator.page.guidance import SetDataGuidance
from simulator.page.node import NodeBinary
from simulator.page.origin import DEFAULT_PAGE_ORIGIN, OriginMap
from simulator.page.platform_apis import init_message_table
from simulator.page.process import NodeProcess, ProcessLimits
from simulator.transports import events as run_ev
from simulator.wx import WxRuntime
from simulator.wx import events as wx_ev

logger = logging.getLogger("simulator.page")
BRIDGE = Path(__file__).parent / "js" / "bridge.mjs"
TRANSPORT_NAME = "page"
_DATA_EVENTS = (wx_ev.ChunkReceived, wx_ev.FrameReceived, wx_ev.ProgressUpdated)
MAX_SET_DATA_COSTS = 20_000
"""setData costs kept (as project mode's recorder keeps)."""


@dataclass(frozen=True, slots=True)
class JsEnv:
    """What the bridge changes in the page's world."""

    absent: tuple[str, ...] = ()
    """Globals removed (a phone has no TextDecoder…)."""
    chunk_data: str = "ArrayBuffer"
    """`onChunkReceived`'s `res.data`: ArrayBuffer or Uint8Array."""
    promise_timers: bool = False
    """iOS <= 15 what-if: Promise then/catch/finally callbacks run as timers."""

    def to_json(self) -> dict[str, Any]:
        return {
            "absent": list(self.absent),
            "chunkData": self.chunk_data,
            "promiseTimers": self.promise_timers,
        }


@dataclass(frozen=True, slots=True)
class PageOptions:
    """How a page is run; the binding names are the page's own."""

    messages_key: str = "messages"
    send_method: str = "onSend"
    page_origin: str = DEFAULT_PAGE_ORIGIN
    cpu_limit_s: float = 3.0
    """No heartbeat from the page's event loop for this long → the script is stopped."""
    memory_mb: int = 256
    heartbeat_ms: int = 100
    inspect_port: int | None = None
    """Open Node's inspector here (and switch the CPU watchdog off: breakpoints pause)."""
    idle_s: float = 0.4
    """A run ends this long after the page went quiet (no timers, tasks, callbacks, setData)."""
    run_timeout_s: float = 120.0
    node: str | None = None
    query: tuple[tuple[str, str], ...] = ()
    """The page's launch query, given to `onLoad(query)` as the platform does."""
    js_env: JsEnv | None = None
    """A platform's JS environment (built from project mode's table by the caller: no
    TextDecoder on a phone…); None: the page sees every global the bridge leaves."""


@dataclass(frozen=True, slots=True)
class PageMessage:
    id: Any
    role: str
    content: str


@dataclass(frozen=True, slots=True)
class PageLog:
    at: float
    level: str  # log | info | warn | error | debug | stderr | page-error
    text: str
    stack: str = ""


@dataclass
class _Run:
    index: int
    emit: run_ev.EmitEvent
    sent: bool = False
    errors: list[str] = field(default_factory=list)
    painted_text: str = ""
    arrived_at: float | None = None
    arrived_bytes: int = 0
    connected: bool = False
    requested: bool = False
    reply_id: str | None = None
    rendered: bool = False


def platform_table() -> dict[str, dict[str, Any]]:
    """The platform's API names with their kind, for the bridge's missing-API rule."""
    return {name: {"kind": row["kind"]} for name, row in init_message_table()["apis"].items()}


class PageHost:
    """One page process. `await start()`, then `await send(text, emit)` per message."""

    def __init__(
        self,
        page: Path,
        wx: WxRuntime,
        origin: OriginMap,
        options: PageOptions | None = None,
        *,
        on_render: Callable[[list[PageMessage]], None] | None = None,
        on_log: Callable[[PageLog], None] | None = None,
    ) -> None:
        self.page = page.resolve()
        self.wx = wx
        self.origin = origin
        self.options = options or PageOptions()
        self.on_render = on_render
        self.on_log = on_log
        self.messages: list[PageMessage] = []
        self.style: str | None = None
        self.start_s: float | None = None
        """Seconds from spawn to the page's `ready` (module loaded, onLoad run)."""
        self.failure: PageError | None = None
        self.renders = 0
        self.set_data_calls = 0
        """Coalescing: `setData` calls seen by the bridge, and renders it sent for them."""
        self.render_stamps: list[float] = []
        """The last `setData` stamp of every render (monotonic, as the wx events' `at`)."""
        self.set_data_costs: list[tuple[float, int]] = []
        """Every `setData` call: its stamp and the bytes of its JSON (the newest
        `MAX_SET_DATA_COSTS`)."""
        self.guidance = SetDataGuidance()
        """The platform's setData guidance; its warnings go to the console per run."""
        opts = self.options
        limits = ProcessLimits(opts.cpu_limit_s, opts.memory_mb, opts.inspect_port, opts.node)
        self._process = NodeProcess(
            BRIDGE, [str(self.page)], limits, cwd=self.page.parent,
            on_message=self._on_message, on_log=self._log, on_ended=self._process_ended,
        )  # fmt: skip
        self._calls = WxCalls(
            wx, origin, post=self._process.post, sync_reply=self._process.sync_reply,
            on_error=lambda text: self._log("page-error", text), on_result=self._note_reply_id,
        )  # fmt: skip
        self._ready = asyncio.Event()
        self._exited = asyncio.Event()
        self._last_activity = 0.0
        self._timers = 0
        self._open_http: set[int] = set()
        self._run: _Run | None = None
        self._runs = itertools.count()
        self._unsubscribe: Callable[[], None] | None = None
        self._last_data_at: float | None = None
        self._pending_bytes = 0
        self._pieced: set[int] = set()
        """Flows whose body came in pieces (counted then): a plain request's body is counted
        whole when it completes."""
        self._socket_urls: dict[int, str] = {}
        self._open_sockets: dict[int, str] = {}
        """Open sockets' flow ids → their URLs."""

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        """Spawn Node and load the page.

        Raises:
            NodeUnavailable, PageLoadFailed, PageCrashed, PageRunaway.
        """
        opts = self.options
        began = time.monotonic()
        await self._process.start()
        self._unsubscribe = self.wx.events.subscribe(self._on_wx_event)
        backend = {
            "backendUrl": self.origin.backend_url,
            "backendWsUrl": self.origin.backend_ws_url,
            "pageOrigin": self.origin.page_origin,
        }
        self._post(
            {
                "apis": [api.to_json() for api in API_TABLE],
                "platform": platform_table(),
                "binding": {"messages": opts.messages_key, "send": opts.send_method},
                "env": {"USER_DATA_PATH": self.wx.env.USER_DATA_PATH},
                "backend": backend,
                "heartbeatMs": opts.heartbeat_ms,
                "query": dict(opts.query),
                "jsEnv": opts.js_env.to_json() if opts.js_env is not None else None,
            }
        )
        ready = asyncio.ensure_future(self._ready.wait())
        exited = asyncio.ensure_future(self._exited.wait())
        await asyncio.wait({ready, exited}, return_when=asyncio.FIRST_COMPLETED)
        ready.cancel()
        exited.cancel()
        if self.failure is not None:
            await self.stop()
            raise self.failure
        self.start_s = time.monotonic() - began

    async def stop(self) -> None:
        """End the process (closing stdin first lets the bridge exit by itself)."""
        if self._run is not None and self.failure is None:
            self.failure = PageCrashed("the page was stopped (reloaded or closed)")
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        await self._process.stop()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def node(self) -> NodeBinary | None:
        return self._process.node

    # -- one message -----------------------------------------------------------------------
    async def send(self, text: str, emit: run_ev.EmitEvent) -> str:
        """Call the page's send method with `text` and wait until the page went quiet.

        Returns the final reply (the last assistant message's content).

        Raises:
            PageRunFailed: the page reported an error, or the run timed out; the process
                failure (PageRunaway, PageCrashed) when it died.
        """
        if self.failure is not None:
            raise self.failure
        run = _Run(next(self._runs), emit)
        self._run = run
        # what the page showed and received before this message is not this run's reply:
        # a message the page leaves unanswered must not take the last reply as its own
        # (nor its arrival time, which came before the send: negative times)
        run.painted_text = self._reply_text()
        self._pending_bytes = 0
        self._last_data_at = None
        now = time.monotonic()
        self._last_activity = now
        emit(run_ev.MessageSent(now, TRANSPORT_NAME, text))
        self._post({"t": "send", "run": run.index, "text": text})
        deadline = now + self.options.run_timeout_s
        try:
            while True:
                await asyncio.sleep(0.02)
                now = time.monotonic()
                if self.failure is not None:
                    raise self.failure
                last = max(self._last_activity, self._calls.last_activity)
                quiet = now - last >= self.options.idle_s
                # a page stuck in a loop is silent too: only a live event loop counts as idle
                beat = self._process.last_beat
                quiet = quiet and now - beat < 3 * self.options.heartbeat_ms / 1000
                if run.sent and quiet and self._timers == 0 and not self._open_http:
                    break
                if now > deadline:
                    raise PageRunTimedOut(
                        f"the page was still busy after {self.options.run_timeout_s:.0f} s"
                    )
            if run.errors:
                raise PageRunFailed(run.errors[0])
            if not run.rendered:
                raise PageRunFailed(
                    f"the page never called setData while handling the message "
                    f"(send method {self.options.send_method}, data key "
                    f"{self.options.messages_key!r})"
                )
        except PageError as exc:
            emit(run_ev.RunFailed(time.monotonic(), str(exc), run.painted_text, run.reply_id))
            raise
        finally:
            self._run = None
            for warning in self.guidance.finish():
                self._log("warn", warning.text)
        if self._pending_bytes:  # bytes that changed no text (a last empty poll) count too
            emit(run_ev.EmptyResponseReceived(time.monotonic(), "response", self._pending_bytes))
            self._pending_bytes = 0
        final = self._reply_text()
        emit(run_ev.ReplyCompleted(time.monotonic(), final, run.reply_id))
        return final

    def _reply_text(self) -> str:
        replies = [m for m in self.messages if m.role == "assistant"]
        return replies[-1].content if replies else ""

    # -- the bridge's messages -------------------------------------------------------------
    def _post(self, msg: dict[str, Any]) -> None:
        self._process.post(msg)

    def _on_message(self, msg: dict[str, Any]) -> None:
        self._last_activity = time.monotonic()
        kind = msg.get("t")
        try:
            self._handle(str(kind), msg)
        except Exception:  # a host bug must not take the page's channel down
            logger.exception("! page message %s failed", kind)

    def _handle(self, kind: str, msg: dict[str, Any]) -> None:
        if kind == "call":
            self._calls.call(msg)
        elif kind == "render":
            self._render(msg)
        elif kind == "log":
            self._log(msg["level"], msg["text"])
        elif kind == "error":
            self._page_error(msg)
        elif kind == "timers":
            self._timers = int(msg["n"])
        elif kind == "sent":
            if self._run is not None and self._run.index == msg["run"]:
                self._run.sent = True
        elif kind == "ready":
            self.style = msg["style"]
            self._process.ready = True
            self._ready.set()
        elif kind == "loadFailed":
            if self.failure is None:
                self.failure = PageLoadFailed(self._last_error or "the page did not load")
            self._exited.set()

    _last_error: str | None = None

    def _page_error(self, msg: dict[str, Any]) -> None:
        where, text, stack = msg["where"], msg["message"], msg.get("stack", "")
        self._last_error = f"{text}\n{stack}" if stack else text
        self._log("page-error", f"{where}: {text}", stack)
        if self._run is not None:
            self._run.errors.append(self._last_error)

    def _log(self, level: str, text: str, stack: str = "") -> None:
        if self.on_log is not None:
            self.on_log(PageLog(time.monotonic(), level, text, stack))
        else:
            logger.info("page %s: %s", level, text)

    def _process_ended(self, failure: PageError | None) -> None:
        if failure is not None and self.failure is None:
            self.failure = failure
        self._exited.set()

    def _note_reply_id(self, res: Any) -> None:
        run = self._run
        if run is None or run.reply_id is not None or not isinstance(res, dict):
            return
        header = res.get("header")
        if isinstance(header, dict):
            for key, value in header.items():
                if key.lower() == "x-reply-id":
                    run.reply_id = str(value)

    # -- the timeline ----------------------------------------------------------------------
    def _on_wx_event(self, event: wx_ev.WxEvent) -> None:
        self._last_activity = time.monotonic()
        if isinstance(event, wx_ev.TaskStarted) and event.kind != "socket":
            self._open_http.add(event.flow_id)
        elif isinstance(event, wx_ev.TaskCompleted | wx_ev.TaskFailed):
            self._open_http.discard(event.flow_id)
        if isinstance(event, _DATA_EVENTS):
            self._last_data_at = event.at
            self._pending_bytes += getattr(event, "size", 0)
            if isinstance(event, wx_ev.ChunkReceived):
                self._pieced.add(event.flow_id)
        elif isinstance(event, wx_ev.TaskCompleted) and event.flow_id not in self._pieced:
            self._last_data_at = event.at  # a poll's or a sync request's whole body
            self._pending_bytes += event.nbytes
        if isinstance(event, wx_ev.TaskStarted) and event.kind == "socket":
            self._socket_urls[event.flow_id] = event.url
        elif isinstance(event, wx_ev.SocketOpened):
            self._open_sockets[event.flow_id] = self._socket_urls.get(event.flow_id, "")
        elif isinstance(event, wx_ev.SocketClosed | wx_ev.TaskFailed):
            self._open_sockets.pop(event.flow_id, None)
        run = self._run
        if run is None:
            return
        if isinstance(event, wx_ev.FrameSent) and event.flow_id in self._open_sockets:
            # the page connected its socket before this message (in onLoad, say): the
            # message is this run's request, on a connection already open at that moment
            if not run.requested:
                run.requested = True
                url = self._open_sockets[event.flow_id]
                run.emit(run_ev.RequestMade(event.at, "socket", url))
            if not run.connected:
                run.connected = True
                run.emit(run_ev.ConnectionOpened(event.at, "socket open before the send"))
            return
        if isinstance(event, wx_ev.TaskStarted):
            run.requested = True
            kind = "download" if event.kind == "download" else event.kind
            run.emit(run_ev.RequestMade(event.at, kind, event.url))
        elif isinstance(event, wx_ev.HeadersReceived | wx_ev.SocketOpened) and not run.connected:
            run.connected = True
            run.emit(run_ev.ConnectionOpened(event.at, type(event).__name__))

    def _render(self, msg: dict[str, Any]) -> None:
        raw = msg.get("messages")
        if raw is not None:
            self.messages = [
                PageMessage(m.get("id"), str(m.get("role") or ""), str(m.get("content") or ""))
                for m in raw
            ]
        self.renders += 1
        self.set_data_calls += int(msg.get("calls", 0))
        for stamp, nbytes in msg.get("costs") or ():
            self.guidance.record(self.page.name, float(stamp), int(nbytes))
            self.set_data_costs.append((float(stamp), int(nbytes)))
        del self.set_data_costs[:-MAX_SET_DATA_COSTS]
        if self.on_render is not None:
            self.on_render(self.messages)
        at = float(msg["at"])
        arrived = self._last_data_at if self._last_data_at is not None else at
        self.render_stamps.append(at)
        self._last_data_at = None
        run = self._run
        if run is None:
            return
        run.rendered = run.rendered or int(msg.get("calls", 0)) > 0
        text = self._reply_text()
        if text == run.painted_text:
            return
        delta = text[len(run.painted_text) :] if text.startswith(run.painted_text) else text
        if not delta:  # a new, still empty reply bubble after the last one: nothing arrived yet
            run.painted_text = text
            return
        run.emit(run_ev.ChunkReceived(min(arrived, at), delta, self._pending_bytes))
        self._pending_bytes = 0
        run.painted_text = text
        run.emit(run_ev.CharsPainted(at, len(delta), len(text)))
