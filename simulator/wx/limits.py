"""The platform's concurrency limits: at most N tasks at once, the rest queued or failed."""

from __future__ import annotations

from collections import deque
from typing import Literal


class TaskLimiter:
    """Slots for running tasks (sans-IO: the caller starts what `release` hands back).

    `admit(flow_id)` answers "run", "queue" or "fail"; `release(flow_id)` frees a slot (or
    drops a queued task) and returns the queued flow that may start now, if any.
    """

    def __init__(self, limit: int, over_limit: Literal["queue", "fail"]) -> None:
        self.limit = limit
        self.over_limit = over_limit
        self._running: set[int] = set()
        self._waiting: deque[int] = deque()

    @property
    def active(self) -> int:
        return len(self._running)

    @property
    def queued(self) -> int:
        return len(self._waiting)

    def admit(self, flow_id: int) -> Literal["run", "queue", "fail"]:
        if len(self._running) < self.limit:
            self._running.add(flow_id)
            return "run"
        if self.over_limit == "fail":
            return "fail"
        self._waiting.append(flow_id)
        return "queue"

    def release(self, flow_id: int) -> int | None:
        """`flow_id` ended (or left the queue); returns the next flow to start, if any."""
        if flow_id in self._waiting:
            self._waiting.remove(flow_id)
            return None
        self._running.discard(flow_id)
        if self._waiting and len(self._running) < self.limit:
            nxt = self._waiting.popleft()
            self._running.add(nxt)
            return nxt
        return None
