"""`python -m simulator auto` at its edges: a taken port, a project that does not load, and the
shim's argument order (what automator.launch passes)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.automation.devtools_cli import devtools_argv
from tests.automation.conftest import NATIVE_CHAT, ROOT

pytestmark = pytest.mark.timeout(60)


def run_auto(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "simulator", "auto", "--headless", *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=50)


def test_a_taken_port_is_said_and_exits_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_auto("--project", str(NATIVE_CHAT), "--auto-port", str(port))
    assert done.returncode == 2, done.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr


def test_a_project_that_does_not_load_exits_1_with_its_error(tmp_path: Path) -> None:
    (tmp_path / "app.json").write_text('{"pages": ["pages/missing/index"]}', encoding="utf-8")
    done = run_auto("--project", str(tmp_path), "--auto-port", "0")
    assert done.returncode == 1
    assert "project error:" in done.stderr and "pages/missing/index" in done.stderr
    assert "automation: ws://" not in done.stdout  # it never listened


def test_a_project_whose_app_js_throws_exits_1_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "app.json").write_text('{"pages": ["pages/index/index"]}', encoding="utf-8")
    (tmp_path / "app.js").write_text("App({});\nundefinedThing.call();\n", encoding="utf-8")
    page = tmp_path / "pages" / "index"
    page.mkdir(parents=True)
    (page / "index.js").write_text("Page({ data: {} });\n", encoding="utf-8")
    (page / "index.wxml").write_text("<view>hi</view>\n", encoding="utf-8")
    done = run_auto("--project", str(tmp_path), "--auto-port", "0")
    assert done.returncode == 1, done.stderr
    assert "project error:" in done.stderr and "app.js:2" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_shim_moves_launch_args_after_auto() -> None:
    argv = ["--backend", "http://x", "auto", "--project", "/p", "--auto-port", "9421",
            "--trust-project"]  # fmt: skip
    assert devtools_argv(argv) == [
        "auto", "--project", "/p", "--auto-port", "9421", "--trust-project",
        "--backend", "http://x", "--headless",
    ]  # fmt: skip
    with pytest.raises(SystemExit, match="only `auto` is emulated"):
        devtools_argv(["open", "--project", "/p"])
