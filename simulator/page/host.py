"""`PageHost`: the user's page in a Node child process, bound to one emulated `WxRuntime`.

The bridge (js/bridge.mjs) speaks JSON lines: it sends `call`s (from `apis.API_TABLE`),
`render`s (coalesced `setData`), logs, errors and heartbeats on its stdout; we send callback
invocations and `send`s on its stdin, and answer `sync` calls on a separate pipe it blocks on.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.page.apis import API_BY_NAME, API_TABLE
from simulator.page.errors import (
    PageCrashed,
    PageError,
    PageLoadFailed,
    PageRunaway,
    PageRunFailed,
)
from simulator.page.node import NodeBinary, find_node
from simulator.page.origin import DEFAULT_PAGE_ORIGIN, OriginMap
from simulator.page.platform_apis import init_message_table
from simulator.page.wire import from_js, to_js
from simulator.transports import events as run_ev
from simulator.wx import WxError, WxRuntime
from simulator.wx import events as wx_ev

logger = logging.getLogger("simulator.page")
BRIDGE = Path(__file__).parent / "js" / "bridge.mjs"
TRANSPORT_NAME = "page"
_DATA_EVENTS = (wx_ev.ChunkReceived, wx_ev.FrameReceived, wx_ev.ProgressUpdated)


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
        self.node: NodeBinary | None = None
        self.renders = 0
        self.set_data_calls = 0
        """Coalescing: `setData` calls seen by the bridge, and renders it sent for them."""
        self.render_stamps: list[float] = []
        """The last `setData` stamp of every render (monotonic, as the wx events' `at`)."""
        self._proc: asyncio.subprocess.Process | None = None
        self._sync_w: int | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._handles: dict[int, Any] = {}
        self._functions: dict[int, Callable[..., None]] = {}
        self._ready = asyncio.Event()
        self._exited = asyncio.Event()
        self._last_beat = 0.0
        self._last_activity = 0.0
        self._timers = 0
        self._open_http: set[int] = set()
        self._run: _Run | None = None
        self._runs = itertools.count()
        self._stderr_tail: list[str] = []
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
        self.node = await asyncio.to_thread(find_node, opts.node)
        sync_r, sync_w = os.pipe()
        self._sync_w = sync_w
        args = [f"--max-old-space-size={opts.memory_mb}", "--disable-warning=ExperimentalWarning"]
        if opts.inspect_port is not None:
            args.append(f"--inspect=127.0.0.1:{opts.inspect_port}")
        began = time.monotonic()
        try:
            self._proc = await asyncio.create_subprocess_exec(
                self.node.path, *args, str(BRIDGE), str(self.page), str(sync_r),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, pass_fds=(sync_r,), limit=64 * 1024 * 1024,
                cwd=str(self.page.parent),
            )  # fmt: skip
        finally:
            os.close(sync_r)
        self._unsubscribe = self.wx.events.subscribe(self._on_wx_event)
        self._last_beat = time.monotonic()
        loop = asyncio.get_running_loop()
        self._tasks = [
            loop.create_task(self._read_stdout(), name="page-stdout"),
            loop.create_task(self._read_stderr(), name="page-stderr"),
            loop.create_task(self._watchdog(), name="page-watchdog"),
        ]
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
        self._stopping = True
        if self._run is not None and self.failure is None:
            self.failure = PageCrashed("the page was stopped (reloaded or closed)")
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        proc = self._proc
        if proc is not None and proc.returncode is None:
            if proc.stdin is not None:
                proc.stdin.close()
            try:
                await asyncio.wait_for(proc.wait(), 2.0)
            except TimeoutError:
                proc.kill()
                await proc.wait()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        if self._sync_w is not None:
            with contextlib.suppress(OSError):
                os.close(self._sync_w)
            self._sync_w = None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

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
                quiet = now - self._last_activity >= self.options.idle_s
                # a page stuck in a loop is silent too: only a live event loop counts as idle
                quiet = quiet and now - self._last_beat < 3 * self.options.heartbeat_ms / 1000
                if run.sent and quiet and self._timers == 0 and not self._open_http:
                    break
                if now > deadline:
                    raise PageRunFailed(
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
        proc = self._proc
        if proc is None or proc.stdin is None or proc.stdin.is_closing():
            return
        proc.stdin.write(json.dumps(msg, ensure_ascii=False).encode() + b"\n")

    async def _read_stdout(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        stdout = self._proc.stdout
        while line := await stdout.readline():
            try:
                msg = json.loads(line)
            except ValueError:
                self._log("stderr", line.decode(errors="replace").rstrip())
                continue
            kind = msg.get("t")
            if kind == "hb":
                self._last_beat = time.monotonic()
                continue
            self._last_beat = self._last_activity = time.monotonic()
            try:
                self._handle(kind, msg)
            except Exception:  # a host bug must not take the page's channel down
                logger.exception("! page message %s failed", kind)
        await self._proc.wait()
        self._process_ended()

    def _handle(self, kind: str, msg: dict[str, Any]) -> None:
        if kind == "call":
            self._call(msg)
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
            self._ready.set()
        elif kind == "loadFailed":
            if self.failure is None:
                self.failure = PageLoadFailed(self._last_error or "the page did not load")
            self._exited.set()

    _last_error: str | None = None
    _stopping = False

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

    async def _read_stderr(self) -> None:
        assert self._proc is not None and self._proc.stderr is not None
        while line := await self._proc.stderr.readline():
            text = line.decode(errors="replace").rstrip()
            self._stderr_tail = [*self._stderr_tail[-20:], text]
            if text.startswith("Debugger listening on"):
                text += " — attach with chrome://inspect or VS Code 'Attach to Node Process'"
            self._log("stderr", text)

    async def _watchdog(self) -> None:
        limit = self.options.cpu_limit_s
        while self._proc is not None and self._proc.returncode is None:
            await asyncio.sleep(min(0.25, limit / 4))
            stalled = time.monotonic() - self._last_beat
            if self.options.inspect_port is None and stalled > limit:
                self.failure = PageRunaway(
                    f"the page's script ran {stalled:.1f} s without yielding "
                    f"(CPU limit {limit:g} s): stopped; reload the page to run it again"
                )
                self._log("page-error", str(self.failure))
                self._proc.kill()
                return

    def _process_ended(self) -> None:
        if self.failure is None and self._proc is not None and not self._stopping:
            tail = "\n".join(self._stderr_tail)
            if "heap out of memory" in tail or "Reached heap limit" in tail:
                self.failure = PageCrashed(
                    f"the page ran out of memory (limit {self.options.memory_mb} MB): stopped"
                )
            elif self._proc.returncode not in (0, None) or not self._ready.is_set():
                self.failure = PageCrashed(
                    f"the page process exited (code {self._proc.returncode}): {tail[-400:]}"
                )
            else:
                self.failure = PageCrashed("the page process exited")
            self._log("page-error", str(self.failure))
        self._exited.set()

    # -- calls into the runtime ------------------------------------------------------------
    def _call(self, msg: dict[str, Any]) -> None:
        name: str = msg["api"]
        api = API_BY_NAME.get(name)
        method = name.rsplit(".", 1)[-1]
        try:
            if api is None:
                raise WxError("not supported in simulator")
            target = self.wx if msg.get("h") is None else self._handles[int(msg["h"])]
            args = from_js(msg.get("args") or [], self._function, self._handles.__getitem__)
            fn = getattr(target, method)
            if api.kind in ("callback", "task"):
                opts = dict(args[0]) if args and isinstance(args[0], dict) else {}
                if api.url and isinstance(opts.get("url"), str):
                    opts["url"] = self.origin.map(opts["url"])
                result = self._call_with_options(fn, method, opts)
            else:
                result = fn(*args)
        except Exception as exc:
            self._call_failed(msg, method, exc)
            return
        if "ret" in msg:
            self._handles[int(msg["ret"])] = result
        if msg.get("sync"):
            self._sync_reply({"value": to_js(result)})

    def _call_with_options(self, fn: Callable[..., Any], method: str, opts: dict[str, Any]) -> Any:
        try:
            return fn(**opts)
        except (TypeError, WxError) as exc:  # bad options: the platform fails, it does not throw
            detail = exc.detail if isinstance(exc, WxError) else "parameter error"
            res = {"errMsg": f"{method}:fail {detail}"}
            for key in ("fail", "complete"):
                cb = opts.get(key)
                if callable(cb):
                    asyncio.get_running_loop().call_soon(cb, res)
            return None

    def _call_failed(self, msg: dict[str, Any], method: str, exc: Exception) -> None:
        if isinstance(exc, WxError):
            exc.api = method
        text = str(exc)
        if msg.get("sync"):
            self._sync_reply({"error": text})
        else:
            self._log("page-error", f"{method}: {text}")

    def _sync_reply(self, reply: dict[str, Any]) -> None:
        if self._sync_w is not None:
            os.write(self._sync_w, json.dumps(reply, ensure_ascii=False).encode() + b"\n")

    def _function(self, fn_id: int) -> Callable[..., None]:
        fn = self._functions.get(fn_id)
        if fn is None:

            def fn(res: Any = None) -> None:
                self._note_reply_id(res)
                self._last_activity = time.monotonic()
                self._post({"t": "cb", "fn": fn_id, "args": [to_js(res)]})

            self._functions[fn_id] = fn
        return fn

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
