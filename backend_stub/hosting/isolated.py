"""The stub in a child process: no shared GIL, so nothing in the host process can delay it."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import threading

from backend_stub.config import StubConfig
from backend_stub.hosting.source_cli import CONTROL_TOKEN_ENV, TOKEN_ENV, source_args

_STARTUP_LINE = re.compile(r"listening on http://\S+:(\d+) ")


class StubProcess:
    """`python -m backend_stub` on `host:port` (0 = free port), stopped with SIGTERM.

    A thread shares the host's GIL: a host thread busy in Python delays the stub's emissions by
    up to the switch interval (5 ms) and more. A child process has its own interpreter.
    """

    def __init__(self, config: StubConfig):
        self._config = config
        self._proc: subprocess.Popen[str] | None = None
        self._drain: threading.Thread | None = None
        self.port = 0

    def start(self, host: str, port: int, timeout: float = 20.0) -> None:
        """Spawn the child and wait for its startup line (its socket is then listening).

        Raises:
            RuntimeError: the child exited or printed no startup line within `timeout`.
        """
        config = self._config
        cmd = [
            sys.executable, "-m", "backend_stub",
            "--host", host, "--port", str(port),
            "--scenario", config.scenario, "--seed", str(config.seed),
            "--framing", config.framing,
            "--limits-json", json.dumps(dataclasses.asdict(config.limits)),
            "--no-access-log", "--log-level", "warning",
            "--trust-proxy", ",".join(config.trust_proxy),
        ]  # fmt: skip
        extra_args, extra_env = source_args(config)
        cmd += extra_args
        env = dict(os.environ)
        env.pop("STUB_TOKEN", None)
        env.pop(TOKEN_ENV, None)
        env.pop(CONTROL_TOKEN_ENV, None)
        env.update(extra_env)
        if config.token is not None:
            env["STUB_TOKEN"] = config.token  # not on the command line, where `ps` shows it
        if config.control_token is not None:
            env[CONTROL_TOKEN_ENV] = config.control_token
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env)
        self._proc = proc
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()))  # type: ignore[union-attr]
        reader.start()
        reader.join(timeout)
        match = _STARTUP_LINE.search(line[0]) if line else None
        if match is None:
            self.stop()
            raise RuntimeError(f"stub process did not start (exit code {proc.poll()})")
        self.port = int(match.group(1))
        # Keep reading stdout so the child never blocks on a full pipe.
        self._drain = threading.Thread(target=self._discard_output, daemon=True)
        self._drain.start()

    def _discard_output(self) -> None:
        proc = self._proc
        if proc is not None and proc.stdout is not None:
            for _ in proc.stdout:
                pass

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, wait, SIGKILL if it will not go; safe to call twice."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout)
        if self._drain is not None:
            self._drain.join(timeout)
            self._drain = None
        if proc.stdout is not None:
            proc.stdout.close()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None
