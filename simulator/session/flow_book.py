"""`FlowBook`: a session's lanes' flow logs as one record the network panel, HAR and the bench
read (the logs are the runtimes' own; nothing here copies a flow)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from simulator.wx.flows import Flow, FlowChange, FlowLog, FlowObserver

log = logging.getLogger(__name__)

PAST_FLOWS_KEPT = 1000
"""Flows of earlier generations (runtimes a settings change or a page reload replaced) kept
besides each lane's newest log: the window runs for hours, the record stays bounded."""
WINDOW_FLOW_EVENTS = 100_000
"""Events each flow keeps in the window's session: the panel's detail and HAR show them all."""


class FlowSource(Protocol):
    """What a view of the flow records needs: the records now, and every change after."""

    def flows(self, lane: str | None = None) -> list[Flow]: ...

    def observe_flows(self, fn: FlowObserver, lane: str | None = None) -> Callable[[], None]: ...


class FlowBook:
    """Every lane's flow log of a session: the live one and earlier generations of it.

    A log joins when its runtime is made (`add`) and stays after the runtime closed, so what
    a view showed can still be exported; the oldest earlier generations leave once they hold
    more than `keep_past` flows. Observers hear ("added" | "updated", flow) of every log,
    including logs added after they subscribed; `flow.lane` says whose it is.
    """

    def __init__(self, keep_past: int = PAST_FLOWS_KEPT) -> None:
        self.keep_past = keep_past
        self._logs: dict[FlowLog, Callable[[], None]] = {}
        """Oldest first, each with the function that stops observing it."""
        self._observers: list[FlowObserver] = []

    def add(self, flow_log: FlowLog) -> None:
        """A new runtime's log (named after its lane); a lane's older logs become past."""
        if flow_log not in self._logs:
            self._logs[flow_log] = flow_log.observe(self._notify)
            self._trim()

    def flows(self, lane: str | None = None) -> list[Flow]:
        """Every kept flow (of `lane`), oldest first."""
        found = [f for fl in self._logs if lane in (None, fl.lane) for f in fl.flows()]
        return sorted(found, key=lambda f: f.started_at)

    def lanes(self) -> list[str]:
        """The lanes with a log, in the order they first appeared."""
        return list(dict.fromkeys(fl.lane for fl in self._logs))

    def observe_flows(self, fn: FlowObserver, lane: str | None = None) -> Callable[[], None]:
        """Call `fn(change, flow)` on every change of a flow (of `lane`), now and in logs
        added later; returns the function that stops it."""
        observer = fn
        if lane is not None:

            def observer(change: FlowChange, flow: Flow) -> None:
                if flow.lane == lane:
                    fn(change, flow)

        self._observers.append(observer)
        return lambda: self._observers.remove(observer) if observer in self._observers else None

    def _notify(self, change: FlowChange, flow: Flow) -> None:
        for fn in tuple(self._observers):
            try:
                fn(change, flow)
            except Exception:  # one broken view must not stop the others, nor the runtime
                log.exception("! flow observer %r failed", fn)

    def _trim(self) -> None:
        newest = {fl.lane: fl for fl in self._logs}
        past = [fl for fl in self._logs if newest[fl.lane] is not fl]
        held = sum(len(fl) for fl in past)
        for fl in past:
            if held <= self.keep_past:
                break
            held -= len(fl)
            self._logs.pop(fl)()
