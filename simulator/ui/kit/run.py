"""One chat run as the window sees it: prompt, transport, timeline, and how it ended."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

from simulator.metrics import EmissionTrace, RunMetrics, RunTimeline
from simulator.transports.events import (
    CharsPainted,
    ChunkReceived,
    ReplyCompleted,
    RunEvent,
    RunFailed,
    RunStopped,
)
from simulator.ui.kit.live_figures import LiveFigures

_ids = itertools.count(1)

RunListener = Callable[["Run", RunEvent], None]


class Run:
    """A transport's run of one prompt; its events go to a `RunTimeline` and to listeners.

    Plain Python: the controller bridges `listen` to Qt signals, the bubble reports its
    paints back through `record_paint`.
    """

    def __init__(self, transport: str, prompt: str, race: bool = False) -> None:
        self.id = next(_ids)
        self.transport = transport
        self.prompt = prompt
        self.race = race
        self.timeline = RunTimeline()
        self.live = LiveFigures()
        """Figures updated per event, for the live displays."""
        self.outcome: ReplyCompleted | RunFailed | RunStopped | None = None
        self.trace: EmissionTrace | None = None
        """The backend's emission stamps for this reply, when it keeps them (our stub)."""
        self._received: list[str] = []
        self._listeners: list[RunListener] = []

    def listen(self, fn: RunListener) -> None:
        """Call `fn(run, event)` after every event is recorded."""
        self._listeners.append(fn)

    def emit(self, event: RunEvent) -> None:
        """Record one event (the transport's `emit`); events after the outcome are dropped."""
        if self.outcome is not None and not isinstance(event, CharsPainted):
            return
        if isinstance(event, ChunkReceived):
            self._received.append(event.text)
        elif isinstance(event, ReplyCompleted | RunFailed | RunStopped):
            self.outcome = event
        self.timeline.add(event)
        self.live.add(event)
        for fn in list(self._listeners):
            fn(self, event)

    def record_paint(self, count: int, total: int, at: float | None = None) -> None:
        """The bubble painted `count` characters (`total` so far)."""
        self.emit(CharsPainted(at=time.monotonic() if at is None else at, count=count, total=total))

    @property
    def ended(self) -> bool:
        """The transport reported its outcome."""
        return self.outcome is not None

    @property
    def received_text(self) -> str:
        """Reply text that reached the page so far."""
        return "".join(self._received)

    def metrics(self) -> RunMetrics | None:
        """Measured figures so far (None before `MessageSent`)."""
        try:
            return self.timeline.metrics(self.trace)
        except ValueError:
            return None
