"""`RunHandle`: the one owner of a run — its timeline, text so far, single outcome, live figures.

The window, the bench, page mode and the probe all hold the same kind of handle, made by
`Session.start` (or by `drive` for a caller that only wants events). Whoever observes a run
listens to its handle; nobody else keeps "text so far" or decides that a run has ended.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from typing import Any

from simulator.metrics import EmissionTrace, RunMetrics, RunTimeline
from simulator.metrics.live import LiveFigures
from simulator.transports.events import (
    CharsPainted,
    ChunkReceived,
    FallbackTaken,
    MessageSent,
    ReplyCompleted,
    RunEvent,
    RunFailed,
    RunStopped,
)
from simulator.transports.failures import FailureKind

Outcome = ReplyCompleted | RunFailed | RunStopped
OUTCOMES = (ReplyCompleted, RunFailed, RunStopped)
RunListener = Callable[["RunHandle", RunEvent], None]

MAX_REPLY_CHARS = 2_000_000
"""Characters one reply may bring before it is ended (its timeline holds every chunk)."""

_ids = itertools.count(1)


class RunHandle:
    """One prompt on one source (a transport row or a page), from `MessageSent` to its outcome.

    Rules kept here and nowhere else: `MessageSent` comes first (added when a run ends before
    it sent anything); exactly one outcome; nothing but paints after it (the typewriter may
    still be catching up); a reply over `max_chars` ends as `too_large` with its text kept.
    `emit` is what a transport is given; `record_paint` is what a painter calls.
    """

    def __init__(
        self, source: str, prompt: str, *, race: bool = False, max_chars: int = MAX_REPLY_CHARS
    ) -> None:
        self.id = next(_ids)
        self.source = source
        self.prompt = prompt
        self.race = race
        self.max_chars = max_chars
        self.timeline = RunTimeline()
        self.live = LiveFigures()
        """Figures updated per event, for the live displays (the final ones: `metrics()`)."""
        self.outcome: Outcome | None = None
        self.trace: EmissionTrace | None = None
        """The backend's emission stamps for this reply, when it keeps them (our stub)."""
        self.task: asyncio.Task[Any] | None = None
        """The task driving the run, when `Session.start` made it."""
        self.cut_by_limit = False
        """The run was ended here (over `max_chars`) and its task cancelled for that."""
        self._started = False
        self._received: list[str] = []
        self._listeners: tuple[RunListener, ...] = ()
        self._tier: str | None = None

    @property
    def transport(self) -> str:
        """The source's name (a transport row's, or `page`)."""
        return self.source

    @property
    def transport_shown(self) -> str:
        """The transport, and for `auto` the tier it is on ("auto → websocket"): the first
        one it tried, or the last one it fell back to."""
        tier = self._tier
        return f"{self.source} → {tier}" if tier is not None else self.source

    # -- observing ---------------------------------------------------------------------------
    def listen(self, fn: RunListener) -> Callable[[], None]:
        """Call `fn(handle, event)` after every recorded event; returns the unsubscribe."""
        self._listeners = (*self._listeners, fn)

        def unsubscribe() -> None:
            self._listeners = tuple(f for f in self._listeners if f is not fn)

        return unsubscribe

    # -- recording ---------------------------------------------------------------------------
    def emit(self, event: RunEvent) -> None:
        """Record one event; late events after the outcome are dropped (paints excepted)."""
        if self.outcome is not None and not isinstance(event, CharsPainted):
            return
        self._started = True
        if isinstance(event, ChunkReceived):
            self._received.append(event.text)
            if self.live.chars + len(event.text) > self.max_chars:
                self._record(event)
                error = f"reply over {self.max_chars} characters"
                self._record(
                    RunFailed(event.at, error, self.received_text, kind=FailureKind.TOO_LARGE)
                )
                self.cut_by_limit = True
                if self.task is not None:
                    self.task.cancel()
                return
        elif isinstance(event, OUTCOMES):
            self.outcome = event
        self._record(event)

    def _record(self, event: RunEvent) -> None:
        if isinstance(event, OUTCOMES):
            self.outcome = event
        elif isinstance(event, MessageSent) and event.tier is not None:
            self._tier = event.tier
        elif isinstance(event, FallbackTaken):
            self._tier = event.to_transport
        self.timeline.add(event)
        self.live.add(event)
        for fn in self._listeners:
            fn(self, event)

    __call__ = emit

    def record_paint(self, count: int, total: int, at: float | None = None) -> None:
        """The view painted `count` characters (`total` so far): into the timeline, once."""
        self.emit(CharsPainted(at=time.monotonic() if at is None else at, count=count, total=total))

    def end(self, make: Callable[[float, str], Outcome]) -> Outcome:
        """End the run with `make(at, text so far)` unless it has ended already."""
        if self.outcome is None:
            at = time.monotonic()
            if not self._started:
                self.emit(MessageSent(at, self.source, self.prompt))
            self.emit(make(at, self.received_text))
        assert self.outcome is not None
        return self.outcome

    # -- reading -----------------------------------------------------------------------------
    @property
    def ended(self) -> bool:
        """The source reported its outcome."""
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

    async def wait(self) -> Outcome:
        """The outcome, once the driving task is done."""
        if self.task is not None:
            await asyncio.gather(self.task, return_exceptions=True)
        assert self.outcome is not None, "a run without a task ends through end()"
        return self.outcome
