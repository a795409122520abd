"""Our figures that Locust does not know, per transport, mergeable across worker processes.

Workers ship them to the master in Locust's own `report_to_master` / `worker_report` events, as
plain dicts of numbers (msgpack-friendly); the master adds them up.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from simulator.load.client import VERDICTS, ReplyOutcome

LATENESS_BUCKET_MS = 1.0
"""Lateness histogram resolution; percentiles are read back to the bucket's upper edge."""


@dataclass
class TransportExtra:
    """Sums over the replies of one transport (and a histogram of chunk lateness)."""

    replies: int = 0
    requests: int = 0
    sockets: int = 0
    empty_polls: int = 0
    bytes: int = 0
    chars: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    lateness: Counter[int] = field(default_factory=Counter)
    """Bucket index (ms // LATENESS_BUCKET_MS) → chunks."""

    def add(self, outcome: ReplyOutcome) -> None:
        self.replies += 1
        self.requests += outcome.requests
        self.sockets += outcome.sockets
        self.empty_polls += outcome.empty_polls
        self.bytes += outcome.bytes
        self.chars += outcome.chars
        self.verdicts[outcome.verdict] += 1
        for ms in outcome.lateness_ms:
            self.lateness[max(0, math.floor(ms / LATENESS_BUCKET_MS))] += 1

    def merge(self, other: TransportExtra) -> None:
        self.replies += other.replies
        self.requests += other.requests
        self.sockets += other.sockets
        self.empty_polls += other.empty_polls
        self.bytes += other.bytes
        self.chars += other.chars
        self.verdicts.update(other.verdicts)
        self.lateness.update(other.lateness)

    def per_reply(self, total: int) -> float | None:
        return total / self.replies if self.replies else None

    def lateness_percentile(self, q: float) -> float | None:
        """The q-quantile (0..1) of chunk lateness in ms (bucket upper edge), None without data."""
        count = sum(self.lateness.values())
        if count == 0:
            return None
        rank = max(1, math.ceil(q * count))
        seen = 0
        for bucket in sorted(self.lateness):
            seen += self.lateness[bucket]
            if seen >= rank:
                return (bucket + 1) * LATENESS_BUCKET_MS
        return None  # pragma: no cover - rank <= count

    def to_wire(self) -> dict[str, Any]:
        return {
            "replies": self.replies,
            "requests": self.requests,
            "sockets": self.sockets,
            "empty_polls": self.empty_polls,
            "bytes": self.bytes,
            "chars": self.chars,
            "verdicts": dict(self.verdicts),
            "lateness": [[k, v] for k, v in self.lateness.items()],
        }

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> TransportExtra:
        return cls(
            replies=int(data["replies"]),
            requests=int(data["requests"]),
            sockets=int(data["sockets"]),
            empty_polls=int(data["empty_polls"]),
            bytes=int(data["bytes"]),
            chars=int(data["chars"]),
            verdicts=Counter({str(k): int(v) for k, v in data["verdicts"].items()}),
            lateness=Counter({int(k): int(v) for k, v in data["lateness"]}),
        )


@dataclass
class ExtraStats:
    """Per transport; `take` empties it (what a worker reports each interval)."""

    by_transport: dict[str, TransportExtra] = field(default_factory=dict)

    def add(self, outcome: ReplyOutcome) -> None:
        self.by_transport.setdefault(outcome.transport, TransportExtra()).add(outcome)

    def merge_wire(self, data: dict[str, Any]) -> None:
        for name, wire in data.items():
            mine = self.by_transport.setdefault(name, TransportExtra())
            mine.merge(TransportExtra.from_wire(wire))

    def take(self) -> dict[str, Any]:
        wire = {name: extra.to_wire() for name, extra in self.by_transport.items()}
        self.by_transport = {}
        return wire

    def verdict_counts(self, name: str) -> dict[str, int]:
        extra = self.by_transport.get(name, TransportExtra())
        return {v: extra.verdicts.get(v, 0) for v in VERDICTS}
