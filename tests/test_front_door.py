"""Every command answers the same `--version`, `--log-level` and `-v` (one front door)."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import simulator
from simulator.front_door import front_door

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = [
    ["simulator"],
    ["simulator", "bench"],
    ["simulator", "page"],
    ["simulator", "load"],
    ["simulator", "probe"],
    ["backend_stub"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_prints_the_one_version(command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", *command, "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(f"version {simulator.__version__}")


def _probe_command() -> click.Command:
    @click.command()
    @front_door
    def cmd() -> None:
        click.echo(
            f"{logging.getLogger().level} {logging.getLogger('httpx').level} "
            f"{logging.getLogger('simulator').getEffectiveLevel()}"
        )

    return cmd


@pytest.mark.parametrize(
    ("flags", "ours", "httpx"),
    [
        ([], None, logging.WARNING),
        (["-v"], logging.INFO, logging.WARNING),
        (["-vv"], logging.DEBUG, logging.DEBUG),
        (["--log-level", "error"], logging.ERROR, logging.WARNING),
    ],
)
def test_log_flags_set_our_level_and_keep_libraries_quiet(
    flags: list[str], ours: int | None, httpx: int
) -> None:
    root = logging.getLogger()
    saved = (root.level, list(root.handlers), logging.getLogger("httpx").level)
    try:
        out = CliRunner().invoke(_probe_command(), flags).output.split()
        if ours is not None:
            assert int(out[0]) == ours
        assert int(out[1]) == httpx
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
        logging.getLogger("httpx").setLevel(saved[2])
