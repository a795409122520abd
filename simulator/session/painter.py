"""The one painter model: which characters of a run are painted on which frame.

The window's bubble and the headless bench both feed a run's events into a `PaintModel` and
call `frame(now)` once per frame, so one run paints the same timeline in both, including the
switch to the fast typewriter when `auto` falls back to a whole-body transport.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from simulator.transports.events import (
    CharsPainted,
    ChunkReceived,
    FallbackTaken,
    ReplyCompleted,
    RunEvent,
    RunFailed,
    RunStopped,
)
from simulator.transports.registry import uses_fast_typewriter
from simulator.typewriter import Policy, Typewriter

FRAME_S = 1 / 60
"""The headless frame period (the window's frame clock ticks at about the same rate)."""

PaintSink = Callable[[CharsPainted], None]


class PaintModel:
    """A run's typewriter and its rules; reports each paint as `CharsPainted` to `report`.

    - text arrives with `ChunkReceived`; a whole-body reply may come only with
      `ReplyCompleted`, whose text not fed yet is typed out too;
    - a transport marked `fast_typewriter` in the transport table (or an `auto` fallback to
      one) types out with `Policy.FAST`;
    - a stopped run shows at once everything that had arrived (painted at the stop's time).
    """

    def __init__(
        self,
        transport: str,
        policy: Policy,
        chars_per_second: float,
        report: PaintSink,
    ) -> None:
        if uses_fast_typewriter(transport):
            policy = Policy.FAST
        self.typewriter = Typewriter(policy, chars_per_second)
        self._report = report
        self._fed: list[str] = []
        self.ended = False
        self.stopped = False

    @property
    def done(self) -> bool:
        """The run ended and nothing is left to paint."""
        return self.ended and (self.stopped or self.typewriter.done)

    @property
    def policy(self) -> Policy:
        return self.typewriter.policy

    def on_event(self, event: RunEvent) -> str:
        """Apply one event of the run; returns text painted at once (a stop's flush), else ""."""
        if self.ended:
            return ""
        if isinstance(event, ChunkReceived):
            self._feed(event.text, event.at)
        elif isinstance(event, FallbackTaken) and uses_fast_typewriter(event.to_transport):
            self.typewriter.set_policy(Policy.FAST)
        elif isinstance(event, ReplyCompleted):
            fed = "".join(self._fed)
            if len(event.text) > len(fed) and event.text.startswith(fed):
                self._feed(event.text[len(fed) :], event.at)
            self._end(event.at)
        elif isinstance(event, RunFailed):
            self._end(event.at)
        elif isinstance(event, RunStopped):
            self._end(event.at)
            self.stopped = True
            return self._paint(self.typewriter.take_all(), event.at)
        return ""

    def frame(self, now: float) -> str:
        """The characters painted on the frame drawn at `now` (reported when not empty)."""
        if self.stopped:
            return ""
        return self._paint(self.typewriter.take(now), now)

    def _feed(self, text: str, at: float) -> None:
        self._fed.append(text)
        self.typewriter.feed(text, at)

    def _end(self, at: float) -> None:
        self.ended = True
        self.typewriter.finish(at)

    def _paint(self, text: str, at: float) -> str:
        if text:
            self._report(CharsPainted(at, len(text), self.typewriter.painted))
        return text


class HeadlessFrames:
    """Frames for a `PaintModel` without a window: `frame(now)` every `FRAME_S` until done.

    Subscribe `on_event` to the run's events (after the model's own `on_event`): the loop
    stops once the run ended and its backlog is typed out.
    """

    def __init__(self, model: PaintModel) -> None:
        self.model = model
        self._ended = asyncio.Event()

    def on_event(self, event: RunEvent) -> None:
        if isinstance(event, ReplyCompleted | RunFailed | RunStopped):
            self._ended.set()

    async def run(self, max_s: float = 600.0) -> None:
        """Paint until the run ended and nothing is left (or `max_s` passed)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max_s
        next_frame = loop.time()
        while loop.time() < deadline:
            if self._ended.is_set() and self.model.done:
                return
            next_frame += FRAME_S
            await asyncio.sleep(max(0.0, next_frame - loop.time()))
            self.model.frame(time.monotonic())
