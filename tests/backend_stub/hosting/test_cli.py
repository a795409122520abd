"""`python -m backend_stub`: startup line, options, clean exit on SIGTERM, bad options."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import httpx

from tests.helpers.timing import seconds


def test_runs_alone_prints_its_address_and_serves() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "backend_stub",
            "--port",
            "0",
            "--scenario",
            "ttft_ms=0,tps=5000",
            "--seed",
            "3",
            "--log-level",
            "warning",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(
            r"listening on http://127\.0\.0\.1:(\d+) \(WebSocket ws://127\.0\.0\.1:\d+/ws/chat\)",
            line,
        )
        assert match, line
        assert "scenario: ttft_ms=0,tps=5000" in line and "seed: 3" in line and "auth: off" in line
        base = f"http://127.0.0.1:{match.group(1)}"
        # The socket is listening before the line is printed; the app may still be starting,
        # and the request then waits in the backlog rather than failing.
        reply = httpx.post(base + "/api/chat/send", json={"message": "hi"}, timeout=seconds(10))
        assert reply.status_code == 200 and reply.json()["data"]["content"]
    finally:
        proc.terminate()
        proc.wait(seconds(10))
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode is not None


def test_bad_scenario_option_exits_with_usage_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "backend_stub", "--scenario", "tps=zero"],
        capture_output=True,
        text=True,
        timeout=seconds(20),
    )
    assert result.returncode == 2
    assert "tps='zero'" in result.stderr


def test_prints_a_control_token_that_steers_it_and_nothing_else_does() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "backend_stub", "--port", "0", "--log-level", "warning"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={k: v for k, v in os.environ.items() if k not in ("STUB_TOKEN", "STUB_CONTROL_TOKEN")},
    )
    try:
        assert proc.stdout is not None
        port = re.search(r":(\d+) \(WebSocket", proc.stdout.readline())
        token = re.search(r"^control token: (\S+) ", proc.stdout.readline())
        assert port and token
        url = f"http://127.0.0.1:{port.group(1)}/api/debug/scenario"
        change = {"scenario": "ttft_ms=0"}
        assert httpx.put(url, json=change, timeout=seconds(10)).status_code == 401
        auth = {"Authorization": f"Bearer {token.group(1)}"}
        assert httpx.put(url, json=change, headers=auth, timeout=seconds(10)).status_code == 200
    finally:
        proc.terminate()
        proc.wait(seconds(10))
        if proc.stdout is not None:
            proc.stdout.close()
