"""The URL is sacred: a profile never sends runs to the address it was probed at when the user
names another one; the mismatch is a warning naming both, in the table and bench.json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from simulator.bench import BenchConfig, run_bench
from simulator.probe import probe_backend, save_profile
from simulator.session import RunSettings
from tests.doubles.serve import ThreadServer
from tests.doubles.shapes import SHAPES, ShapeBackend, create_app, reply_text

ROOT = Path(__file__).resolve().parents[2]


async def test_bench_with_a_profile_from_a_measures_the_named_b(tmp_path: Path) -> None:
    a, b = ShapeBackend(SHAPES["seed"]), ShapeBackend(SHAPES["seed"])
    with (
        ThreadServer(create_app(a), log_level="critical") as server_a,
        ThreadServer(create_app(b), log_level="critical") as server_b,
    ):
        report = await probe_backend(server_a.base_url)
        path = tmp_path / "a.json"
        save_profile(report.profile, path)
        probed_a = len(a.hits)
        settings = RunSettings(backend_url=server_b.base_url, profile_file=str(path))
        result = await run_bench(
            BenchConfig(settings, transports=("websocket", "chunked", "sync"), runs=1,
                        prompt="你好", warm_up=False)
        )  # fmt: skip
    assert len(a.hits) == probed_a, a.hits[probed_a:]  # not one request went to A
    assert {h.split()[1] for h in b.hits} == {
        "/ws/chat", "/api/chat/miniapp-stream", "/api/chat/send"
    }  # fmt: skip
    assert all(h.endswith(server_b.base_url.removeprefix("http://")) for h in b.hits)
    assert result.backend == server_b.base_url
    assert all(r.metrics.text == reply_text("你好") for r in result.runs)
    [warning] = result.warnings
    assert server_a.base_url in warning and server_b.base_url in warning


def test_the_cli_says_both_addresses(tmp_path: Path) -> None:
    a, b = ShapeBackend(SHAPES["seed"]), ShapeBackend(SHAPES["seed"])
    with (
        ThreadServer(create_app(a), log_level="critical") as server_a,
        ThreadServer(create_app(b), log_level="critical") as server_b,
    ):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        path, out = tmp_path / "a.json", tmp_path / "out"
        run = [sys.executable, "-m", "simulator"]
        probed = subprocess.run(
            [*run, "probe", "--backend", server_a.base_url, "--save", str(path)],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
        assert probed.returncode == 0, probed.stderr
        before = len(a.hits)
        bench = subprocess.run(
            [*run, "bench", "--backend", server_b.base_url, "--profile", str(path),
             "--transports", "sync", "--runs", "1", "--prompt", "你好", "--out", str(out)],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
    assert bench.returncode == 0, bench.stdout + bench.stderr
    assert len(a.hits) == before and any("/api/chat/send" in h for h in b.hits)
    footer = [line for line in bench.stdout.splitlines() if line.startswith("warning:")]
    assert footer and server_a.base_url in footer[0] and server_b.base_url in footer[0]
    body = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    assert body["config"]["backend"] == server_b.base_url and body["warnings"] == footer


def test_a_profile_probed_at_the_same_url_gives_no_warning(tmp_path: Path) -> None:
    from simulator.session.backend import rebase
    from simulator.transports.backend import spring_profile

    profile = spring_profile("http://127.0.0.1:1/")
    assert rebase(profile, "http://127.0.0.1:1") is profile
    moved = rebase(profile.with_options(base_url="http://127.0.0.1:1"), "http://10.0.0.2:8")
    assert moved.base_url == "http://10.0.0.2:8" and moved.ws_url == "ws://10.0.0.2:8"
    assert moved.notes and "127.0.0.1:1" in moved.notes[0]
