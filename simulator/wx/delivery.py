"""The shell side of the emulated network: holds received pieces until they are due."""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from collections.abc import Callable

from simulator.wx.network import ChunkSlicing, NetworkProfile, Pacer, Slicer

_EARLY = 1e-4  # loop timers may fire a hair before `due`; don't re-arm for that

MERGE_WAIT_S = 0.016
"""Longest a merge holds a read's tail for the next read. A phone joins in one callback what
arrived before its JS thread got to it (about a frame), not what comes a token later: without
this bound a slow stream would wait a whole token gap for each merge (measured: chunked
delivery delay p99 61 ms instead of 0.9 ms at 50 tokens/s)."""

Deliver = Callable[[bytes, float], None]
"""Called with (piece, read_at) when a piece reaches the page."""


class Conveyor:
    """One flow's path from socket to page: re-slice, pace, then call back in order.

    With a pass-through profile pieces are handed on synchronously (no timer, no copy);
    otherwise each waits on a loop timer until the `Pacer` says it arrives.
    """

    def __init__(
        self,
        profile: NetworkProfile,
        slicing: ChunkSlicing | None,
        rng: random.Random,
        loop: asyncio.AbstractEventLoop,
    ) -> None:
        self.profile = profile
        self._slicer = Slicer(slicing, rng)
        self._pacer = Pacer(profile, rng)
        self._immediate = profile.passthrough
        self._slicing = slicing is not None
        self._loop = loop
        self._queue: deque[tuple[float, int, Callable[[], None]]] = deque()
        self._timer: asyncio.TimerHandle | None = None
        self._hold: asyncio.TimerHandle | None = None
        """Releases a merge's held tail when no read comes within MERGE_WAIT_S."""
        self.backlog_bytes = 0
        """Bytes queued for the page and not yet delivered."""
        self._space: asyncio.Event | None = None
        self._low = 0

    @property
    def passing_through(self) -> bool:
        """True when a piece pushed now would be handed on at once (no delay, none queued)."""
        return self._immediate and not self._queue

    def uplink_delay(self, nbytes: int) -> float:
        """Seconds to wait before sending `nbytes`."""
        return 0.0 if self._immediate else self._pacer.uplink_delay(nbytes)

    def push_event(self, fn: Callable[[], None], read_at: float, nbytes: int = 0) -> None:
        """Run `fn` when something of `nbytes` read at `read_at` reaches the page."""
        if self._immediate and not self._queue:
            fn()
            return
        due = read_at if self._immediate else self._pacer.due(nbytes, read_at)
        self._queue.append((due, nbytes, fn))
        self.backlog_bytes += nbytes
        self._arm()

    async def wait_below(self, low: int) -> None:
        """Return once the backlog has drained to `low` bytes (or the flow was cancelled)."""
        if self.backlog_bytes <= low:
            return
        self._low = low
        self._space = asyncio.Event()
        await self._space.wait()

    def _wake_reader(self) -> None:
        if self._space is not None and self.backlog_bytes <= self._low:
            self._space.set()
            self._space = None

    def push_data(self, data: bytes, read_at: float, deliver: Deliver) -> None:
        """A network read: re-slice it and deliver every piece."""
        if not self._slicing:
            self.push_event(lambda: deliver(data, read_at), read_at, len(data))
            return
        self._stop_hold()  # this read joins what a merge held
        for piece in self._slicer.feed(data):
            self.push_event(_bind(deliver, piece, read_at), read_at, len(piece))
        if self._slicer.holding:
            self._hold = self._loop.call_later(MERGE_WAIT_S, self._release_held, deliver, read_at)

    def _release_held(self, deliver: Deliver, read_at: float) -> None:
        """No read came in time: the held tail goes on alone (it was read at `read_at`)."""
        self._hold = None
        for piece in self._slicer.flush():
            self.push_event(_bind(deliver, piece, read_at), read_at, len(piece))

    def _stop_hold(self) -> None:
        if self._hold is not None:
            self._hold.cancel()
            self._hold = None

    def push_end(self, fn: Callable[[], None], read_at: float, deliver: Deliver) -> None:
        """End of stream: flush held bytes, then run `fn` after them."""
        self._stop_hold()
        for piece in self._slicer.flush():
            self.push_event(_bind(deliver, piece, read_at), read_at, len(piece))
        self.push_event(fn, read_at)

    def cancel(self) -> None:
        """Drop everything not yet delivered (abort, timeout, close)."""
        self._stop_hold()
        self._queue.clear()
        self.backlog_bytes = 0
        self._wake_reader()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    @property
    def pending(self) -> int:
        return len(self._queue)

    def _arm(self) -> None:
        if self._timer is not None or not self._queue:
            return
        delay = self._queue[0][0] - time.monotonic()
        self._timer = self._loop.call_later(max(delay, 0.0), self._drain)

    def _drain(self) -> None:
        self._timer = None
        now = time.monotonic() + _EARLY
        while self._queue and self._queue[0][0] <= now:
            _, nbytes, fn = self._queue.popleft()
            self.backlog_bytes -= nbytes
            fn()
        self._wake_reader()
        self._arm()


def _bind(deliver: Deliver, piece: bytes, read_at: float) -> Callable[[], None]:
    return lambda: deliver(piece, read_at)
