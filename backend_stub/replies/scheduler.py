"""One timer for every reply in flight: each tick emits all chunks that are due, in due order."""

from __future__ import annotations

import asyncio
import heapq
import itertools

from backend_stub.replies.inflight import Reply

# A tick may run up to this early (timer resolution); chunks due within it are emitted.
_EARLY = 0.0001


class Scheduler:
    """Drives `Reply.emit_due` from one `call_at` timer instead of a sleeping task per stream.

    A sleeping task per stream costs a timer, a future and a task step per chunk; at 1,000
    streams x 20 tokens/s that alone saturates a core (shared PERF.md). Here a tick pops every
    reply that is due and emits its chunks synchronously; sinks write without awaiting.
    Must be used from the loop it was created on.
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        tick_budget_s: float = 0.005,
        chunks_per_turn: int = 32,
    ):
        self._loop = loop
        self._tick_budget = tick_budget_s
        self._chunks_per_turn = chunks_per_turn
        self._resume: asyncio.Handle | None = None
        self.yields = 0
        """Ticks that ran out of budget and let the loop serve I/O before going on."""
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
        if self._resume is not None:
            self._resume.cancel()
            self._resume = None
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._heap.clear()

    def _arm(self) -> None:
        if not self._heap or self._resume is not None:
            return
        due = self._heap[0][0]
        if self._timer is not None:
            if self._timer_at <= due:
                return
            self._timer.cancel()
        self._timer_at = due
        self._timer = self._loop.call_at(due, self._tick)

    def _tick(self) -> None:
        """Emit what is due, most overdue first, `chunks_per_turn` per reply per turn (so one
        fast stream cannot starve the others); past `tick_budget_s` of CPU, let the loop read
        and write (health checks, new requests) and go on right after."""
        self._timer = None
        self._timer_at = float("inf")
        self._resume = None
        heap = self._heap
        loop = self._loop
        started = loop.time()
        now = started + _EARLY
        while heap and heap[0][0] <= now:
            _, _, reply = heapq.heappop(heap)
            reply.emit_due(now, self._chunks_per_turn)
            due = reply.next_due()
            if due is not None:
                heapq.heappush(heap, (due, next(self._order), reply))
            now = loop.time() + _EARLY
            if now - started > self._tick_budget and heap and heap[0][0] <= now:
                if self._timer is not None:
                    self._timer.cancel()
                    self._timer = None
                self.yields += 1
                self._resume = loop.call_soon(self._tick)
                return
        self._arm()
