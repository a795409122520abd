"""`bench --record` then `bench --replay`: the verdicts compare against the recorded text."""

from __future__ import annotations

from pathlib import Path

from backend_stub import read_cassette
from simulator.bench import BenchConfig, run_bench
from simulator.session import RunSettings

SCENARIO = "ttft_ms=5,tps=400,jitter_ms=2,length=50"


async def test_bench_records_runs_and_replays_them_exactly(tmp_path: Path) -> None:
    path = tmp_path / "bench.jsonl"
    transports = ("websocket", "chunked")
    recorded = await run_bench(
        BenchConfig(transports=transports, runs=1, scenarios=(SCENARIO,), record=str(path))
    )
    assert not recorded.failed_transports
    replies = read_cassette(path)
    assert [r.meta["transport"] for r in replies] == list(transports)
    assert all(r.text == recorded.runs[0].metrics.text for r in replies)

    replay = RunSettings(replay=str(path))
    replayed = await run_bench(BenchConfig(replay, transports=transports, runs=1))
    assert not replayed.failed_transports
    for run in replayed.runs:
        assert run.text_exact is True
        assert run.expected_text == replies[0].text
