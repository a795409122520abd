"""The bench's columns, each one entry: its header and how its cell is computed.

Adding a column = one entry in `TABLE_COLUMNS` (the printed comparison table) or
`CSV_COLUMNS` (one row per run in bench.csv / bench.json).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.bench.judging import buffering_cell, run_buffering
from simulator.bench.runner import BenchRun
from simulator.metrics import Aggregate, RunMetrics, Stats
from simulator.metrics.stats import PHASE_FIELDS
from simulator.verdict import Kind, Status


def _ms(value: float | None) -> str:
    return (
        "—" if value is None else f"{value * 1000:.0f}" if value >= 0.1 else f"{value * 1000:.1f}"
    )


def _pair(stats: Stats) -> str:
    return f"{_ms(stats.p50)}/{_ms(stats.p95)}"


def _per_reply(stats: Stats) -> str:
    return "—" if stats.p50 is None else f"{stats.p50:.0f}"


def _verdicts(runs: Sequence[BenchRun]) -> str:
    """The verdict words of the runs (`simulator.verdict.VERDICTS`), counted when mixed."""
    words = [r.verdict.status.value if r.verdict is not None else "?" for r in runs]
    counts = {w: words.count(w) for w in dict.fromkeys(words)}
    if len(counts) == 1:
        return words[0]
    return ", ".join(f"{n} {w}" for w, n in counts.items())


def _delay(delays: Stats) -> str:
    if delays.n == 0:  # no emission stamps from this backend: say so rather than "—"
        return "no stamps"
    return f"{_ms(delays.p50)}/{_ms(delays.p95)}/{_ms(delays.max)}"


@dataclass(frozen=True, slots=True)
class TableColumn:
    """A column of the comparison table: one row per transport (aggregated over its runs)."""

    header: str
    cell: Callable[[str, Aggregate, Sequence[BenchRun]], str]
    """(row name, aggregate, the runs) → cell text."""


TABLE_COLUMNS: tuple[TableColumn, ...] = (
    TableColumn("transport", lambda name, agg, runs: name),
    TableColumn("ok/runs", lambda name, agg, runs: f"{sum(r.ok for r in runs)}/{len(runs)}"),
    TableColumn("verdict", lambda name, agg, runs: _verdicts(runs)),
    TableColumn("connect", lambda name, agg, runs: _pair(agg["connected_s"])),
    TableColumn("1st byte", lambda name, agg, runs: _pair(agg["first_byte_s"])),
    TableColumn("1st char", lambda name, agg, runs: _pair(agg["first_paint_s"])),
    TableColumn("last byte", lambda name, agg, runs: _pair(agg["last_byte_s"])),
    TableColumn(
        "delay p50/p95/max",
        lambda name, agg, runs: _delay(agg["delivery_delays"]),
    ),
    TableColumn(
        "gap p95/max", lambda name, agg, runs: f"{_ms(agg['gaps'].p95)}/{_ms(agg['gaps'].max)}"
    ),
    TableColumn("req/reply", lambda name, agg, runs: _per_reply(agg["requests"])),
    TableColumn("bytes/reply", lambda name, agg, runs: _per_reply(agg["bytes"])),
    TableColumn("buffered", lambda name, agg, runs: buffering_cell(runs)),
)


def _delays_ms(m: RunMetrics, pick: Callable[[list[float]], float]) -> float | None:
    delays = sorted(m.delivery_delays)
    return pick(delays) * 1000 if delays else None


@dataclass(frozen=True, slots=True)
class CsvColumn:
    """A field of the per-run rows (CSV header and JSON key)."""

    name: str
    value: Callable[[BenchRun], Any]


def _metric(name: str) -> CsvColumn:
    return CsvColumn(name, lambda run: getattr(run.metrics, name))


CSV_COLUMNS: tuple[CsvColumn, ...] = (
    CsvColumn("transport", lambda run: run.transport),
    CsvColumn("scenario", lambda run: run.scenario),
    CsvColumn("run", lambda run: run.number),
    CsvColumn("ok", lambda run: run.ok),
    CsvColumn("verdict", lambda run: run.verdict.as_dict()["verdict"] if run.verdict else None),
    CsvColumn("kind", lambda run: run.verdict.as_dict()["kind"] if run.verdict else None),
    CsvColumn("why", lambda run: run.verdict.as_dict()["why"] if run.verdict else None),
    CsvColumn("failure", lambda run: run.verdict.as_dict()["failure"] if run.verdict else None),
    CsvColumn("text_exact", lambda run: run.text_exact),
    _metric("error"),
    CsvColumn("error_kind", lambda run: run.metrics.error_kind),
    *(_metric(name) for name in PHASE_FIELDS),
    CsvColumn("delay_p50_ms", lambda run: _delays_ms(run.metrics, lambda d: d[len(d) // 2])),
    CsvColumn("delay_max_ms", lambda run: _delays_ms(run.metrics, lambda d: d[-1])),
    CsvColumn("gap_max_ms", lambda run: max(run.metrics.gaps) * 1000 if run.metrics.gaps else None),
    *(_metric(name) for name in ("requests", "empty_responses", "bytes", "chars", "chunks")),
    CsvColumn("buffered", lambda run: run_buffering(run)[0]),
    CsvColumn("buffered_measure", lambda run: run_buffering(run)[1]),
)


def unsupported_entry(transport: str, why: str) -> dict[str, Any]:
    """bench.json's entry for a transport the backend cannot serve: the run columns that apply
    (as `simulator.verdict.unsupported(why)` would fill them)."""
    return {
        "transport": transport,
        "verdict": Status.UNSUPPORTED.value,
        "kind": Kind.UNSUPPORTED.value,
        "why": why,
    }
