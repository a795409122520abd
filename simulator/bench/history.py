"""`bench --history`: the bench's runs appended to the window's SQLite history."""

from __future__ import annotations

from simulator.bench.runner import BenchResult
from simulator.history import EMBEDDED_STUB, HistoryStore, record_from_metrics


def append_history(result: BenchResult, store: HistoryStore | None = None) -> int:
    """Add every run of `result`; returns how many were added."""
    store = store or HistoryStore()
    config = result.config
    s = config.settings
    settings = {"cps": s.typewriter_cps, "download_fidelity": s.download_fidelity,
                "backend_kind": s.backend_kind, "prompt": config.prompt}  # fmt: skip
    backend = result.backend if s.backend_url else EMBEDDED_STUB  # as the window says
    for run in result.runs:
        store.add(
            record_from_metrics(
                run.metrics, backend=backend, network=config.network,
                scenario=run.scenario, settings=settings, source="bench",
                verdict=run.verdict,
            )
        )  # fmt: skip
    return len(result.runs)
