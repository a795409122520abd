"""Bench outputs: the seed's comparison table (measured), CSV per run, JSON with aggregates."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from simulator.bench.columns import CSV_COLUMNS, TABLE_COLUMNS, unsupported_entry
from simulator.bench.runner import BenchResult, BenchRun
from simulator.bench.scenarios_used import scenario_text
from simulator.metrics import Aggregate, aggregate
from simulator.verdict import Status

CSV_FIELDS = tuple(c.name for c in CSV_COLUMNS)


def by_transport(result: BenchResult) -> dict[str, tuple[Aggregate, list[BenchRun]]]:
    """Aggregates per transport ("transport @ scenario" with several scenarios), in run order."""
    several = len(result.config.scenarios) > 1
    groups: dict[str, list[BenchRun]] = {}
    for run in result.runs:
        key = f"{run.transport} @ {run.scenario}" if several else run.transport
        groups.setdefault(key, []).append(run)
    return {name: (aggregate([r.metrics for r in runs]), runs) for name, runs in groups.items()}


def format_table(result: BenchResult) -> str:
    """The seed's 方案对比 table, but with measured figures (ms as p50/p95 over runs)."""
    header = tuple(c.header for c in TABLE_COLUMNS)
    rows: list[Sequence[str]] = [header]
    for name, (agg, runs) in by_transport(result).items():
        rows.append(tuple(c.cell(name, agg, runs) for c in TABLE_COLUMNS))
    for name, why in result.unsupported.items():
        rows.append((name, Status.UNSUPPORTED.value, why[:90]))
    full = [row for row in rows if len(row) == len(header)]
    widths = [max(len(row[i]) for row in full) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    failures = [
        f"  {r.transport} run {r.number}: "
        + (
            f"[{r.verdict.kind}] {r.verdict.why}"
            if r.verdict is not None and r.verdict.kind
            else f"[{r.metrics.error_kind}] {r.metrics.error}"
            if r.metrics.error
            else "text differs from the backend reply"
        )
        for r in result.runs
        if not r.ok
    ]
    foot = [
        f"times in ms after send (p50/p95 over runs); {scenario_text(result)}, "
        f"network {result.config.network}, backend {result.backend}"
    ]
    verdicts = [r.verdict.status.value for r in result.runs if r.verdict is not None]
    if verdicts:
        counts = {v: verdicts.count(v) for v in dict.fromkeys(verdicts)}
        foot.append("verdicts: " + ", ".join(f"{n} {v}" for v, n in counts.items()))
    foot += result.warnings
    if result.warmup_s is not None:
        foot.append(
            f"client warm-up before the first run: {result.warmup_s * 1000:.0f} ms (not measured)"
        )
    return "\n".join(lines + foot + (["failures:", *failures] if failures else []))


def run_row(run: BenchRun) -> dict[str, Any]:
    return {c.name: c.value(run) for c in CSV_COLUMNS}


def json_row(run: BenchRun) -> dict[str, Any]:
    """A run in bench.json: the CSV row plus the text the page received."""
    return {**run_row(run), "text": run.metrics.text}


def tidy_floats(value: Any, key: str = "") -> Any:
    """`value` with its floats rounded for a JSON document: milliseconds (keys ending `_ms`)
    to µs, other figures (seconds, ratios) to 6 places (µs); a clock gives no more."""
    if isinstance(value, float):
        return round(value, 3 if key.endswith("_ms") else 6)
    if isinstance(value, dict):
        return {k: tidy_floats(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [tidy_floats(v, key) for v in value]
    return value


def write_csv(result: BenchResult, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for run in result.runs:
            writer.writerow(run_row(run))


def write_json(result: BenchResult, path: Path) -> None:
    aggregates = {
        name: {
            "runs": agg.runs,
            "failures": sum(not r.ok for r in runs),
            **{
                field: {"n": s.n, "p50": s.p50, "p95": s.p95, "p99": s.p99, "max": s.max}
                for field, s in agg.fields.items()
            },
        }
        for name, (agg, runs) in by_transport(result).items()
    }
    body = {
        "config": {
            "transports": list(result.config.transports),
            "runs": result.config.runs,
            "scenarios": list(result.config.scenarios),
            "network": result.config.network,
            "backend": result.backend,
            "prompt": result.config.prompt,
        },
        "aggregates": aggregates,
        "runs": [json_row(r) for r in result.runs],
        "unsupported": [unsupported_entry(name, why) for name, why in result.unsupported.items()],
        "warmup_s": result.warmup_s,
        "warnings": result.warnings,
    }
    path.write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")
