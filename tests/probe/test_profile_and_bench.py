"""`probe --save` → `bench --profile`: every run exact/consistent or honestly unsupported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.bench import BenchConfig, run_bench
from simulator.probe import ProfileFileError, load_profile, probe_backend, save_profile
from simulator.session import RunSettings
from simulator.verdict import Kind, Status
from tests.doubles.serve import ThreadServer
from tests.doubles.spring_double import reply_text

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )  # fmt: skip


async def test_saved_profile_round_trips(literal: ThreadServer, tmp_path: Path) -> None:
    report = await probe_backend(literal.base_url, token="t0k")
    path = tmp_path / "spring.json"
    save_profile(report.profile, path, report.as_dict())
    assert "t0k" not in path.read_text()  # a token is never written to disk
    loaded = load_profile(path, token="t0k")
    assert loaded == report.profile
    body = json.loads(path.read_text())
    body["ws_pathh"] = "/x"
    path.write_text(json.dumps(body))
    with pytest.raises(ProfileFileError, match="ws_pathh"):
        load_profile(path)


async def test_bench_on_probed_literal_spring(literal: ThreadServer, tmp_path: Path) -> None:
    report = await probe_backend(literal.base_url)
    path = tmp_path / "spring.json"
    save_profile(report.profile, path)
    config = BenchConfig(RunSettings(profile_file=str(path)), runs=1, prompt="你好", warm_up=True)
    result = await run_bench(config)
    assert set(result.unsupported) == {"download", "longpoll"}
    assert "can only GET" in result.unsupported["download"]
    assert {r.transport for r in result.runs} == {"websocket", "chunked", "polling", "sync"}
    for run in result.runs:
        assert run.verdict is not None and run.verdict.status is Status.CONSISTENT, run.verdict
        assert run.metrics.text == reply_text("你好")
    assert result.warmup_s is not None
    # The warm-up is not counted in any run: sync is one request per reply.
    assert next(r for r in result.runs if r.transport == "sync").metrics.requests == 1


async def test_expect_makes_runs_exact_or_failed(literal: ThreadServer, tmp_path: Path) -> None:
    report = await probe_backend(literal.base_url)
    path = tmp_path / "spring.json"
    save_profile(report.profile, path)
    right = await run_bench(
        BenchConfig(
            RunSettings(profile_file=str(path)), transports=("chunked",), runs=1, prompt="你好",
                    expect=reply_text("你好"))
    )  # fmt: skip
    assert [r.verdict.status for r in right.runs if r.verdict] == [Status.EXACT]
    wrong = await run_bench(
        BenchConfig(
            RunSettings(profile_file=str(path)), transports=("chunked",), runs=1, prompt="你好",
                    expect="something else")
    )  # fmt: skip
    verdict = wrong.runs[0].verdict
    assert verdict is not None and verdict.kind is Kind.TEXT_DIFFERS and not wrong.runs[0].ok


def test_cli_probe_save_then_bench_exit_codes(lenient_close: ThreadServer, tmp_path: Path) -> None:
    path = tmp_path / "lenient.json"
    probed = run_cli("probe", "--backend", lenient_close.base_url, "--save", str(path))
    assert probed.returncode == 0, probed.stderr
    assert "download   works" in probed.stdout
    expect = tmp_path / "expect.txt"
    expect.write_text(reply_text("你好"), encoding="utf-8")
    out = tmp_path / "out"
    good = run_cli(
        "bench", "--profile", str(path), "--transports", "websocket,chunked,download",
        "--runs", "1", "--prompt", "你好", "--expect", f"@{expect}", "--out", str(out),
    )  # fmt: skip
    assert good.returncode == 0, good.stdout + good.stderr
    runs = json.loads((out / "bench.json").read_text())["runs"]
    assert {r["verdict"] for r in runs} == {"exact"}
    assert all(r["text"] == reply_text("你好") for r in runs)
    bad = run_cli(
        "bench", "--profile", str(path), "--transports", "sync", "--runs", "1",
        "--prompt", "你好", "--expect", "not the reply",
    )  # fmt: skip
    assert bad.returncode == 1 and "text_differs" in bad.stdout + bad.stderr


def test_cli_probe_json(openai: ThreadServer) -> None:
    probed = run_cli("probe", "--backend", openai.base_url, "--json")
    assert probed.returncode == 0, probed.stderr
    body = json.loads(probed.stdout)
    assert body["flavour"] == "openai" and body["transports"]["chunked"]["works"] is True
