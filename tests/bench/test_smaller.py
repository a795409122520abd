"""The bench's smaller honesty items: buffering written where the table shows it, the platform
named when it is the one holding a download back, no false delivery delays from a trace that
belongs to another reply, and `probe` refusing a URL that is not one."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.bench import BenchConfig, run_bench
from simulator.bench.report import format_table, write_csv, write_json
from simulator.metrics import EmissionTrace, EmittedChunk, RunTimeline
from simulator.session import RunSettings
from simulator.transports.events import ChunkReceived, MessageSent, ReplyCompleted
from tests.doubles.serve import ThreadServer
from tests.doubles.shapes import ShapeBackend, create_app, with_shape

ROOT = Path(__file__).resolve().parents[2]


async def test_buffering_is_in_csv_and_json_without_a_trace_and_the_platform_is_named(
    tmp_path: Path,
) -> None:
    shape = with_shape("seed", piece_s=0.04, piece_chars=2)  # ~50 writes over ~2 s: it streams
    with ThreadServer(create_app(ShapeBackend(shape)), log_level="critical") as server:
        settings = RunSettings(backend_url=server.base_url, backend_kind="spring")
        result = await run_bench(
            BenchConfig(settings, transports=("chunked", "download"), runs=1, prompt="你好")
        )
    write_csv(result, tmp_path / "bench.csv")
    write_json(result, tmp_path / "bench.json")
    rows = {r["transport"]: r for r in json.loads((tmp_path / "bench.json").read_text())["runs"]}
    assert (rows["chunked"]["buffered"], rows["chunked"]["buffered_measure"]) == (False, "arrival")
    # Strict downloadFile hands the file over at its end, however the server streams.
    assert (rows["download"]["buffered"], rows["download"]["buffered_measure"]) == (
        True,
        "platform",
    )
    with (tmp_path / "bench.csv").open(encoding="utf-8") as handle:
        by_name = {r["transport"]: r for r in csv.DictReader(handle)}
    assert by_name["chunked"]["buffered"] == "False"
    table = format_table(result)
    assert "no (arrival)" in table and "yes (platform)" in table


def test_a_trace_that_arrives_before_it_was_emitted_gives_no_delays() -> None:
    """A page that sent two requests: the trace fetched is the other reply's (same text, later
    stamps). Matching it would give negative delays; no figure is given instead."""
    timeline = RunTimeline()
    for event in (
        MessageSent(10.0, "page", "hi"),
        ChunkReceived(10.2, "你好", 6),
        ChunkReceived(10.3, "世界", 6),
        ReplyCompleted(10.4, "你好世界", "r1"),
    ):
        timeline(event)
    other = EmissionTrace(
        "r2", "你好世界", True, (EmittedChunk(0, "你好", 12.1), EmittedChunk(1, "世界", 12.2))
    )
    assert timeline.metrics(other).delivery_delays == ()
    own = EmissionTrace(
        "r1", "你好世界", True, (EmittedChunk(0, "你好", 10.19), EmittedChunk(1, "世界", 10.29))
    )
    assert timeline.metrics(own).delivery_delays == pytest.approx((0.01, 0.01))


def test_probe_refuses_a_url_that_is_not_one() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "probe", "--backend", "not-a-url"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and "not a backend URL" in done.stderr
    assert "request" not in done.stdout  # nothing was sent: no report at all
