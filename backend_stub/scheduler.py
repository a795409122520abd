"""One timer for every reply in flight: each tick emits all chunks that are due, in due order."""

from __future__ import annotations

import asyncio
import heapq
import itertools

from backend_stub.replies import Reply

# A tick may run up to this early (timer resolution); chunks due within it are emitted.
_EARLY = 0.0001


class Scheduler:
    """Drives `Reply.emit_due` from one `call_at` timer instead of a sleeping task per stream.

    A sleeping task per stream costs a timer, a future and a task step per chunk; at 1,000
    streams x 20 tokens/s that alone saturates a core (shared PERF.md). Here a tick pops every
    reply that is due and emits its chunks synchronously; sinks write without awaiting.
    Must be used from the loop it was created on.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self._loop = loop
        self._heap: list[tuple[float, int, Reply]] = []
        self._order = itertools.count()
        self._timer: asyncio.TimerHandle | None = None
        self._timer_at = float("inf")
        self.closed = False

    def __len__(self) -> int:
        return len(self._heap)

    def add(self, reply: Reply) -> None:
        """Start emitting `reply` on its plan (its first chunk may already be due)."""
        due = reply.next_due()
        if due is None or self.closed:
            return
        heapq.heappush(self._heap, (due, next(self._order), reply))
        self._arm()

    def close(self) -> None:
        """Stop the timer; replies in flight stay where they are."""
        self.closed = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._heap.clear()

    def _arm(self) -> None:
        if not self._heap:
            return
        due = self._heap[0][0]
        if self._timer is not None:
            if self._timer_at <= due:
                return
            self._timer.cancel()
        self._timer_at = due
        self._timer = self._loop.call_at(due, self._tick)

    def _tick(self) -> None:
        self._timer = None
        self._timer_at = float("inf")
        heap = self._heap
        now = self._loop.time() + _EARLY
        while heap and heap[0][0] <= now:
            _, _, reply = heapq.heappop(heap)
            reply.emit_due(now)
            due = reply.next_due()
            if due is not None:
                heapq.heappush(heap, (due, next(self._order), reply))
            now = self._loop.time() + _EARLY
        self._arm()
