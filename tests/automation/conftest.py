"""Automation fixtures: `python -m simulator auto` on the native chat project (a real process,
as CI runs it) against a quick stub, and the real miniprogram-automator client in Node."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from backend_stub import EmbeddedStub
from backend_stub.llm.fake_llm import plan_reply
from backend_stub.state import parse_scenario
from simulator.page.node import find_node
from tests.helpers.stubs import running_stub

ROOT = Path(__file__).resolve().parents[2]
NATIVE_CHAT = ROOT / "examples" / "projects" / "native-chat"
COMPONENT_CHAT = ROOT / "examples" / "projects" / "component-chat"
JS = Path(__file__).parent / "js"
SCENARIOS = JS / "scenarios.js"
FAST = "ttft_ms=0,tps=400"
MESSAGE = "你好，介绍一下流式输出"


def expected_text(stub: EmbeddedStub, message: str = MESSAGE) -> str:
    """The stub's exact reply to `message` (its plan is deterministic per seed)."""
    return plan_reply(message, parse_scenario(FAST), stub.config.seed).text


@dataclass
class AutoServer:
    proc: subprocess.Popen[str]
    port: int
    stub: EmbeddedStub

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"


@pytest.fixture(scope="module")
def fast_stub() -> Iterator[EmbeddedStub]:
    with running_stub(FAST) as server:
        yield server


def start_auto(stub: EmbeddedStub, *extra: str, project: Path = NATIVE_CHAT) -> AutoServer:
    """Start the CLI on a free port and wait for its `automation: ws://…` line."""
    cmd = [
        sys.executable, "-m", "simulator", "auto", "--project", str(project),
        "--auto-port", "0", "--headless", "--backend", stub.base_url, *extra,
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STUB_CONTROL_TOKEN": stub.control_token}
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT, env=env
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # blocks until it listens (or ends: then the line is "")
    match = re.search(r"automation: ws://127\.0\.0\.1:(\d+)", line)
    if match is None:
        proc.kill()
        raise AssertionError(f"auto did not start: {line!r} (exit {proc.wait()})")
    return AutoServer(proc, int(match.group(1)), stub)


def stop_auto(server: AutoServer) -> int:
    """SIGTERM, as CI ends it; the exit code (0: a clean shutdown)."""
    if server.proc.poll() is None:
        server.proc.terminate()
    try:
        return server.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        return server.proc.wait()
    finally:
        if server.proc.stdout is not None:
            server.proc.stdout.close()


@pytest.fixture(scope="module")
def auto_server(fast_stub: EmbeddedStub) -> Iterator[AutoServer]:
    if not (JS / "node_modules" / "miniprogram-automator").is_dir():
        pytest.fail("miniprogram-automator is not installed: run scripts/bootstrap")
    server = start_auto(fast_stub)
    try:
        yield server
    finally:
        assert server.proc.poll() is None, "the simulator ended during the tests"
        assert stop_auto(server) == 0


async def run_client(server: AutoServer, scenario: str, arg: Any = None) -> Any:
    """Run one scenario of scenarios.js with the real SDK; its JSON result.

    Raises:
        AssertionError: the scenario failed (its stderr).
    """
    node = find_node().path
    args = [str(SCENARIOS), scenario, str(server.port)]
    if arg is not None:
        args.append(json.dumps(arg, ensure_ascii=False))
    proc = await asyncio.create_subprocess_exec(
        node, *args, cwd=JS, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(proc.communicate(), 90)
    assert proc.returncode == 0, f"{scenario}: {err.decode(errors='replace')}"
    return json.loads(out.decode().strip().splitlines()[-1])
