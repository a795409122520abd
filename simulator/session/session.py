"""`Session`: the backend (embedded stub or URL), the wx runtimes and the trace of one setup."""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

from simulator.metrics import EmissionTrace, fetch_emission_trace
from simulator.session.backend import embedded_profile, file_profile, start_stub, url_profile
from simulator.session.driver import Outcome, drive, events
from simulator.session.flow_book import FlowBook
from simulator.session.painter import PaintModel, PaintSink
from simulator.session.run import RunHandle
from simulator.session.settings import RunSettings
from simulator.transports.backend import BackendProfile
from simulator.transports.base import SendMessage, Transport
from simulator.transports.events import EmitEvent, ReplyCompleted, RunEvent
from simulator.transports.registry import transport_spec
from simulator.wx import WxRuntime
from simulator.wx.events import WxEvent
from simulator.wx.flows import Flow, FlowObserver
from simulator.wx.native import NativeOptions

if TYPE_CHECKING:
    from backend_stub import EmbeddedStub

log = logging.getLogger(__name__)

STUB_CONTROL_TOKEN_ENV = "STUB_CONTROL_TOKEN"
"""Where a stub at a URL's control token is given (the stub reads the same variable)."""
TransportFactory = Callable[[], Awaitable[Transport]]
"""Gives a ready transport (a page's, or one made from a row)."""
WxEventSink = Callable[[str, WxEvent], None]
"""(lane, runtime event): the network log."""


class Session:
    """Composes runs from `RunSettings`: window, bench and tests all run through one.

    The backend starts on first use (the embedded stub in its own thread, so a window paints
    meanwhile). Each lane (by default the transport's name) gets its own `WxRuntime`, so the
    network log knows which transport did what and a race's transports do not share one
    concurrency limit.
    """

    def __init__(
        self,
        settings: RunSettings | None = None,
        on_wx_event: WxEventSink | None = None,
        *,
        flow_events: int = 0,
    ) -> None:
        """`flow_events`: events each flow record of the session's runtimes keeps (for HAR and
        the network panel's detail; 0 keeps the figures only)."""
        self.settings = (settings or RunSettings()).check()
        self._on_wx_event = on_wx_event
        self._flow_events = flow_events
        self._stub: EmbeddedStub | None = None
        self._profile: BackendProfile | None = None
        self._starting: asyncio.Future[BackendProfile] | None = None
        self._runtimes: dict[str, WxRuntime] = {}
        self._book = FlowBook()
        """Every lane's flow log, this setup's and earlier ones' (the one flow record)."""
        self._stub_default_set = False
        """`set_stub_scenario` was used on this backend: its default rules pages' requests."""

    async def __aenter__(self) -> Session:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- backend ---------------------------------------------------------------------------
    @property
    def profile(self) -> BackendProfile | None:
        """The backend profile once started."""
        return self._profile

    async def start(self) -> BackendProfile:
        """The backend profile, starting the embedded stub the first time.

        Raises:
            ValueError: bad path overrides or backend kind.
        """
        if self._profile is not None:
            return self._profile
        if self._starting is not None:
            return await asyncio.shield(self._starting)  # someone else is starting it
        starting = self._starting = asyncio.get_running_loop().create_future()
        try:
            profile = await self._make_profile()
        except asyncio.CancelledError:
            starting.cancel()
            raise
        except Exception as exc:
            starting.set_exception(exc)
            starting.exception()  # marked retrieved: each waiter re-raises it
            raise
        finally:
            self._starting = None
        self._profile = profile
        starting.set_result(profile)
        return profile

    async def _make_profile(self) -> BackendProfile:
        s = self.settings
        if s.profile_file:
            return file_profile(s)
        if s.backend_url:
            return url_profile(s)
        if self._stub is None:
            self._stub = await start_stub(s.replay)
            log.info("= embedded stub on %s", self._stub.base_url)
        return embedded_profile(self._stub, s)

    # -- runtimes and transports -----------------------------------------------------------
    def runtime(self, lane: str) -> WxRuntime:
        """The wx runtime of `lane` (created on first use, inside the running loop)."""
        wx = self._runtimes.get(lane)
        if wx is None:
            wx = self._runtimes[lane] = self.new_runtime(lane)
        return wx

    def new_runtime(
        self, lane: str | None = None, native: NativeOptions | None = None, **config: Any
    ) -> WxRuntime:
        """A fresh runtime from the settings, outside the lanes: the caller closes it.

        For a runtime per page (a page host, each simulated user of a load run). `config`
        overrides `WxConfig` fields (e.g. `user_data_dir`); with `lane`, its events go to the
        session's wx sink under that name; `native` sets the device, modal answers, launch.
        """
        wx_config = dataclasses.replace(self.settings.wx_config(), flow_events=self._flow_events)
        if config:
            wx_config = dataclasses.replace(wx_config, **config)
        wx = WxRuntime(wx_config, native)
        wx.flows.lane = lane or ""
        if lane is None:
            return wx  # a load run's user, a headless page: nobody's view, no record kept
        self._book.add(wx.flows)
        sink = self._on_wx_event
        if sink is not None:
            wx.events.subscribe(lambda event: sink(lane, event))
        return wx

    def flows(self, lane: str | None = None) -> list[Flow]:
        """The flow records of every lane (or of `lane`), oldest first: the one record the
        network panel, HAR and the bench read. Runtimes a settings change or a page reload
        replaced stay in it (the oldest of them leave past `PAST_FLOWS_KEPT` flows)."""
        return self._book.flows(lane)

    def observe_flows(self, fn: FlowObserver, lane: str | None = None) -> Callable[[], None]:
        """Call `fn(change, flow)` ("added" | "updated") on every change of a flow record of
        any lane (or of `lane`), including runtimes made later; returns the unsubscribe."""
        return self._book.observe_flows(fn, lane)

    def lanes(self) -> list[str]:
        """The lanes that have flow records, in the order they first appeared."""
        return self._book.lanes()

    def transport_options(self, cls: type[Transport]) -> dict[str, Any]:
        """The settings a transport class takes (by its keyword parameters)."""
        s = self.settings
        offered = {"first_text_s": s.first_text_s, "timeout_ms": s.request_timeout_ms}
        params = inspect.signature(cls.__init__).parameters
        return {k: v for k, v in offered.items() if k in params}

    async def transport(
        self, name: str, lane: str | None = None, *, wx: WxRuntime | None = None
    ) -> Transport:
        """A fresh transport `name` on `wx` (one of `new_runtime`'s), else on `lane`'s runtime
        (default: its own)."""
        cls = transport_spec(name).load()
        profile = await self.start()
        runtime = wx if wx is not None else self.runtime(lane or name)
        return cls(runtime, profile, **self.transport_options(cls))

    def message(self, text: str, user_id: str | None = None) -> SendMessage:
        """What the user sends, with the settings' scenario."""
        scenario = self.settings.scenario or None
        if user_id is None:
            return SendMessage(text, scenario=scenario)
        return SendMessage(text, user_id, scenario)

    async def run(
        self,
        name: str,
        message: SendMessage,
        emit: EmitEvent,
        *,
        lane: str | None = None,
        wx: WxRuntime | None = None,
        timeout_s: float | None = None,
    ) -> Outcome:
        """Drive one run of `name` (see `drive`; `lane`, `wx`: see `transport`)."""
        return await drive(
            lambda: self.transport(name, lane, wx=wx), name, message, emit, timeout_s=timeout_s
        )

    def launch(
        self,
        source: str | TransportFactory,
        text: str,
        *,
        name: str | None = None,
        race: bool = False,
        lane: str | None = None,
        timeout_s: float | None = None,
    ) -> RunHandle:
        """Start one run and return its handle at once (its `task` drives it).

        `source` is a transport row's name, or a factory of a ready transport (a loaded page:
        `name` then says what to call it). The run is bounded by `timeout_s` (default: the
        settings' `run_timeout_s`); a finished run with a reply id gets its trace attached.
        """
        label = source if isinstance(source, str) else (name or "page")
        handle = RunHandle(label, text, race=race)
        if isinstance(source, str):

            def make() -> Awaitable[Transport]:
                return self.transport(source, lane)

        else:
            make = source
        handle.task = asyncio.ensure_future(self._drive_and_trace(make, handle, timeout_s))
        return handle

    async def _drive_and_trace(
        self, make: TransportFactory, handle: RunHandle, timeout_s: float | None
    ) -> Outcome:
        # settings are read when the task runs: a reconfigure spawned just before applies
        message = self.message(handle.prompt)
        limit = self.settings.run_timeout_s if timeout_s is None else timeout_s
        outcome = await drive(make, handle.source, message, handle, timeout_s=limit)
        if isinstance(outcome, ReplyCompleted) and outcome.reply_id:
            try:
                handle.trace = await self.fetch_trace(outcome.reply_id)
            except Exception:  # the trace is a debugging extra; the run stands without it
                log.debug("no trace for %s", outcome.reply_id, exc_info=True)
        return outcome

    def events(
        self,
        name: str,
        message: SendMessage,
        *,
        lane: str | None = None,
        wx: WxRuntime | None = None,
        timeout_s: float | None = None,
    ) -> AsyncIterator[RunEvent]:
        """One run of `name`, yielded event by event (see `driver.events`)."""
        return events(lambda: self.transport(name, lane, wx=wx), name, message, timeout_s=timeout_s)

    def painter(self, transport: str, report: PaintSink) -> PaintModel:
        """The paint model of a run on `transport`, paced by the settings' typewriter."""
        s = self.settings
        return PaintModel(transport, s.policy, s.typewriter_cps, report)

    def page_scenario(self) -> str | None:
        """The scenario a page's or project's own requests to the backend carry: the
        settings' one, as a transport's message carries it, and only to a backend that
        understands scenarios. None once the stub's default was set through
        `set_stub_scenario` (automation's sim.setScenario, check): that default rules then,
        as it does for a page run headless."""
        profile = self._profile
        if profile is None or not profile.send_scenario or self._stub_default_set:
            return None
        return self.settings.scenario or None

    async def set_stub_scenario(self, spec: str) -> None:
        """The default scenario of the stub behind this session, for every new reply.

        The embedded stub takes it from us (we hold its control token); a stub at a URL takes
        the control token in `STUB_CONTROL_TOKEN` (the variable the stub itself reads), else
        the settings' token (a stub started with `--token` takes it for control too).

        Raises:
            ValueError: the spec does not parse, or the backend refused it.
        """
        profile = await self.start()
        if self._stub is not None:
            try:
                await asyncio.to_thread(self._stub.set_default_scenario, spec)
            except Exception as exc:  # the stub's own error: a spec that does not parse
                raise ValueError(str(exc)) from exc
            self._stub_default_set = True
            return
        import httpx

        url = profile.base_url.rstrip("/") + "/api/debug/scenario"
        headers = dict(profile.request_headers())
        control = os.environ.get(STUB_CONTROL_TOKEN_ENV)
        if control:
            headers["Authorization"] = f"Bearer {control}"
        async with httpx.AsyncClient(timeout=10) as client:
            res = await client.put(url, json={"scenario": spec}, headers=headers)
        if res.status_code != 200:
            raise ValueError(
                f"the backend refused the scenario (HTTP {res.status_code}): {res.text}"
            )
        self._stub_default_set = True

    # -- trace -----------------------------------------------------------------------------
    async def fetch_trace(self, reply_id: str | None) -> EmissionTrace | None:
        """The backend's emission trace of `reply_id` (None when it keeps none)."""
        profile = self._profile
        if reply_id is None or profile is None or profile.trace_path is None:
            return None
        return await fetch_emission_trace(
            profile.base_url, reply_id, path=profile.trace_path, headers=profile.request_headers()
        )

    # -- lifecycle -------------------------------------------------------------------------
    async def reconfigure(self, settings: RunSettings) -> None:
        """Apply new settings: new runtimes, and a new backend if a backend field changed.

        Every change takes effect before the first `await`: a run started right after
        (its task may run first) already uses the new settings.

        Raises:
            SettingsError: the new settings are invalid (nothing is changed then).
        """
        settings.check()
        backend_changed = settings.backend_differs(self.settings)
        replay_changed = settings.replay != self.settings.replay
        self.settings = settings
        runtimes, self._runtimes = list(self._runtimes.values()), {}
        stub = None
        if backend_changed:
            self._profile = None
            self._stub_default_set = False
            if settings.backend_url or settings.profile_file or replay_changed:
                stub, self._stub = self._stub, None
        for wx in runtimes:
            await wx.aclose()
        if stub is not None:
            await asyncio.to_thread(stub.stop)

    async def aclose(self) -> None:
        """Close every runtime and stop the embedded stub; nothing is left running."""
        runtimes, self._runtimes = list(self._runtimes.values()), {}
        for wx in runtimes:
            await wx.aclose()
        starting = self._starting
        if starting is not None and not starting.done():
            await asyncio.gather(asyncio.shield(starting), return_exceptions=True)
        stub, self._stub = self._stub, None
        if stub is not None:
            await asyncio.to_thread(stub.stop)
