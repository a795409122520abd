"""`AppDriver`: the running project as automation sees it.

Wraps a `ProjectHost` (without changing it): requests to the logic layer go as `automation`
messages (evaluate, call/mock wx, page data and methods; project-protocol.md, "Automation"),
requests to the view as `autoFind`/`autoElement`/`autoWindow`, so a tap or an input reaches
the page through the view's DOM events as a person's would. `App.exit` stops the app; the next
request that needs it launches it again (DevTools' recompile), on the same backend session.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable
from typing import Any

from simulator.automation.errors import AutomationError
from simulator.page.errors import PageError
from simulator.page.host import PageLog
from simulator.project.host import ProjectHost
from simulator.project.port import Message
from simulator.project.recorder import PageErrorRecord

HostFactory = Callable[[Callable[[PageLog], None]], Awaitable[ProjectHost]]
"""Starts a project host whose console lines go to the given callback."""
LogSink = Callable[[PageLog, PageErrorRecord | None], None]
EventSink = Callable[[str, dict[str, Any]], None]
HostStopper = Callable[[ProjectHost], Awaitable[None]]
"""Stops a host the driver started (App.exit); the window's stops its own way."""
Capture = Callable[[], Awaitable[bytes | None]]
"""A PNG of the page as shown (the window's web view); None: no pixels to give."""

LOGIC_TIMEOUT_S = 60.0
"""An `automation` request to the logic layer (callWxMethod may wait for the network)."""


class AppDriver:
    """One project for any number of automation clients."""

    def __init__(
        self,
        start_host: HostFactory,
        on_log: LogSink | None = None,
        on_event: EventSink | None = None,
        stop_host: HostStopper | None = None,
        capture: Capture | None = None,
    ) -> None:
        self._start_host = start_host
        self._stop_host = stop_host or _stop
        self.capture = capture
        self.on_log = on_log
        self.on_event = on_event
        self.host: ProjectHost | None = None
        self._q = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[Message]] = {}
        self._lock = asyncio.Lock()
        self.launches = 0

    # -- the app's life ----------------------------------------------------------------------
    async def app(self) -> ProjectHost:
        """The running host, launched first if it is not running.

        Raises:
            AutomationError: the project failed to start (its error, with file:line).
        """
        async with self._lock:
            host = self.host
            if host is not None and host.failure is None:
                return host
            if host is not None:  # the logic layer died: start afresh
                self.host = None
                await self._stop_host(host)
            try:
                host = await self._start_host(self.log_line)
            except PageError as exc:
                raise AutomationError(f"the mini-program failed to start: {exc}") from exc
            self.adopt(host)
            self.launches += 1
            return host

    def adopt(self, host: ProjectHost) -> None:
        """Drive `host` from now on: one its owner (the window) started or restarted."""
        if self.host is not None and self.host is not host:
            self._fail_waiting("the mini-program was reopened")
        host.extra_from_logic["automationResult"] = self._answer
        host.extra_from_logic["automationEvent"] = self._event
        self.host = host

    async def exit(self) -> None:
        """App.exit: stop the mini-program (logic and view)."""
        async with self._lock:
            host, self.host = self.host, None
            if host is not None:
                await self._stop_host(host)
            self._fail_waiting("the mini-program exited")

    def _event(self, msg: Message) -> None:
        if self.on_event is not None and isinstance(msg.get("method"), str):
            self.on_event(msg["method"], dict(msg.get("params") or {}))

    def log_line(self, line: PageLog) -> None:
        """A console line of the app (its error record with it) to the log sink."""
        record = None
        if line.level == "page-error" and self.host is not None and self.host.errors:
            record = self.host.errors[-1]
        if self.on_log is not None:
            self.on_log(line, record)

    # -- the logic layer ---------------------------------------------------------------------
    async def logic(self, op: str, timeout: float = LOGIC_TIMEOUT_S, **fields: Any) -> Any:
        """Run one `auto` op in the logic layer; its JSON value.

        Raises:
            AutomationError: the op failed (the JS error's message), or no answer in time.
        """
        host = await self.app()
        q = next(self._q)
        fut: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
        self._waiting[q] = fut
        host.post_logic({"t": "automation", "q": q, "op": op, **fields})
        deadline = time.monotonic() + timeout
        try:
            # the logic layer may die meanwhile (a runaway loop is stopped): say so at once
            while not fut.done():
                if host.failure is not None:
                    raise AutomationError(f"the mini-program stopped: {host.failure}")
                if time.monotonic() > deadline:
                    raise AutomationError(f"the logic layer did not answer {op!r} in {timeout:g} s")
                await asyncio.wait({fut}, timeout=0.05)
            answer = fut.result()
        finally:
            self._waiting.pop(q, None)
        if not answer.get("ok"):
            raise AutomationError(str(answer.get("error") or f"{op} failed"))
        return answer.get("value")

    def _answer(self, msg: Message) -> None:
        fut = self._waiting.get(msg.get("q", -1))
        if fut is not None and not fut.done():
            fut.set_result(msg)

    def _fail_waiting(self, why: str) -> None:
        for fut in self._waiting.values():
            if not fut.done():
                fut.set_exception(AutomationError(why))

    # -- the view ----------------------------------------------------------------------------
    async def view(self, msg: Message) -> Any:
        """One request to the view; its value.

        Raises:
            AutomationError: the view's reason (no such element, not an input, …).
        """
        host = await self.app()
        try:
            answer = await host.ask(msg)
        except PageError as exc:
            raise AutomationError(str(exc)) from exc
        if answer.get("ok") is False:
            raise AutomationError(str(answer.get("error") or f"{msg.get('t')} failed"))
        return answer.get("value")

    async def settle(self) -> None:
        """Return once the page handled what the view sent so far and the view drew the
        setData that followed: a logic round trip (it reads its input in order), then a
        view one."""
        await self.logic("ping")
        await self.view({"t": "text"})

    # -- pages -------------------------------------------------------------------------------
    async def page_stack(self) -> list[dict[str, Any]]:
        value = await self.logic(
            "eval",
            fn="() => getCurrentPages().map((p) => ({ pageId: p.__wxWebviewId__, "
            "path: p.route, query: p.options || {} }))",
        )
        return list(value or [])

    async def current_page(self) -> dict[str, Any]:
        stack = await self.page_stack()
        if not stack:
            raise AutomationError("no page is open")
        return dict(stack[-1])

    async def wait_idle(self, quiet_s: float = 0.4, timeout_s: float = 120.0) -> float:
        """Wait until the page has nothing running (requests, timers, unapplied setData) and
        nothing happened for `quiet_s`; seconds waited.

        Raises:
            AutomationError: still busy after `timeout_s`, or the app failed.
        """
        host = await self.app()
        began = time.monotonic()
        while True:
            if host.failure is not None:
                raise AutomationError(str(host.failure))
            if host.is_idle(quiet_s):
                return time.monotonic() - began
            if time.monotonic() - began > timeout_s:
                raise AutomationError(f"the page was still busy after {timeout_s:g} s")
            await asyncio.sleep(0.02)


async def _stop(host: ProjectHost) -> None:
    await host.stop()
    await host.wx.aclose()
