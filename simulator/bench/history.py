"""`bench --history`: the bench's runs appended to the window's SQLite history."""

from __future__ import annotations

from simulator.bench.runner import BenchResult
from simulator.history import EMBEDDED_STUB, HistoryStore, record_from_metrics


def append_history(result: BenchResult, store: HistoryStore | None = None) -> int:
    """Add every run of `result`; returns how many were added."""
    store = store or HistoryStore()
    config = result.config
    settings = {"cps": config.chars_per_second, "download_fidelity": config.download_fidelity,
                "backend_kind": config.backend_kind, "prompt": config.prompt}  # fmt: skip
    backend = result.backend if config.backend_url else EMBEDDED_STUB  # as the window says
    for run in result.runs:
        store.add(
            record_from_metrics(
                run.metrics, backend=backend, network=config.network,
                scenario=run.scenario, settings=settings, source="bench",
                text_exact=run.text_exact,
            )
        )  # fmt: skip
    return len(result.runs)
