"""examples/automation runs as its README says: the automator example through run-ci.sh (Node's
test runner, headless server on a free port) and, where minium is installed, the minium one."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import sys
from pathlib import Path

import pytest

from backend_stub import EmbeddedStub
from simulator.page.node import find_node
from tests.automation.conftest import JS, ROOT, start_auto, stop_auto

EXAMPLE = ROOT / "examples" / "automation"
pytestmark = pytest.mark.timeout(180)


async def test_the_automator_example_passes_on_linux_ci(fast_stub: EmbeddedStub) -> None:
    node_dir = str(Path(find_node().path).parent)
    env = {
        **os.environ,
        "PATH": f"{node_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "NODE_PATH": str(JS / "node_modules"),  # the tests' pinned copy of the SDK
        "PYTHON": sys.executable,
    }
    proc = await asyncio.create_subprocess_exec(
        str(EXAMPLE / "run-ci.sh"), "--backend", fast_stub.base_url,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, env=env,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(proc.communicate(), 150)
    text = out.decode(errors="replace")
    assert proc.returncode == 0, text
    assert "ℹ pass 4" in text and "ℹ fail 0" in text


def _minium_python() -> str | None:
    """A Python with minium: $MINIUM_PYTHON, else this one if it has minium."""
    configured = os.environ.get("MINIUM_PYTHON")
    if configured:
        return configured
    return sys.executable if importlib.util.find_spec("minium") is not None else None


@pytest.mark.skipif(_minium_python() is None, reason="minium is not installed (MINIUM_PYTHON)")
async def test_the_minium_example_passes(fast_stub: EmbeddedStub) -> None:
    server = start_auto(fast_stub)
    try:
        python = _minium_python()
        assert python is not None
        proc = await asyncio.create_subprocess_exec(
            python, "-m", "unittest", str(EXAMPLE / "minium_chat_test.py"),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
            env={**os.environ, "WX_AUTO_PORT": str(server.port)}, cwd=ROOT,
        )  # fmt: skip
        out, _ = await asyncio.wait_for(proc.communicate(), 150)
        assert proc.returncode == 0, out.decode(errors="replace")[-3000:]
        assert server.proc.poll() is None
    finally:
        assert stop_auto(server) == 0
