"""A headless painter: the UI's typewriter ticked at 60 Hz, reporting `CharsPainted`."""

from __future__ import annotations

import asyncio
import time

from simulator.metrics import RunTimeline
from simulator.transports.events import (
    CharsPainted,
    ChunkReceived,
    ReplyCompleted,
    RunEvent,
    RunFailed,
    RunStopped,
)
from simulator.typewriter import Policy, Typewriter

FRAME_S = 1 / 60


class HeadlessPainter:
    """Feeds arrivals of one run's timeline into a `Typewriter` and paints on a frame clock.

    "First character" then means the same headless as in the window: the first frame on
    which the typewriter hands out a character. A stopped run shows what arrived at once.
    """

    def __init__(self, timeline: RunTimeline, policy: Policy, chars_per_second: float) -> None:
        self.timeline = timeline
        self.typewriter = Typewriter(policy, chars_per_second)
        self._ended = asyncio.Event()
        self._stopped = False
        self._unsubscribe = timeline.subscribe(self._on_event)

    def _on_event(self, event: RunEvent) -> None:
        if isinstance(event, ChunkReceived):
            self.typewriter.feed(event.text, event.at)
        elif isinstance(event, ReplyCompleted | RunFailed | RunStopped):
            self.typewriter.finish(event.at)
            self._stopped = isinstance(event, RunStopped)
            self._ended.set()

    async def run(self, max_s: float = 600.0) -> None:
        """Paint until the run ended and the backlog is typed out (or `max_s` passed)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max_s
        next_frame = loop.time()
        try:
            while loop.time() < deadline:
                if self._ended.is_set() and (self.typewriter.done or self._stopped):
                    break
                next_frame += FRAME_S
                await asyncio.sleep(max(0.0, next_frame - loop.time()))
                now = time.monotonic()
                text = self.typewriter.take_all() if self._stopped else self.typewriter.take(now)
                if text:
                    self.timeline.add(CharsPainted(now, len(text), self.typewriter.painted))
        finally:
            self._unsubscribe()
