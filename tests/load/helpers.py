"""Run `python -m simulator load` (Locust, gevent-patched) in a child process of this tree."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env.pop("QT_QPA_PLATFORM", None)
    return env


def load_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "simulator", "load", *args]


def run_load(*args: str, timeout: float = 90.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        load_cmd(*args), cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=timeout
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def rows_by_transport(path: Path) -> dict[str, dict[str, Any]]:
    data = json.loads(path.read_text())
    return {row["transport"]: row for row in data["rows"]}
