"""Aggregates over runs: p50 / p95 / max per field, per transport and scenario."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from simulator.metrics.timeline import RunMetrics

PHASE_FIELDS = (
    "connected_s",
    "first_byte_s",
    "first_paint_s",
    "last_byte_s",
    "last_paint_s",
    "end_s",
)
"""The run's phases in time order, seconds after `MessageSent`."""

SCALAR_FIELDS = (
    *PHASE_FIELDS,
    "requests",
    "bytes",
    "chars",
    "chunks",
    "empty_responses",
)
"""Per-run figures aggregated one value per run (None values are left out)."""

SERIES_FIELDS = ("gaps", "delivery_delays")
"""Per-chunk figures, pooled over all runs before taking percentiles."""


@dataclass(frozen=True, slots=True)
class Stats:
    """Distribution of one figure; all None when no run had a value."""

    n: int
    p50: float | None
    p95: float | None
    p99: float | None
    max: float | None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100), linear between closest ranks; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100.0
    lo, hi = math.floor(rank), math.ceil(rank)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (rank - lo)


def stats_of(values: Iterable[float]) -> Stats:
    """p50/p95/p99/max of `values`."""
    data = list(values)
    return Stats(
        n=len(data),
        p50=percentile(data, 50),
        p95=percentile(data, 95),
        p99=percentile(data, 99),
        max=max(data) if data else None,
    )


@dataclass(frozen=True, slots=True)
class Aggregate:
    """Figures over several runs of one transport (and scenario)."""

    runs: int
    failures: int
    stopped: int
    fields: dict[str, Stats]

    def __getitem__(self, name: str) -> Stats:
        return self.fields[name]


def aggregate(runs: Sequence[RunMetrics]) -> Aggregate:
    """p50/p95/p99/max per field over `runs` (per-chunk series pooled over all runs)."""
    fields: dict[str, Stats] = {}
    for name in SCALAR_FIELDS:
        values = [v for v in (getattr(r, name) for r in runs) if v is not None]
        fields[name] = stats_of(float(v) for v in values)
    for name in SERIES_FIELDS:
        fields[name] = stats_of(v for r in runs for v in getattr(r, name))
    return Aggregate(
        runs=len(runs),
        failures=sum(1 for r in runs if r.failed),
        stopped=sum(1 for r in runs if r.stopped),
        fields=fields,
    )


def aggregate_by(runs: Iterable[tuple[str, str, RunMetrics]]) -> dict[tuple[str, str], Aggregate]:
    """Group `(transport, scenario, metrics)` triples and aggregate each group."""
    groups: dict[tuple[str, str], list[RunMetrics]] = {}
    for transport, scenario, metrics in runs:
        groups.setdefault((transport, scenario), []).append(metrics)
    return {key: aggregate(group) for key, group in groups.items()}
