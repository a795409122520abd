"""`NodeProcess`: a Node child speaking JSON lines, with a sync pipe and a CPU watchdog.

Shared by page mode (one page file) and project mode (the logic layer): spawning, reading
stdout lines into a handler, keeping stderr's tail, the heartbeat watchdog, and how an ended
process is explained (out of memory, exit code).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.page.errors import PageCrashed, PageError, PageRunaway
from simulator.page.node import NodeBinary, end_child, find_node


@dataclass(frozen=True, slots=True)
class ProcessLimits:
    cpu_limit_s: float = 3.0
    """No heartbeat from the script's event loop for this long → it is stopped."""
    memory_mb: int = 256
    inspect_port: int | None = None
    """Open Node's inspector here (and switch the CPU watchdog off: breakpoints pause)."""
    node: str | None = None


class NodeProcess:
    """`await start()`, `post()` messages; lines arrive at `on_message`, logs at `on_log`."""

    def __init__(
        self,
        script: Path,
        args: Sequence[str],
        limits: ProcessLimits,
        *,
        cwd: Path,
        on_message: Callable[[dict[str, Any]], None],
        on_log: Callable[[str, str], None],
        on_ended: Callable[[PageError | None], None],
    ) -> None:
        self.script = script
        self.args = list(args)
        self.limits = limits
        self.cwd = cwd
        self.on_message = on_message
        self.on_log = on_log
        self.on_ended = on_ended
        self.node: NodeBinary | None = None
        self.last_beat = 0.0
        self.failure: PageError | None = None
        self.ready = False
        """Set by the owner once the script said it is up (an early exit is a crash then)."""
        self.stopping = False
        self._proc: asyncio.subprocess.Process | None = None
        self._sync_w: int | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._stderr_tail: list[str] = []

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.returncode is None

    async def start(self) -> None:
        """Spawn Node with `script sync-fd args…`.

        Raises:
            NodeUnavailable.
        """
        lim = self.limits
        self.node = await asyncio.to_thread(find_node, lim.node)
        sync_r, sync_w = os.pipe()
        self._sync_w = sync_w
        flags = [f"--max-old-space-size={lim.memory_mb}", "--disable-warning=ExperimentalWarning"]
        if lim.inspect_port is not None:
            flags.append(f"--inspect=127.0.0.1:{lim.inspect_port}")
        try:
            self._proc = await asyncio.create_subprocess_exec(
                self.node.path, *flags, str(self.script), *self.args, str(sync_r),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, pass_fds=(sync_r,), limit=64 * 1024 * 1024,
                cwd=str(self.cwd),
            )  # fmt: skip
        finally:
            os.close(sync_r)
        self.last_beat = time.monotonic()
        loop = asyncio.get_running_loop()
        self._tasks = [
            loop.create_task(self._read_stdout(), name="node-stdout"),
            loop.create_task(self._read_stderr(), name="node-stderr"),
            loop.create_task(self._watchdog(), name="node-watchdog"),
        ]

    def post(self, msg: dict[str, Any]) -> None:
        proc = self._proc
        if proc is None or proc.stdin is None or proc.stdin.is_closing():
            return
        proc.stdin.write(json.dumps(msg, ensure_ascii=False).encode() + b"\n")

    def sync_reply(self, reply: dict[str, Any]) -> None:
        if self._sync_w is not None:
            os.write(self._sync_w, json.dumps(reply, ensure_ascii=False).encode() + b"\n")

    async def stop(self) -> None:
        """End the process (closing stdin first lets the script exit by itself)."""
        self.stopping = True
        await end_child(self._proc, self._tasks)
        if self._sync_w is not None:
            with contextlib.suppress(OSError):
                os.close(self._sync_w)
            self._sync_w = None

    async def _read_stdout(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        stdout = self._proc.stdout
        while line := await stdout.readline():
            try:
                msg = json.loads(line)
            except ValueError:
                self.on_log("stderr", line.decode(errors="replace").rstrip())
                continue
            self.last_beat = time.monotonic()
            if msg.get("t") != "hb":
                self.on_message(msg)
        await self._proc.wait()
        self._ended()

    async def _read_stderr(self) -> None:
        assert self._proc is not None and self._proc.stderr is not None
        while line := await self._proc.stderr.readline():
            text = line.decode(errors="replace").rstrip()
            self._stderr_tail = [*self._stderr_tail[-20:], text]
            if text.startswith("Debugger listening on"):
                text += " — attach with chrome://inspect or VS Code 'Attach to Node Process'"
            self.on_log("stderr", text)

    async def _watchdog(self) -> None:
        limit = self.limits.cpu_limit_s
        while self._proc is not None and self._proc.returncode is None:
            await asyncio.sleep(min(0.25, limit / 4))
            stalled = time.monotonic() - self.last_beat
            if self.limits.inspect_port is None and stalled > limit:
                self.failure = PageRunaway(
                    f"the page's script ran {stalled:.1f} s without yielding "
                    f"(CPU limit {limit:g} s): stopped; reload the page to run it again"
                )
                self.on_log("page-error", str(self.failure))
                self._proc.kill()
                return

    def _ended(self) -> None:
        if self.failure is None and self._proc is not None and not self.stopping:
            tail = "\n".join(self._stderr_tail)
            if "heap out of memory" in tail or "Reached heap limit" in tail:
                self.failure = PageCrashed(
                    f"the page ran out of memory (limit {self.limits.memory_mb} MB): stopped"
                )
            elif self._proc.returncode not in (0, None) or not self.ready:
                self.failure = PageCrashed(
                    f"the page process exited (code {self._proc.returncode}): {tail[-400:]}"
                )
            else:
                self.failure = PageCrashed("the page process exited")
            self.on_log("page-error", str(self.failure))
        self.on_ended(self.failure)
