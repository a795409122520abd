"""Replay: pick the recorded reply for a prompt and turn it into a plan with its own timing.

Matching, in order: the exact prompt (several recordings of one prompt are served in turn),
then the fallback: `order` (the recordings one after another, in file order, round and round),
`closest` (the recording whose prompt is most similar, difflib ratio), or `none` (404
`no_recording`).
"""

from __future__ import annotations

import difflib
import itertools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from backend_stub.errors import StubError
from backend_stub.llm.fake_llm import ReplyPlan
from backend_stub.replies.cassette import RecordedReply, read_cassette
from backend_stub.scenario import Scenario

Fallback = Literal["order", "closest", "none"]
FALLBACKS: tuple[Fallback, ...] = ("order", "closest", "none")


@dataclass(frozen=True)
class ReplayConfig:
    path: str | os.PathLike[str]
    speed: float = 1.0
    """Timing scale: 2 plays twice as fast (offsets halved)."""
    fallback: Fallback = "order"
    timing: str | os.PathLike[str] | None = None
    """Another cassette whose timing replaces the recording's (see `retime`)."""


class Replayer:
    """The recordings of one cassette, served by prompt. Use from one thread (the stub's loop)."""

    def __init__(self, config: ReplayConfig):
        if config.speed <= 0:
            raise ValueError("replay speed must be positive")
        self.config = config
        self.replies = read_cassette(config.path)
        if not self.replies:
            raise ValueError(f"{config.path}: no complete reply in this cassette")
        self._timing = read_cassette(config.timing) if config.timing else []
        self._by_prompt: dict[str, list[int]] = {}
        for index, reply in enumerate(self.replies):
            self._by_prompt.setdefault(reply.prompt, []).append(index)
        self._turns: dict[str, itertools.cycle[int]] = {
            prompt: itertools.cycle(indexes) for prompt, indexes in self._by_prompt.items()
        }
        self._in_order = itertools.cycle(range(len(self.replies)))

    def match(self, prompt: str) -> int:
        """Index of the recording to serve for `prompt`.

        Raises:
            StubError: 404 `no_recording` when nothing matches and the fallback is `none`.
        """
        turn = self._turns.get(prompt)
        if turn is not None:
            return next(turn)
        fallback = self.config.fallback
        if fallback == "order":
            return next(self._in_order)
        if fallback == "closest":
            return max(
                range(len(self.replies)),
                key=lambda i: difflib.SequenceMatcher(None, prompt, self.replies[i].prompt).ratio(),
            )
        raise StubError(404, "no_recording", "no recorded reply for this prompt (fallback: none)")

    def plan(self, message: str, scenario: Scenario) -> ReplyPlan:
        """The plan of the matched recording: its pieces, its offsets (or another cassette's)
        scaled by the scenario's `speed` or the config's, then the scenario's stall; a
        recorded failure fails it again."""
        index = self.match(message)
        reply = self.replies[index]
        offsets: Sequence[float] = reply.offsets
        if self._timing:
            source = self._timing_for(reply, index)
            offsets = retime(len(reply.pieces), source.offsets)
        speed = scenario.speed or self.config.speed
        scaled = [at / speed for at in offsets]
        if scenario.stall_at is not None:
            pause = scenario.stall_ms / 1000.0
            scaled = [at + pause if i >= scenario.stall_at else at for i, at in enumerate(scaled)]
        return ReplyPlan(
            text=reply.text, pieces=reply.pieces, offsets=tuple(scaled), failure=reply.error
        )

    def _timing_for(self, reply: RecordedReply, index: int) -> RecordedReply:
        same = [r for r in self._timing if r.prompt == reply.prompt and r.offsets]
        if same:
            return same[0]
        usable = [r for r in self._timing if r.offsets] or self._timing
        return usable[index % len(usable)]


def retime(count: int, offsets: Sequence[float]) -> tuple[float, ...]:
    """`count` offsets following `offsets`; past its end they go on at its mean gap."""
    if not offsets:
        return (0.0,) * count
    taken = list(offsets[:count])
    gap = (offsets[-1] - offsets[0]) / (len(offsets) - 1) if len(offsets) > 1 else 0.0
    while len(taken) < count:
        taken.append(taken[-1] + gap)
    return tuple(taken)
