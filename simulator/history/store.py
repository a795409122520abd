"""One SQLite file of every run: its conditions, figures and verdict.

The file lives in the platform's data directory (platformdirs), so runs from the window and
from `bench --history` land in the same place and survive restarts. `WX_STREAM_SIM_HISTORY`
points it elsewhere (tests, a shared folder).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.metrics.timeline import RunMetrics
from simulator.verdict import Status, Verdict, verdict_word

if TYPE_CHECKING:
    import sqlite3

# sqlite3, csv, statistics and platformdirs are imported where used: the window creates its
# store before its first paint and touches the file only after it.

ENV_PATH = "WX_STREAM_SIM_HISTORY"
EMBEDDED_STUB = "embedded stub"
"""The backend of runs on the embedded stub (its port changes with every start)."""
GROUP_KEYS = ("transport", "backend", "network", "scenario", "verdict")
"""The conditions runs are grouped by: only like is compared with like."""
FIGURES = ("connected_s", "first_byte_s", "first_paint_s", "last_byte_s", "last_paint_s")
"""The figures kept per run (seconds after send); a group shows their medians."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    source TEXT NOT NULL,
    transport TEXT NOT NULL,
    backend TEXT NOT NULL,
    network TEXT NOT NULL,
    scenario TEXT NOT NULL,
    verdict TEXT NOT NULL,
    error TEXT,
    chars INTEGER NOT NULL,
    figures TEXT NOT NULL,
    settings TEXT NOT NULL
)
"""


def default_path() -> Path:
    """Where the history lives unless `WX_STREAM_SIM_HISTORY` says otherwise."""
    given = os.environ.get(ENV_PATH)
    if given:
        return Path(given)
    import platformdirs

    return platformdirs.user_data_path("wx-stream-sim", appauthor=False) / "history.sqlite3"


@dataclass(frozen=True, slots=True)
class HistoryRecord:
    """One run as stored."""

    transport: str
    backend: str
    network: str
    scenario: str
    verdict: str
    """A word of `simulator.verdict.VERDICTS` (exact, consistent, unverified, failed,
    unsupported, stopped); words of older histories are read as today's."""
    chars: int
    figures: Mapping[str, float | None]
    settings: Mapping[str, Any] = field(default_factory=dict)
    error: str | None = None
    source: str = "window"
    """"window" | "bench"."""
    at: float = 0.0
    """Wall-clock seconds (0: now, when added)."""


@dataclass(frozen=True, slots=True)
class HistoryGroup:
    """Runs under the same conditions, with the medians of their figures."""

    key: tuple[str, ...]
    """Values of `GROUP_KEYS`, in order."""
    runs: int
    medians: dict[str, float | None]
    last_at: float


def verdict_of(metrics: RunMetrics, verdict: Verdict | None = None) -> str:
    """The stored word: the run's judged verdict, else what its ending alone says (a run
    nothing checked is unverified, never ok)."""
    if verdict is not None:
        return verdict.status.value
    if metrics.stopped:
        return Status.STOPPED.value
    if metrics.failed or not metrics.completed:
        return Status.FAILED.value
    return Status.UNVERIFIED.value


def record_from_metrics(
    metrics: RunMetrics,
    *,
    backend: str,
    network: str,
    scenario: str,
    settings: Mapping[str, Any] | None = None,
    source: str = "window",
    verdict: Verdict | None = None,
) -> HistoryRecord:
    """The record of one measured run."""
    return HistoryRecord(
        transport=metrics.transport,
        backend=backend,
        network=network,
        scenario=scenario or "default",
        verdict=verdict_of(metrics, verdict),
        chars=metrics.chars,
        figures={name: getattr(metrics, name) for name in FIGURES},
        settings=dict(settings or {}),
        error=metrics.error,
        source=source,
    )


def _word(stored: str) -> str:
    """A stored verdict as today's word (an old "ok" checked no text: unverified)."""
    return verdict_word(stored).status.value


class HistoryStore:
    """The history database; each call opens its own short connection (safe from any thread)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        import sqlite3

        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=5)) as db, db:
            db.execute(_SCHEMA)
            yield db

    def add(self, record: HistoryRecord) -> None:
        row = asdict(record)
        row["at"] = record.at or time.time()
        row["figures"] = json.dumps(dict(record.figures))
        row["settings"] = json.dumps(dict(record.settings), ensure_ascii=False, default=str)
        names = ", ".join(row)
        with self._db() as db:
            db.execute(f"INSERT INTO runs ({names}) VALUES ({', '.join('?' * len(row))})",
                       tuple(row.values()))  # fmt: skip

    def records(self) -> list[HistoryRecord]:
        """Every run, oldest first."""
        with self._db() as db:
            rows = db.execute(
                "SELECT transport, backend, network, scenario, verdict, chars, figures, settings,"
                " error, source, at FROM runs ORDER BY id"
            ).fetchall()
        return [
            HistoryRecord(t, b, n, s, _word(v), c, json.loads(f), json.loads(st), e, src, at)
            for t, b, n, s, v, c, f, st, e, src, at in rows
        ]

    def groups(self) -> list[HistoryGroup]:
        """Runs grouped by `GROUP_KEYS`, newest group first."""
        import statistics

        buckets: dict[tuple[str, ...], list[HistoryRecord]] = {}
        for record in self.records():
            key = tuple(str(getattr(record, k)) for k in GROUP_KEYS)
            buckets.setdefault(key, []).append(record)
        out = []
        for key, runs in buckets.items():
            medians: dict[str, float | None] = {}
            for name in FIGURES:
                values = [v for r in runs if (v := r.figures.get(name)) is not None]
                medians[name] = statistics.median(values) if values else None
            out.append(HistoryGroup(key, len(runs), medians, max(r.at for r in runs)))
        return sorted(out, key=lambda g: g.last_at, reverse=True)

    def reset(self) -> None:
        """Forget every run."""
        with self._db() as db:
            db.execute("DELETE FROM runs")

    def export_csv(self, path: Path) -> int:
        """Every run as CSV (one column per figure); returns the number of rows written."""
        import csv

        records = self.records()
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["at", "source", *GROUP_KEYS, "chars", *FIGURES, "error"])
            for r in records:
                when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(r.at))
                figures = ["" if (v := r.figures.get(n)) is None else f"{v:.4f}" for n in FIGURES]
                keys = [getattr(r, k) for k in GROUP_KEYS]
                writer.writerow([when, r.source, *keys, r.chars, *figures, r.error or ""])
        return len(records)
