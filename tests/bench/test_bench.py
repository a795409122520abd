"""The headless bench and the CLI, against the real stub."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backend_stub import EmbeddedStub
from simulator.__main__ import display_problem
from simulator.bench import BenchConfig, run_bench
from simulator.bench.chart import write_chart
from simulator.bench.report import format_table, write_csv, write_json
from simulator.session import RunSettings
from simulator.transports.events import CharsPainted, FallbackTaken
from tests.helpers.timing import seconds

FAST = "ttft_ms=0,tps=2000,jitter_ms=0"


async def test_bench_measures_every_transport_and_paints_headless(
    stub: EmbeddedStub, tmp_path: Path
) -> None:
    config = BenchConfig(
        transports=("websocket", "chunked", "sync"),
        runs=2,
        scenarios=(FAST,),
        settings=RunSettings(backend_url=stub.base_url),
    )
    result = await run_bench(config)
    assert [r.transport for r in result.runs] == ["websocket"] * 2 + ["chunked"] * 2 + ["sync"] * 2
    assert result.failed_transports == []
    for run in result.runs:
        m = run.metrics
        assert run.text_exact is True
        assert m.first_byte_s is not None and m.first_paint_s is not None
        assert m.first_paint_s >= m.first_byte_s
        painted = [e for e in run.timeline.events if isinstance(e, CharsPainted)]
        assert painted[-1].total == m.chars  # the typewriter typed out everything
    table = format_table(result)
    assert all(name in table for name in ("websocket", "chunked", "sync")) and "2/2" in table
    write_csv(result, tmp_path / "bench.csv")
    write_json(result, tmp_path / "bench.json")
    write_chart(result, tmp_path / "bench.png")
    assert len((tmp_path / "bench.csv").read_text().splitlines()) == 7
    body = json.loads((tmp_path / "bench.json").read_text())
    assert body["aggregates"]["chunked"]["delivery_delays"]["n"] > 0
    assert (tmp_path / "bench.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


async def test_bench_reports_a_failed_transport(stub: EmbeddedStub) -> None:
    config = BenchConfig(
        RunSettings(backend_url=stub.base_url),
        transports=("sync",),
        runs=1,
        scenarios=(f"{FAST},status=500",),
    )
    result = await run_bench(config)
    assert result.failed_transports == ["sync"]
    assert "failures:" in format_table(result) and "500" in format_table(result)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        timeout=seconds(60),
        env=env,
        check=False,
    )


def test_cli_bench_writes_outputs_and_exits_zero(stub: EmbeddedStub, tmp_path: Path) -> None:
    result = run_cli(
        "bench", "--transports", "chunked,longpoll", "--runs", "1", "--scenario", FAST,
        "--backend", stub.base_url, "--out", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "chunked" in result.stdout and "longpoll" in result.stdout
    assert {p.name for p in tmp_path.iterdir()} == {"bench.csv", "bench.json", "bench.png"}


def test_cli_bench_exits_non_zero_when_a_transport_failed(stub: EmbeddedStub) -> None:
    scenario = f"{FAST},status=500"
    result = run_cli(
        "bench", "--transports", "sync", "--runs", "1",
        "--scenario", scenario, "--backend", stub.base_url,
    )  # fmt: skip
    assert result.returncode == 1
    assert "FAILED" in result.stderr


def test_cli_refuses_unknown_transports() -> None:
    result = run_cli("bench", "--transports", "pigeon")
    assert result.returncode == 2 and "unknown transport" in result.stderr


def test_without_a_display_the_window_falls_back_to_the_bench(stub: EmbeddedStub) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = run_cli("--backend", stub.base_url, "--transport", "sync", env=env)
    assert "no display (DISPLAY is not set)" in result.stderr
    assert "xvfb-run" in result.stderr
    assert result.returncode == 0 and "sync" in result.stdout


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({}, "no display (DISPLAY is not set)"),
        ({"DISPLAY": ":99"}, None),
        ({"WAYLAND_DISPLAY": "wayland-0"}, None),
        ({"QT_QPA_PLATFORM": "offscreen"}, None),
    ],
)
def test_display_detection(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], problem: str | None
) -> None:
    for key in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert display_problem() == problem


async def test_several_scenarios_are_aggregated_apart(stub: EmbeddedStub) -> None:
    config = BenchConfig(
        transports=("chunked",),
        runs=1,
        scenarios=(FAST, "ttft_ms=200,tps=2000,jitter_ms=0"),
        settings=RunSettings(backend_url=stub.base_url),
    )
    result = await run_bench(config)
    assert [r.scenario for r in result.runs] == list(config.scenarios)
    table = format_table(result)
    assert f"chunked @ {FAST}" in table and "chunked @ ttft_ms=200" in table
    slow = result.runs[1].metrics.first_byte_s
    assert slow is not None and slow >= 0.2


async def test_bench_passes_the_first_text_deadline_to_auto(stub: EmbeddedStub) -> None:
    # Every tier stays silent for 1.5 s: with a 0.3 s deadline auto must step down to sync.
    config = BenchConfig(
        transports=("auto",),
        runs=1,
        scenarios=("ttft_ms=1500,tps=2000,jitter_ms=0",),
        settings=RunSettings(backend_url=stub.base_url, first_text_s=0.3),
    )
    result = await run_bench(config)
    run = result.runs[0]
    assert run.text_exact is True
    fallbacks = [e for e in run.timeline.events if isinstance(e, FallbackTaken)]
    assert fallbacks and all("no text within" in f.reason for f in fallbacks)
    assert fallbacks[-1].to_transport == "sync"
