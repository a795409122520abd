"""Typewriter pacing: how many received characters to paint on each frame (pure Python, no Qt)."""

from __future__ import annotations

import math
from collections import deque
from enum import StrEnum


class Policy(StrEnum):
    """How the typewriter turns bursty arrivals into a steady stream of painted characters."""

    FIXED = "fixed"
    """Always `chars_per_second`; a backlog simply waits (shows the true cost of a slow pace)."""
    ADAPTIVE = "adaptive"
    """At least `chars_per_second`, faster when behind so the backlog drains in `catch_up_s`."""
    FAST = "fast"
    """The seed's fallback for the sync transport: the whole reply typed out in `fast_s`."""


class Typewriter:
    """Paces characters for painting; the caller supplies every time (monotonic seconds).

    Feed arrivals with `feed`, say the stream ended with `finish`, and call `take` once per
    frame: it returns the characters to paint now. Characters are code points, so a Chinese
    reply types one 字 at a time, never one "word" of a whole sentence.

    Args:
        policy: the pacing policy.
        chars_per_second: the base pace.
        catch_up_s: ADAPTIVE: how long a backlog may take to drain.
        fast_s: FAST: how long the whole reply takes to type out.
    """

    def __init__(
        self,
        policy: Policy = Policy.ADAPTIVE,
        chars_per_second: float = 60.0,
        *,
        catch_up_s: float = 0.5,
        fast_s: float = 1.0,
    ) -> None:
        if chars_per_second <= 0:
            raise ValueError("chars_per_second must be positive")
        self.policy = policy
        self.chars_per_second = chars_per_second
        self.catch_up_s = catch_up_s
        self.fast_s = fast_s
        self._pending: deque[str] = deque()
        self._backlog = 0
        self._received = 0
        self._painted = 0
        self._credit = 0.0
        self._catch_rate = 0.0
        self._last_take: float | None = None
        self._finished = False

    @property
    def backlog(self) -> int:
        """Characters received but not painted yet."""
        return self._backlog

    @property
    def painted(self) -> int:
        """Characters handed out by `take` so far."""
        return self._painted

    @property
    def received(self) -> int:
        """Characters fed so far."""
        return self._received

    @property
    def done(self) -> bool:
        """The stream ended and every character has been painted."""
        return self._finished and self._backlog == 0

    def feed(self, text: str, at: float) -> None:
        """Characters arrived at time `at`."""
        if not text:
            return
        if self._backlog == 0:
            # Nothing waiting: the first character of a fresh arrival paints on the next
            # frame instead of waiting 1/cps, and no credit was banked while idle.
            self._credit = 1.0
            self._last_take = None
        self._pending.append(text)
        self._backlog += len(text)
        self._received += len(text)
        # Linear drain: the whole backlog as of this arrival paints within catch_up_s; the
        # rate holds until the next arrival, so a burst ends on time instead of trailing off.
        self._catch_rate = self._backlog / self.catch_up_s

    def finish(self, at: float) -> None:
        """The stream ended at `at`; what is left still types out at the policy's pace."""
        self._finished = True

    def set_policy(self, policy: Policy) -> None:
        """Switch policy mid-stream (e.g. `auto` fell back to sync)."""
        self.policy = policy

    def rate(self) -> float:
        """Characters per second the policy allows right now."""
        if self.policy is Policy.FIXED:
            return self.chars_per_second
        if self.policy is Policy.FAST:
            return max(self.chars_per_second * 4, self._received / self.fast_s)
        return max(self.chars_per_second, self._catch_rate)

    def take(self, now: float) -> str:
        """The characters to paint on the frame drawn at `now` (empty when none are due)."""
        if self._backlog == 0:
            self._last_take = now
            self._credit = 0.0
            return ""
        last = now if self._last_take is None else self._last_take
        self._last_take = now
        self._credit += self.rate() * max(0.0, now - last)
        count = min(self._backlog, math.floor(self._credit + 1e-6))
        if count <= 0:
            return ""
        self._credit -= count
        return self._pop(count)

    def take_all(self) -> str:
        """Everything still waiting (used when a run is stopped: show what arrived)."""
        return self._pop(self._backlog)

    def _pop(self, count: int) -> str:
        parts: list[str] = []
        left = count
        while left > 0:
            head = self._pending[0]
            if len(head) <= left:
                parts.append(self._pending.popleft())
                left -= len(head)
            else:
                parts.append(head[:left])
                self._pending[0] = head[left:]
                left = 0
        self._backlog -= count
        self._painted += count
        if self._backlog == 0:
            self._credit = 0.0
            self._catch_rate = 0.0
        return "".join(parts)
