"""scripts/app installs only what the app needs; scripts/bootstrap (dev) adds the test tools.

Run on a copy of the scripts with a fake `.venv/bin/python` that logs its arguments, and a fake
`dpkg-query` that says every system package is there (nothing is installed for real).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FAKE_PYTHON = """#!/bin/sh
echo "$*" >> "$(dirname "$0")/../../calls.log"
"""
FAKE_DPKG = """#!/bin/sh
printf 'install ok installed'
"""


def checkout(tmp_path: Path) -> Path:
    root = tmp_path / "clone"
    (root / "scripts").mkdir(parents=True)
    for name in ("app", "bootstrap", "test"):
        shutil.copy2(ROOT / "scripts" / name, root / "scripts" / name)
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for path, text in (
        (bin_dir / "python", FAKE_PYTHON),
        (tmp_path / "fake" / "dpkg-query", FAKE_DPKG),
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        path.chmod(0o755)
    return root


def run(root: Path, *args: str) -> tuple[list[str], str]:
    """The fake python's calls during `args`, and what the script wrote to stderr."""
    log = root / "calls.log"
    log.unlink(missing_ok=True)
    env = {**os.environ, "PATH": f"{root.parent / 'fake'}:{os.environ['PATH']}"}
    done = subprocess.run(
        list(args), cwd=root, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    calls = log.read_text().splitlines() if log.exists() else []
    return calls, done.stderr


def pip_installs(calls: list[str]) -> list[str]:
    return [c for c in calls if c.startswith("-m pip install")]


def test_the_app_installs_without_the_test_tools_and_shows_progress(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    calls, err = run(root, "scripts/app", "--help")
    installs = pip_installs(calls)
    assert len(installs) == 1 and installs[0].endswith("-e .") and "[dev]" not in installs[0]
    assert "-q" not in installs[0].split() and "--progress-bar on" in installs[0]
    assert "installing" in err  # a line before pip's own, so the wait has a reason
    assert calls[-1] == "-m simulator --help"
    # nothing changed: no install the second time
    calls, err = run(root, "scripts/app", "--help")
    assert pip_installs(calls) == [] and err == ""


def test_the_dev_install_adds_the_test_tools_and_serves_the_app_too(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    run(root, "scripts/bootstrap", "app")
    calls, _ = run(root, "scripts/bootstrap")
    assert [c.endswith("-e .[dev]") for c in pip_installs(calls)] == [True]
    for args in (("scripts/bootstrap",), ("scripts/bootstrap", "app")):
        calls, _ = run(root, *args)
        assert pip_installs(calls) == []
    # a changed pyproject.toml installs again
    with (root / "pyproject.toml").open("a") as f:
        f.write("\n# changed\n")
    calls, _ = run(root, "scripts/bootstrap", "app")
    assert len(pip_installs(calls)) == 1
