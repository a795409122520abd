"""Cost budgets: what one request, one connection and one client address may take."""

from __future__ import annotations

import time
from dataclasses import dataclass

from backend_stub.config import Limits
from backend_stub.errors import StubError
from backend_stub.llm.fake_llm import Plan
from backend_stub.replies.inflight import Reply
from backend_stub.scenario import Scenario

_FRAME_OVERHEAD = 96
"""Bytes a framer adds per chunk at most (SSE/OpenAI/envelope JSON), for the write estimate."""


def planned_writes(plan: Plan, scenario: Scenario) -> int:
    """Writes the reply will cost on its most expensive route (upper estimate)."""
    chunks = len(plan.pieces)
    if scenario.slice_bytes is None:
        return chunks + 2
    wire = len(plan.text.encode()) + _FRAME_OVERHEAD * (chunks + 2)
    return chunks + 2 + wire // scenario.slice_bytes


def check_reply_cost(plan: Plan, scenario: Scenario, limits: Limits) -> None:
    """Refuse a reply whose plan costs more writes than one request may.

    Raises:
        StubError: 400 `over_budget`, saying which knobs to lower.
    """
    writes = planned_writes(plan, scenario)
    if writes > limits.max_reply_writes:
        raise StubError(
            400,
            "over_budget",
            f"this scenario needs ~{writes} writes, limit {limits.max_reply_writes}: "
            "lower length, raise chunk_tokens or slice_bytes",
        )


@dataclass
class _Usage:
    replies: int = 0
    chars: int = 0


class ClientBudgets:
    """Replies and characters in flight per client address; released as replies finish."""

    def __init__(self, limits: Limits):
        self._limits = limits
        self._usage: dict[str, _Usage] = {}

    def usage(self, client: str) -> tuple[int, int]:
        used = self._usage.get(client)
        return (used.replies, used.chars) if used else (0, 0)

    def check(self, client: str, chars: int) -> None:
        """Raises StubError 429 `client_over_budget` when `client` would go over its share."""
        used = self._usage.get(client) or _Usage()
        limits = self._limits
        if used.replies + 1 > limits.max_client_replies:
            raise StubError(
                429,
                "client_over_budget",
                f"{used.replies} replies in flight from this client, "
                f"limit {limits.max_client_replies}",
            )
        if used.chars + chars > limits.max_client_chars:
            raise StubError(
                429,
                "client_over_budget",
                f"{used.chars} characters in flight from this client, "
                f"limit {limits.max_client_chars}",
            )

    def charge(self, reply: Reply) -> None:
        """Count `reply` against its client until it finishes."""
        used = self._usage.setdefault(reply.client, _Usage())
        used.replies += 1
        used.chars += len(reply.plan.text)
        reply.on_finish = self._release

    def _release(self, reply: Reply) -> None:
        used = self._usage.get(reply.client)
        if used is None:
            return
        used.replies -= 1
        used.chars -= len(reply.plan.text)
        if used.replies <= 0:
            del self._usage[reply.client]


class TokenBucket:
    """`rate` events per second on average, `burst` at once."""

    def __init__(self, rate: float, burst: int):
        self._rate = rate
        self._burst = float(burst)
        self._tokens = float(burst)
        self._at = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self._tokens = min(self._burst, self._tokens + (now - self._at) * self._rate)
        self._at = now
        if self._tokens < 1.0:
            return False
        self._tokens -= 1.0
        return True
