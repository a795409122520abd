"""Run history in SQLite, shared by the window and `bench --history` (Qt-free)."""

from simulator.history.store import (
    EMBEDDED_STUB,
    FIGURES,
    GROUP_KEYS,
    HistoryGroup,
    HistoryRecord,
    HistoryStore,
    default_path,
    record_from_metrics,
)

__all__ = [
    "EMBEDDED_STUB",
    "FIGURES",
    "GROUP_KEYS",
    "HistoryGroup",
    "HistoryRecord",
    "HistoryStore",
    "default_path",
    "record_from_metrics",
]
