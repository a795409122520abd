"""Server burden from the OS: CPU time, memory and open connections of the backend's process.

Only for a backend on this machine (the embedded stub, or any local process listening on the
URL's port): read from /proc through psutil, never estimated.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import psutil

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def listening_pid(url: str) -> int | None:
    """The pid of the local process listening on `url`'s port, or None (remote, not found)."""
    if not is_loopback(url):
        return None
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme in ("https", "wss") else 80)
    try:
        conns = psutil.net_connections(kind="tcp")
    except psutil.AccessDenied:
        return None
    for conn in conns:
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port:
            return conn.pid
    return None


@dataclass
class ProcessUsage:
    """What one process used between `start` and the last `sample`."""

    pid: int
    cpu_s: float = 0.0
    rss_peak: int = 0
    rss_samples: list[int] = field(default_factory=list)
    connections_peak: int = 0
    samples: int = 0

    @property
    def rss_mean(self) -> float | None:
        return sum(self.rss_samples) / len(self.rss_samples) if self.rss_samples else None


class ProcessSampler:
    """Samples one process (and its children): call `sample()` periodically, then `usage`."""

    def __init__(self, pid: int, count_connections: bool = True) -> None:
        self.process = psutil.Process(pid)
        self.count_connections = count_connections
        self._cpu0 = self._cpu()
        self.usage = ProcessUsage(pid)

    def _cpu(self) -> float:
        times = self.process.cpu_times()
        return times.user + times.system + times.children_user + times.children_system

    def restart_cpu(self) -> None:
        """Count CPU from now on (memory keeps its baseline)."""
        with contextlib.suppress(psutil.Error):
            self._cpu0 = self._cpu()
            self.usage.cpu_s = 0.0

    def sample(self, connections: bool = True) -> None:
        """One reading (connections too unless told not); a process that exited keeps its last
        figures."""
        try:
            with self.process.oneshot():
                cpu = self._cpu()
                rss = self.process.memory_info().rss
            established = 0
            if self.count_connections and connections:
                established = sum(
                    1
                    for c in self.process.net_connections(kind="tcp")
                    if c.status == psutil.CONN_ESTABLISHED
                )
        except psutil.Error:
            return
        usage = self.usage
        usage.cpu_s = cpu - self._cpu0
        usage.rss_peak = max(usage.rss_peak, rss)
        usage.rss_samples.append(rss)
        usage.connections_peak = max(usage.connections_peak, established)
        usage.samples += 1


class SamplerProcess:
    """`ProcessSampler`s in a child process, so sampling never holds this process's GIL.

    Reading /proc for connections takes ~100 ms with a few thousand sockets on the machine; in
    the load process that stalled every stream. The child samples every `interval_s`, and on
    command: `mark()` (the baseline before users start), `restart_cpu()` (statistics were reset),
    `stop()` (final sample, figures back).
    """

    def __init__(self, pids: dict[str, int], interval_s: float = 0.5) -> None:
        import subprocess
        import sys

        spec = ",".join(f"{name}={pid}" for name, pid in pids.items())
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "simulator.load.server", spec, str(interval_s)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def mark(self) -> None:
        self._send("mark")

    def restart_cpu(self) -> None:
        """CPU is counted from now on (statistics were reset once all users ran)."""
        self._send("restart_cpu")

    def _send(self, command: str) -> None:
        stdin = self._proc.stdin
        assert stdin is not None
        stdin.write(command + "\n")
        stdin.flush()

    def stop(self, timeout_s: float = 15.0) -> dict[str, ProcessUsage]:
        """The final figures per name; empty when the child failed."""
        import json

        try:
            out, _ = self._proc.communicate("stop\n", timeout=timeout_s)
        except Exception:  # a stuck or dead sampler costs the burden figures, not the run
            self._proc.kill()
            self._proc.wait()
            return {}
        try:
            data = json.loads(out.strip().splitlines()[-1])
        except (ValueError, IndexError):
            return {}
        return {name: ProcessUsage(**usage) for name, usage in data.items()}


CONNECTIONS_EVERY = 4
"""Connections are counted on every 4th sample: psutil parses the machine's whole TCP table for
it (tens of ms once thousands of closed sockets wait in TIME_WAIT), CPU and memory are cheap."""


class CommandReader:
    """Whole lines from a pipe, read unbuffered. `select` on a pipe and a buffered `readline`
    disagree when two commands come in one write: the second waited in the buffer, unseen."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._pending = b""

    def ready(self, timeout_s: float) -> list[str]:
        """The commands that arrived within `timeout_s` ([] if none); "" at end of input."""
        import os
        import select

        readable, _, _ = select.select([self.fd], [], [], timeout_s)
        if not readable:
            return []
        data = os.read(self.fd, 4096)
        if not data:
            return [""]
        *lines, self._pending = (self._pending + data).split(b"\n")
        return [line.decode().strip() for line in lines]


def _child_main(spec: str, interval_s: float) -> None:
    import os
    import sys

    if hasattr(os, "nice"):
        # Lowest priority: on a busy core the load process runs first (a sampler at normal
        # priority took ~20 % of the load process's core and stalled its streams for tens of
        # ms); readings are cumulative, so a late sample loses nothing.
        os.nice(19)
    samplers: dict[str, ProcessSampler] = {}
    for item in spec.split(","):
        name, pid = item.split("=")
        with contextlib.suppress(psutil.Error):  # already gone: nothing to sample
            samplers[name] = ProcessSampler(int(pid))
    rounds = 0
    commands = CommandReader(sys.stdin.fileno())
    while True:
        for sampler in samplers.values():
            sampler.sample(connections=rounds % CONNECTIONS_EVERY == 0)
        rounds += 1
        for command in commands.ready(interval_s):
            if _obey(command, samplers):
                return


def _obey(command: str, samplers: dict[str, ProcessSampler]) -> bool:
    """Run one command of the parent's; True when it was the last ("stop", or end of input)."""
    import json

    if command == "mark":
        for sampler in samplers.values():
            sampler.usage.rss_samples.clear()
            sampler.sample()  # rss_samples[0] is now the baseline
    elif command == "restart_cpu":
        for sampler in samplers.values():
            sampler.restart_cpu()
    elif command in ("stop", ""):
        for sampler in samplers.values():
            sampler.sample()
        usages = {name: s.usage.__dict__ for name, s in samplers.items()}
        print(json.dumps(usages))
        return True
    return False


if __name__ == "__main__":
    import sys

    _child_main(sys.argv[1], float(sys.argv[2]))
