"""Cost budgets: what one request, one connection, one identity and one address may take."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from backend_stub.config import Limits
from backend_stub.errors import StubError
from backend_stub.guards.inputs import ANONYMOUS
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
    open: dict[str, Reply] = field(default_factory=dict)
    """The replies in flight counted here, oldest first."""


ABANDONED = "abandoned"
"""Error code of a reply ended because nobody read it for `abandon_after_s`."""


def budget_key(user_id: str, client: str) -> str:
    """Whose budget a request spends: its `userId` when it names one, else its address."""
    if user_id and user_id != ANONYMOUS:
        return "user:" + user_id
    return "addr:" + client


class ClientBudgets:
    """Replies and characters in flight per identity (its `userId`, else its address), and
    per address for all its identities together (`max_address_share` of the stub).

    Each budget frees up as replies finish; a reply nobody reads for `abandon_after_s` (a
    closed socket that never resumed, a poll session nobody polls) is ended when its budget is
    wanted, so a client that stops gets its budget back within that window.
    """

    def __init__(self, limits: Limits):
        self._limits = limits
        self._usage: dict[str, _Usage] = {}
        share = max(0.0, limits.max_address_share)
        self._address_share = share < 1.0
        """False at a share of 1: the stub's own bounds (503) are the address's."""
        self._address_replies = max(1, int(limits.max_replies * share))
        self._address_chars = max(1, int(limits.max_held_chars * share))

    def usage(self, key: str) -> tuple[int, int]:
        used = self._usage.get(key)
        return (used.replies, used.chars) if used else (0, 0)

    def check(self, user_id: str, client: str, chars: int, now: float) -> None:
        """Raises StubError 429 `client_over_budget` when this identity or its address would go
        over its share (after ending its abandoned replies)."""
        limits = self._limits
        self._within(
            budget_key(user_id, client), chars, limits.max_client_replies,
            limits.max_client_chars, now, "this client",
        )  # fmt: skip
        if self._address_share:
            self._within(
                "addr*" + client, chars, self._address_replies, self._address_chars, now,
                "this address (all its users)",
            )  # fmt: skip

    def _within(
        self, key: str, chars: int, max_replies: int, max_chars: int, now: float, whose: str
    ) -> None:
        used = self._usage.get(key)
        if used is None:
            return
        if used.replies + 1 > max_replies or used.chars + chars > max_chars:
            self.end_abandoned(now, used)
        if used.replies + 1 > max_replies:
            raise StubError(
                429,
                "client_over_budget",
                f"{used.replies} replies in flight from {whose}, limit {max_replies}",
            )
        if used.chars + chars > max_chars:
            raise StubError(
                429,
                "client_over_budget",
                f"{used.chars} characters in flight from {whose}, limit {max_chars}",
            )

    def end_abandoned(self, now: float, used: _Usage | None = None) -> int:
        """End the replies (of `used`, or all) that nobody read for `abandon_after_s`."""
        window = self._limits.abandon_after_s
        pools = [used] if used is not None else list(self._usage.values())
        ended = 0
        for pool in pools:
            for reply in [r for r in pool.open.values() if r.unread_for(now) > window]:
                reply.fail(ABANDONED, f"nobody read this reply for {window:g} s")
                ended += 1
        return ended

    def charge(self, reply: Reply) -> None:
        """Count `reply` against its identity and its address until it finishes."""
        for key in self._keys(reply):
            used = self._usage.setdefault(key, _Usage())
            used.replies += 1
            used.chars += len(reply.plan.text)
            used.open[reply.reply_id] = reply
        reply.on_finish = self._release

    def _keys(self, reply: Reply) -> tuple[str, str]:
        return budget_key(reply.user_id, reply.client), "addr*" + reply.client

    def _release(self, reply: Reply) -> None:
        for key in self._keys(reply):
            used = self._usage.get(key)
            if used is None or used.open.pop(reply.reply_id, None) is None:
                continue
            used.replies -= 1
            used.chars -= len(reply.plan.text)
            if used.replies <= 0:
                del self._usage[key]


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
