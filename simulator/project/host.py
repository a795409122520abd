# Over 400 lines: the relay between logic, view and the wx runtime, one handler per message.
"""`ProjectHost`: a whole mini-program project, run as the platform runs it.

The logic layer (js/logic/, a Node child: App/Page/Component, require, setData) and a view
layer (any `ViewPortLike`) talk only through this host, which relays their messages, runs
`wx.*` calls on the emulated runtime (`WxCalls`), answers the view APIs (pageScrollTo,
createSelectorQuery) over the view protocol, and keeps the run's timeline: "painted" is the
view's `applied` with `textChanged`. See /work/notes/project-protocol.md.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.page.apis import API_TABLE
from simulator.page.calls import WxCalls
from simulator.page.errors import PageError, PageLoadFailed, PageRunFailed, PageRunTimedOut
from simulator.page.guidance import SetDataGuidance
from simulator.page.host import PageLog, platform_table
from simulator.page.origin import OriginMap
from simulator.page.process import NodeProcess, ProcessLimits
from simulator.project.jsenv import env_for
from simulator.project.loader import Project
from simulator.project.options import ProjectOptions
from simulator.project.port import BootBuilder, Message, ViewPortLike, config_only_boot
from simulator.project.recorder import PageErrorRecord, RunRecorder, RunState
from simulator.project.view_commands import PortViewCommands
from simulator.transports import events as run_ev
from simulator.wx import WxRuntime
from simulator.wx import events as wx_ev
from simulator.wx.ui import events as ui_ev

logger = logging.getLogger("simulator.project")
LOGIC_MAIN = Path(__file__).parent / "js" / "logic" / "main.mjs"
TRANSPORT_NAME = "page"
"""Runs of a project are page runs for the bench, history and panels."""
_TO_VIEW = {"pageCreate", "pageShow", "pageHide", "pageDestroy", "componentReady", "inputReturn"}
_TO_LOGIC = {
    "firstRender", "componentCreate", "componentProps", "componentDetach", "event",
    "navigate",  # a <navigator> tap: the logic layer navigates (url, openType, delta)
}  # fmt: skip
_BAR_TEXT = {"white": "#ffffff", "black": "#000000"}
APPEAR_S = 3.0
"""How long typing or tapping waits for its element to be rendered (a framework's page fills
in after its empty first render)."""


def _not_there(answer: Message) -> bool:
    return not answer.get("ok", False) and "no element matches" in str(answer.get("error"))


class ProjectHost:
    """One project: `await start()`, `await send(text, emit)` per message, `await stop()`."""

    def __init__(
        self,
        project: Project,
        wx: WxRuntime,
        origin: OriginMap,
        view: ViewPortLike,
        options: ProjectOptions | None = None,
        *,
        boot: BootBuilder = config_only_boot,
        on_log: Callable[[PageLog], None] | None = None,
    ) -> None:
        self.project = project
        self.wx = wx
        self.origin = origin
        self.view = view
        self.options = opts = options or ProjectOptions()
        self.boot = boot
        self.on_log = on_log
        self.console: list[PageLog] = []
        self.errors: list[PageErrorRecord] = []
        self.stack: list[int] = []
        """Page ids, bottom first, as the logic layer reported them."""
        self.routes: dict[int, str] = {}
        self.start_s: float | None = None
        self.failure: PageError | None = None
        self.recorder = RunRecorder(opts.reply_path)
        self.tracker = self.recorder.tracker
        self.costs = self.recorder.costs
        self.guidance = SetDataGuidance()
        """The platform's setData guidance; its warnings go to the console per run."""
        limits = ProcessLimits(opts.cpu_limit_s, opts.memory_mb, opts.inspect_port, opts.node)
        self._logic = NodeProcess(
            LOGIC_MAIN, [str(project.root)], limits, cwd=project.root,
            on_message=self._from_logic, on_log=self._log, on_ended=self._logic_ended,
        )  # fmt: skip
        self._calls = WxCalls(
            wx, origin, post=self._logic.post, sync_reply=self._logic.sync_reply,
            on_error=lambda text: self._log("warn", text), on_result=self.recorder.note_reply_id,
        )  # fmt: skip
        self._ready = asyncio.Event()
        self._ended = asyncio.Event()
        self._first_render = asyncio.Event()
        self._last_activity = 0.0
        self._timers = 0
        self._events_done = 0
        self._runs = itertools.count()
        self._unsubscribe: list[Callable[[], None]] = []
        self.extra_from_logic: dict[str, Callable[[Message], None]] = {}
        """Handlers of logic message kinds added by others (automation's `automationResult`)."""

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        """Start the view and the logic layer; return once the first page rendered.

        Raises:
            NodeUnavailable, PageLoadFailed (with the error's file:line), PageCrashed.
        """
        began = time.monotonic()
        opts = self.options
        self.view.on_message = self._from_view
        await self.view.start()
        self.view.post(await self.boot(self.project, self.wx))
        self.wx.attach_view(PortViewCommands(self.ask, lambda: self.top))
        self._unsubscribe = [self.wx.events.subscribe(self._on_wx_event)]
        # the user leaves and comes back (a background switch): App/page onHide and onShow
        self.wx.onAppHide(self._app_hidden)
        self.wx.onAppShow(self._app_shown)
        self._unsubscribe += [
            lambda: self.wx.offAppHide(self._app_hidden),
            lambda: self.wx.offAppShow(self._app_shown),
        ]
        await self._logic.start()
        route = opts.launch_route or self.project.entry
        self._logic.post(
            {
                "apis": [api.to_json() for api in API_TABLE],
                "platform": platform_table(),
                "env": {
                    **env_for(opts.platform, opts.js_strict),
                    "promiseTimers": opts.promise_timers,
                },
                "wxEnv": {"USER_DATA_PATH": self.wx.env.USER_DATA_PATH},
                "app": self.project.app,
                "scripts": {
                    **self.project.scripts(),
                    "app": str(self.project.app_script) if self.project.app_script else None,
                },
                "launch": {"route": route, "query": dict(opts.query)},
                "heartbeatMs": opts.heartbeat_ms,
            }
        )
        await self._wait_any(self._ready, self._ended, timeout=opts.view_timeout_s + 10)
        if self.failure is None and not self._ready.is_set():
            self.failure = PageLoadFailed(self._load_error("the app did not start"))
        if self.failure is None:
            await self._wait_any(self._first_render, self._ended, timeout=opts.view_timeout_s)
            if not self._first_render.is_set() and self.failure is None:
                self.failure = PageLoadFailed(
                    f"the view did not render the first page within {opts.view_timeout_s:g} s"
                )
        if self.failure is not None:
            await self.stop()
            raise self.failure
        self.start_s = time.monotonic() - began

    async def stop(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []
        self.wx.attach_view(None)
        await self._logic.stop()
        await self.view.stop()

    def post_logic(self, msg: Message) -> None:
        """Send one message to the logic layer (automation's `automation`)."""
        self._logic.post(msg)

    def is_idle(self, quiet_s: float) -> bool:
        """No timer, request or unapplied setData left, and nothing happened for `quiet_s`
        (what `send` waits for; automation's sim.waitForReply after a client's own tap)."""
        busy = self._timers or self.recorder.open_http or self.recorder.unapplied
        last = max(self._last_activity, self._calls.last_activity)
        return not busy and time.monotonic() - last >= quiet_s

    @property
    def pid(self) -> int | None:
        return self._logic.pid

    @property
    def top(self) -> int | None:
        return self.stack[-1] if self.stack else None

    def page_data(self, page_id: int | None = None) -> dict[str, Any]:
        """The page's data as the view has it (the host's mirror of relayed patches)."""
        page = self.top if page_id is None else page_id
        return self.tracker.data.get(page, {})

    async def _wait_any(self, *events: asyncio.Event, timeout: float) -> None:
        waits = [asyncio.ensure_future(e.wait()) for e in events]
        try:
            await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for w in waits:
                w.cancel()

    def _load_error(self, default: str) -> str:
        return str(self.errors[-1]) if self.errors else default

    # -- acting on the view ----------------------------------------------------------------
    async def ask(self, msg: Message) -> Message:
        """Send a view request with a fresh `q` and wait for its answer.

        Raises:
            PageRunFailed: no answer in time.
        """
        try:
            return await self.view.ask(msg, self.options.view_timeout_s)
        except Exception as exc:  # the view's own error type: a failed request for the run
            raise PageRunFailed(f"the view did not answer {msg.get('t')!r}: {exc}") from exc

    async def act(self, kind: str, selector: str, value: str | None = None) -> None:
        """Tap or type into the top page as a person would.

        Raises:
            PageRunFailed: the element is not there (the view's reason).
        """
        msg: Message = {"t": kind, "selector": selector}
        if value is not None:
            msg["value"] = value
        handled = self._events_done
        answer = await self.ask(msg)
        # a framework renders after the first (empty) page, from a timer (Taro): a person
        # waits for the field to appear
        deadline = time.monotonic() + min(APPEAR_S, self.options.view_timeout_s)
        while _not_there(answer) and time.monotonic() < deadline and self.failure is None:
            await asyncio.sleep(0.02)
            answer = await self.ask(msg)
        if not answer.get("ok", False):
            why = answer.get("error") or "failed"
            raise PageRunFailed(f"{kind} {selector!r}: {why}")
        # the view dispatched the event before answering; let the page's handler run
        deadline = time.monotonic() + self.options.view_timeout_s
        while self._events_done == handled and time.monotonic() < deadline:
            if self.failure is not None:
                raise self.failure
            await asyncio.sleep(0.005)

    def navigate(self, url: str, open_type: str = "navigateTo", delta: int = 1) -> None:
        """Navigation a person does outside the page's code (the chrome's tab bar), as a
        `<navigator>` tap does: `open_type` is the WXML open-type (navigate, redirect,
        navigateBack, switchTab, reLaunch) or the API's name."""
        self._logic.post({"t": "navigate", "url": url, "openType": open_type, "delta": delta})

    async def rendered_text(self) -> str:
        answer = await self.ask({"t": "text"})
        return str(answer.get("value") or "")

    # -- one message -----------------------------------------------------------------------
    async def send(self, text: str, emit: run_ev.EmitEvent) -> str:
        """Type `text`, tap send, wait until the page is idle; the reply text it showed.

        Raises:
            PageRunFailed: a page error, no reply shown, or a timeout; the process failure
                when the logic layer died.
        """
        if self.failure is not None:
            raise self.failure
        opts = self.options
        wxml = self.project.root / f"{self.routes.get(self.top or 0, self.project.entry)}.wxml"
        from simulator.project.drive import default_input, default_tap

        run = RunState(next(self._runs), emit)
        sent = False
        try:
            await self.act("input", opts.input_selector or default_input(wxml), text)
            self.recorder.start(run)
            now = time.monotonic()
            emit(run_ev.MessageSent(now, TRANSPORT_NAME, text))
            sent = True
            self._last_activity = now
            await self.act("tap", opts.tap_selector or default_tap(wxml))
            await self._until_idle(run)
            self.recorder.finish()
            self._guidance_warnings()
            if run.errors:
                raise PageRunFailed(str(run.errors[0]))
            refusal = run.http_refusal()
            if refusal is not None:
                raise PageRunFailed(refusal)
            if not self.tracker.text:
                raise PageRunFailed(self.tracker.no_reply_reason())
        except PageError as exc:
            self.recorder.finish()
            self._guidance_warnings()
            if not sent:  # typing failed: the run still has a start, so it can be judged
                emit(run_ev.MessageSent(time.monotonic(), TRANSPORT_NAME, text))
            emit(run_ev.RunFailed(time.monotonic(), str(exc), self.tracker.text, run.reply_id))
            raise
        emit(run_ev.ReplyCompleted(time.monotonic(), self.tracker.text, run.reply_id))
        return self.tracker.text

    async def _until_idle(self, run: RunState) -> None:
        opts = self.options
        deadline = time.monotonic() + opts.run_timeout_s
        while True:
            await asyncio.sleep(0.02)
            now = time.monotonic()
            if self.failure is not None:
                raise self.failure
            last = max(self._last_activity, self._calls.last_activity)
            quiet = now - last >= opts.idle_s
            # a page stuck in a loop is silent too: only a live event loop counts as idle
            quiet = quiet and now - self._logic.last_beat < 3 * opts.heartbeat_ms / 1000
            busy = self._timers or self.recorder.open_http or self.recorder.unapplied
            if run.tapped and quiet and not busy:
                return
            if now > deadline:
                raise PageRunTimedOut(f"the page was still busy after {opts.run_timeout_s:.0f} s")

    # -- the logic layer's messages --------------------------------------------------------
    def _from_logic(self, msg: Message) -> None:
        self._last_activity = time.monotonic()
        kind = msg.get("t")
        try:
            if kind in _TO_VIEW:
                self._page_state(msg)
                self.view.post(msg)
            elif kind == "setData":
                self._set_data(msg)
            elif kind == "call":
                self._calls.call(msg)
            elif kind == "log":
                self._log(str(msg.get("level", "log")), str(msg.get("text", "")))
            elif kind == "error":
                self._page_error(msg)
            elif kind == "timers":
                self._timers = int(msg["n"])
            elif kind == "eventDone":
                self._events_done += 1
                if self.recorder.run is not None:
                    self.recorder.run.tapped = True
            elif kind == "ready":
                self._logic.ready = True
                self._ready.set()
            elif kind == "loadFailed":
                self.failure = self.failure or PageLoadFailed(self._load_error("the app failed"))
                self._ended.set()
            elif kind in self.extra_from_logic:
                self.extra_from_logic[kind](msg)
        except Exception:  # a host bug must not take the channel down
            logger.exception("! logic message %s failed", kind)

    def _page_state(self, msg: Message) -> None:
        kind = msg["t"]
        if kind == "componentReady":
            self.tracker.reset(msg.get("id"), msg.get("data") or {})
            return
        page = int(msg["id"])
        if kind == "pageCreate":
            self.stack.append(page)
            self.routes[page] = msg["route"]
            self.tracker.reset(page, msg.get("data") or {})
            self.wx.ui.set_current_page(page, self._bar(msg["route"]))
        elif kind == "pageShow":
            self.wx.ui.set_current_page(page)
        elif kind == "pageDestroy":
            if page in self.stack:
                self.stack.remove(page)
            self.tracker.drop(page)
            self.wx.ui.page_destroyed(page)
            if self.top is not None:
                self.wx.ui.set_current_page(self.top)

    def _bar(self, route: str) -> ui_ev.NavigationBar:
        page = self.project.page(route)
        window = page.window if page is not None else {}
        return ui_ev.NavigationBar(
            title=str(window.get("navigationBarTitleText", "")),
            front_color=_BAR_TEXT.get(str(window.get("navigationBarTextStyle")), "#000000"),
            background_color=str(window.get("navigationBarBackgroundColor", "#ffffff")),
        )

    def _set_data(self, msg: Message) -> None:
        self.recorder.set_data(msg)
        # a component's (id "c…") setData counts for the page on top, the one on screen
        route = self.routes.get(msg["id"]) or self.routes.get(self.top or 0, "?")
        self.guidance.record(route, float(msg["at"]), int(msg.get("bytes", 0)))
        self.view.post(msg)

    def _guidance_warnings(self) -> None:
        for warning in self.guidance.finish():
            self._log("warn", warning.text)

    def _page_error(self, msg: Message) -> None:
        record = PageErrorRecord(
            str(msg.get("message", "")), msg.get("file"), msg.get("line"),
            str(msg.get("where", "")), str(msg.get("stack", "")),
        )  # fmt: skip
        self.errors.append(record)
        self._log("page-error", f"{record.where}: {record}", record.stack)
        if self.recorder.run is not None:
            self.recorder.run.errors.append(record)

    def _logic_ended(self, failure: PageError | None) -> None:
        if failure is not None and self.failure is None:
            self.failure = failure
        self._ended.set()

    def _log(self, level: str, text: str, stack: str = "") -> None:
        line = PageLog(time.monotonic(), level, text, stack)
        self.console.append(line)
        if self.on_log is not None:
            self.on_log(line)

    # -- the view's messages ---------------------------------------------------------------
    def _from_view(self, msg: Message) -> None:
        self._last_activity = time.monotonic()
        kind = msg.get("t")
        try:
            if kind in _TO_LOGIC:
                self._logic.post(msg)
                if kind == "componentDetach":
                    self.tracker.drop(msg.get("id"))
                if kind == "firstRender" and msg.get("id") == (self.stack[0] if self.stack else 1):
                    self._first_render.set()
            elif kind == "applied":
                self.recorder.applied(msg)
                self._logic.post(msg)
            elif kind == "error":
                record = PageErrorRecord(
                    str(msg.get("message", "")), msg.get("file"), msg.get("line"), "view"
                )
                self.errors.append(record)
                self._log("page-error", f"view: {record}")
                if self.recorder.run is not None:
                    self.recorder.run.errors.append(record)
            elif kind == "log":
                self._log(str(msg.get("level", "log")), str(msg.get("text", "")))
        except Exception:
            logger.exception("! view message %s failed", kind)

    # -- the runtime's events --------------------------------------------------------------
    def _app_hidden(self, res: Any) -> None:
        self._logic.post({"t": "appHide"})

    def _app_shown(self, res: Any) -> None:
        self._logic.post({"t": "appShow", "options": res if isinstance(res, dict) else {}})

    def _on_wx_event(self, event: wx_ev.WxEvent) -> None:
        self._last_activity = time.monotonic()
        self.recorder.wx_event(event)
