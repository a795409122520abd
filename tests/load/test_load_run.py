"""Short headless loads against the embedded stub, in child processes (Locust patches gevent)."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
from pathlib import Path

from tests.load.helpers import (
    ROOT,
    child_env,
    free_port,
    load_cmd,
    rows_by_transport,
    run_load,
)

ALL = ("websocket", "chunked", "download", "polling", "longpoll", "sync")
REQUESTS_PER_REPLY = {"websocket": 1, "chunked": 1, "download": 1, "sync": 1}
"""Transports whose reply is exactly one wx operation; the polls take several."""


def test_headless_load_of_every_transport_counts_and_verdicts(tmp_path: Path) -> None:
    out, prefix = tmp_path / "load.json", tmp_path / "locust"
    # 24 users: 4 per transport; ttft 100 ms, 40 tokens/s: each reply is about 1-2 s.
    result = run_load(
        "--transports", "all", "--users", "24", "--spawn-rate", "24", "--run-time", "10",
        "--think", "0.3", "--stub-scenario", "ttft_ms=100,tps=40",
        "--json", str(out), "--csv", str(prefix),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    rows = rows_by_transport(out)
    assert set(rows) == set(ALL)
    data = json.loads(out.read_text())
    assert data["server"] is not None and data["server"]["cpu_s"] > 0  # sampled from the OS
    assert data["server_cpu_ms_per_reply"] > 0
    with (tmp_path / "locust_stats.csv").open() as fh:
        locust_rows = {(r["Type"], r["Name"]): r for r in csv.DictReader(fh)}
    for name, row in rows.items():
        extra = row["extra"]
        assert row["users"] == 4, name
        assert row["replies"] >= 2, name
        assert row["failures"] == 0, name
        # Every reply judged against the stub's own text, and our counts match Locust's.
        assert extra["verdicts"] == {"exact": row["replies"]}, name
        assert extra["replies"] == row["replies"], name
        assert int(locust_rows[(name, "reply")]["Request Count"]) == row["replies"], name
        if name in REQUESTS_PER_REPLY:
            assert extra["requests"] == row["replies"], name
        else:
            assert extra["requests"] >= 2 * row["replies"], name
        assert extra["bytes"] > 0 and extra["chars"] > 0, name
    assert rows["websocket"]["extra"]["sockets"] == rows["websocket"]["replies"]
    assert rows["polling"]["extra"]["empty_polls"] >= 1
    assert rows["websocket"]["lateness_p99_ms"] is not None  # envelope frames carry stamps
    assert "| websocket | 4 |" in result.stdout


def test_master_and_two_workers_on_loopback(tmp_path: Path) -> None:
    out, port = tmp_path / "dist.json", free_port()
    env = child_env()
    master = subprocess.Popen(
        load_cmd(
            "--master", "--master-port", str(port), "--expect-workers", "2",
            "--transports", "websocket,polling", "--users", "10", "--spawn-rate", "10",
            "--run-time", "6", "--think", "0.3", "--stub-scenario", "ttft_ms=100,tps=40",
            "--json", str(out),
        ),
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    worker_cmd = load_cmd("--worker", "--master-port", str(port), "--run-time", "6")
    workers = [
        subprocess.Popen(
            worker_cmd,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        master_out, _ = master.communicate(timeout=100)
        worker_outs = [w.communicate(timeout=60)[0] for w in workers]
    finally:
        for proc in (master, *workers):
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert master.returncode == 0, master_out
    assert all(w.returncode == 0 for w in workers), worker_outs
    assert json.loads(out.read_text())["workers"] == 2
    rows = rows_by_transport(out)
    assert sum(r["users"] for r in rows.values()) == 10
    for name, row in rows.items():
        assert row["replies"] >= 1 and row["failures"] == 0, name
        # Our figures came from the workers inside Locust's reports, and agree with its counts.
        assert row["extra"]["replies"] == row["replies"], name
        assert row["extra"]["verdicts"] == {"exact": row["replies"]}, name


def test_ctrl_c_stops_cleanly_with_the_partial_table(tmp_path: Path) -> None:
    out = tmp_path / "partial.json"
    proc = subprocess.Popen(
        load_cmd(
            "--transports", "websocket", "--users", "4", "--run-time", "300",
            "--think", "0.2", "--stub-scenario", "ttft_ms=50,tps=100", "--json", str(out),
        ),
        cwd=ROOT, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        # Wait for the first reply in Locust's log instead of sleeping a fixed time.
        assert proc.stderr is not None
        for line in proc.stderr:
            if "All users spawned" in line:
                break
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "interrupted: partial figures" in stdout, stdout + stderr
    assert json.loads(out.read_text())["interrupted"] is True
    assert "Traceback" not in stderr


def test_refuses_many_users_on_a_host_that_is_not_loopback() -> None:
    result = run_load("--backend", "http://192.0.2.10:8080", "--users", "51", "--run-time", "5")
    assert result.returncode == 2
    assert "--i-own-this-backend" in result.stderr
    bad = run_load("--backend", "ftp://127.0.0.1/", "--run-time", "5")
    assert bad.returncode == 2 and "not a backend URL" in bad.stderr


def test_sweep_of_a_failing_backend_counts_failures_and_writes_table_and_chart(
    tmp_path: Path,
) -> None:
    # Every reply fails (the stub answers 503): the run must report it, never crash.
    result = run_load(
        "--sweep", "2,3", "--transports", "sync", "--run-time", "3", "--think", "0.2",
        "--scenario", "status=503", "--out", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    table = (tmp_path / "sweep.md").read_text()
    rows = [line for line in table.splitlines() if line.startswith("| sync |")]
    assert [row.split(" | ")[1] for row in rows] == ["2", "3"]
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert int(cells[3]) > 0  # fail column
        assert cells[-1] == "0/" + cells[-1].split("/")[1]  # no exact text
    assert (tmp_path / "sweep.png").read_bytes().startswith(b"\x89PNG")
    assert "Traceback" not in result.stderr


def test_a_profile_of_stages_drives_the_user_count(tmp_path: Path) -> None:
    profile, out = tmp_path / "stages.json", tmp_path / "p.json"
    stages = [
        {"duration_s": 2, "users": 2, "spawn_rate": 10},
        {"duration_s": 2, "users": 4, "spawn_rate": 10},
    ]
    profile.write_text(json.dumps(stages))
    result = run_load(
        "--transports", "sync", "--stages", str(profile), "--run-time", "60",
        "--think", "0.2", "--stub-scenario", "ttft_ms=0,tps=200", "--json", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(out.read_text())
    assert data["rows"][0]["users"] == 4  # the last stage's count
    assert data["duration_s"] < 30  # the profile's 4 s ended the run, not --run-time
    profile.write_text('[{"users": 3}]')
    bad = run_load("--stages", str(profile), "--run-time", "5")
    assert bad.returncode == 2 and "duration_s" in bad.stderr


def test_reset_stats_leaves_the_ramp_up_out_of_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    # 4 users at 1/s: the first one chats through a ramp-up of at least 3 s.
    result = run_load(
        "--transports", "websocket", "--users", "4", "--spawn-rate", "1", "--run-time", "6",
        "--think", "0.1", "--stub-scenario", "ttft_ms=0,tps=2000", "--reset-stats",
        "--json", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(out.read_text())
    assert data["reset_stats"] is True and data["stats_reset"] is True
    assert data["duration_s"] <= 3.5  # counted from the last spawn, not from the start
    row = rows_by_transport(out)["websocket"]
    assert row["replies"] >= 1
    # Locust's count and ours were reset together: the ramp's replies are in neither.
    assert row["extra"]["replies"] == row["replies"]
    assert row["extra"]["verdicts"] == {"exact": row["replies"]}
    assert "since the statistics were reset" in result.stdout
