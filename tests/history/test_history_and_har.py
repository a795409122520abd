"""The SQLite history and the HAR writer without Qt: `bench --har FILE --history`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from haralyzer import HarParser

from simulator.__main__ import main
from simulator.history import EMBEDDED_STUB, HistoryRecord, HistoryStore
from simulator.history.store import ENV_PATH


def record(transport: str, first_byte: float | None, verdict: str = "ok") -> HistoryRecord:
    return HistoryRecord(transport, EMBEDDED_STUB, "2g", "default", verdict, 10,
                         {"first_byte_s": first_byte})  # fmt: skip


def test_groups_keep_unlike_runs_apart_and_take_medians(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    for value in (0.1, 0.3, 0.2):
        store.add(record("websocket", value))
    store.add(record("websocket", None, verdict="failed"))
    store.add(record("sync", 1.0))
    groups = {g.key: g for g in HistoryStore(tmp_path / "h.sqlite3").groups()}
    # An old history's "ok" checked no text: it reads as today's "unverified".
    ok = groups[("websocket", EMBEDDED_STUB, "2g", "default", "unverified")]
    assert ok.runs == 3 and ok.medians["first_byte_s"] == pytest.approx(0.2)
    failed = groups[("websocket", EMBEDDED_STUB, "2g", "default", "failed")]
    assert failed.runs == 1 and failed.medians["first_byte_s"] is None
    assert len(groups) == 3


def test_bench_writes_har_and_appends_to_the_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "history.sqlite3"
    monkeypatch.setenv(ENV_PATH, str(db))
    har_path = tmp_path / "bench.har"
    args = ["bench", "--transports", "websocket,chunked", "--runs", "1", "--network", "wifi"]
    args += ["--scenario", "ttft_ms=0,tps=400,jitter_ms=0", "--har", str(har_path), "--history"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    har = HarParser(json.loads(har_path.read_text(encoding="utf-8")))
    entries = har.pages[0].entries
    assert [e.raw_entry["_transport"] for e in entries] == ["websocket", "chunked"]
    socket, chunked = (e.raw_entry for e in entries)
    assert socket["_resourceType"] == "websocket" and socket["_webSocketMessages"]
    assert chunked["request"]["method"] == "POST" and chunked["_chunks"]
    for entry in entries:
        assert entry.time == pytest.approx(entry.timings["wait"] + entry.timings["receive"])
    records = HistoryStore(db).records()
    assert [(r.transport, r.network, r.source, r.verdict) for r in records] == [
        ("websocket", "wifi", "bench", "exact"),  # the bench's verdicts: the stub's trace
        ("chunked", "wifi", "bench", "exact"),
    ]
    assert all(r.backend == EMBEDDED_STUB and r.figures["first_byte_s"] for r in records)
