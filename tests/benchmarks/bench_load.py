"""Load-mode targets, printed (not asserted): run `.venv/bin/python tests/benchmarks/bench_load.py`.

1. Arrival lateness of WebSocket users at 20 tokens/s on ONE worker process pinned to one core:
   our Locust users (real transport on a wx runtime each) vs a bare `websockets` client, same
   stub (pinned to the other core), same user counts; the most users each holds at p99 < 50 ms,
   and the client CPU per reply and per chunk of each. `--against REV` adds the same figures
   for our code at git revision REV (a before/after column in the same run).
2. The bridge: cost of one greenlet → asyncio → greenlet round trip.
3. Master + 2 workers vs one worker, same users: totals (replies) within ±5 %?
4. Memory per simulated user (websocket, polling): RSS growth of the worker / users.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = "ttft_ms=0,tps=20"
LATENESS_GOAL_MS = 50.0


def _env(root: Path = ROOT) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root)
    return env


PIN = False
WHOLE_RUN = False
"""Section 1 counts from the moment every user runs (Locust's --reset-stats) for both clients;
`--whole-run` counts the ramp-up too (and runs revisions older than --reset-stats)."""


def _pin(cpu: int) -> Any:
    if not PIN:
        return None
    cpus = sorted(os.sched_getaffinity(0))
    core = {cpus[cpu % len(cpus)]}
    return lambda: os.sched_setaffinity(0, core)


def _load(url: str, *args: str, cpu: int = 0, root: Path = ROOT) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "r.json"
        cmd = [sys.executable, "-m", "simulator", "load", "--backend", url, "--json", str(out)]
        proc = subprocess.run(
            [*cmd, *args],
            cwd=root,
            env=_env(root),
            capture_output=True,
            text=True,
            preexec_fn=_pin(cpu),
            timeout=600,
        )
        if not out.exists():
            raise RuntimeError(proc.stdout + proc.stderr)
        data: dict[str, Any] = json.loads(out.read_text())
        return data


# -- the bare client (child process) ---------------------------------------------------------
async def _bare_user(
    url: str, uid: int, until: float, lateness: list[float], done: list[int], since: list[float]
) -> None:
    """Replies that end before `since[0]` are left out (as --reset-stats does for ours)."""
    import websockets

    while time.monotonic() < until:
        async with websockets.connect(url, max_size=None) as ws:
            await ws.send(
                json.dumps(
                    {"message": "用三句话介绍一下微信小程序的流式输出", "userId": f"bare-{uid}"}
                )
            )
            mine: list[float] = []
            async for frame in ws:
                now = time.monotonic()
                msg = json.loads(frame)
                if msg.get("type") == "chunk":
                    mine.append((now - float(msg["emittedAt"])) * 1000.0)
                elif msg.get("type") in ("done", "error"):
                    if now >= since[0]:
                        done.append(1 if msg["type"] == "done" else 0)
                        lateness.extend(mine)
                    break


async def _bare(
    url: str, users: int, seconds: float, spawn_s: float, whole_run: bool = False
) -> dict[str, Any]:
    lateness: list[float] = []
    done: list[int] = []
    until = time.monotonic() + spawn_s + seconds
    since = [-math.inf if whole_run else math.inf]
    cpu0 = time.process_time()
    tasks = []
    for uid in range(users):
        tasks.append(asyncio.create_task(_bare_user(url, uid, until, lateness, done, since)))
        await asyncio.sleep(spawn_s / users)
    if not whole_run:  # every user is running: count from here
        since[0] = time.monotonic()
        cpu0 = time.process_time()
    await asyncio.gather(*tasks, return_exceptions=True)
    lateness.sort()
    p99 = lateness[max(0, math.ceil(0.99 * len(lateness)) - 1)] if lateness else None
    return {
        "replies": sum(done),
        "failed": done.count(0),
        "p99": p99,
        "chunks": len(lateness),
        "cpu_s": time.process_time() - cpu0,
    }


def bare(url: str, users: int, seconds: float, spawn_s: float) -> dict[str, Any]:
    code = (
        f"import asyncio, json, sys; sys.path.insert(0, {str(ROOT)!r});"
        "from tests.benchmarks.bench_load import _bare;"
        f"print(json.dumps(asyncio.run(_bare({url!r}, {users}, {seconds}, {spawn_s}, "
        f"{WHOLE_RUN}))))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        preexec_fn=_pin(0),
        timeout=600,
    )
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


BRIDGE = r"""
import locust, time, asyncio, gevent
from simulator.load.bridge import AsyncioBridge
b = AsyncioBridge()
async def noop():
    return 1
b.call(noop())
n = 5000
t0 = time.perf_counter()
for _ in range(n):
    b.call(noop())
serial = (time.perf_counter() - t0) / n * 1e6
t0 = time.perf_counter()
gevent.joinall([gevent.spawn(b.call, noop()) for _ in range(n)])
parallel = (time.perf_counter() - t0) / n * 1e6
print(f"{serial:.1f} {parallel:.1f} {b.wakeups / b.calls:.3f}")
"""


def _checkout(rev: str) -> Path:
    """Our code at `rev`, unpacked in a temporary directory (for the before/after column)."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-load-"))
    archive = subprocess.run(
        ["git", "archive", rev], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
    return tmp


def _ours(url: str, users: int, seconds: float, spawn_s: float, root: Path) -> dict[str, Any]:
    data = _load(
        url,
        "--transports",
        "websocket",
        "--users",
        str(users),
        "--spawn-rate",
        str(users / spawn_s),
        "--run-time",
        str(seconds + spawn_s),
        "--think",
        "0",
        "--reply-timeout-s",
        "60",
        *(() if WHOLE_RUN else ("--reset-stats",)),
        root=root,
    )
    row: dict[str, Any] = data["rows"][0]
    row["cpu_ms_per_reply"] = data["client_cpu_ms_per_reply"]
    return row


def _bare_run(users: int, seconds: float, spawn_s: float) -> dict[str, Any]:
    with _stub() as stub:
        return bare(stub.ws_url + "/ws/chat?framing=envelope", users, seconds, spawn_s)


def _ours_run(users: int, seconds: float, spawn_s: float, root: Path) -> dict[str, Any]:
    with _stub() as stub:
        return _ours(stub.base_url, users, seconds, spawn_s, root)


def _cell(p99: float | None, replies: int, failed: int, cpu_ms: float | None, per: float) -> str:
    """p99 ms, replies, client CPU per reply and per chunk (chunks per reply from the bare run)."""
    late = "-" if p99 is None else f"{p99:.0f}"
    cpu = "-" if not cpu_ms else f"{cpu_ms:.2f} ms, {cpu_ms * 1000 / per:.0f} µs/chunk"
    return f"{late} ms, {replies} ({failed} failed), {cpu}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", default="250,500,1000")
    parser.add_argument("--sections", default="1,2,3,4", help="Which of the four to run.")
    parser.add_argument(
        "--against", metavar="REV", help="Also run our users at git revision REV (before/after)."
    )
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument(
        "--whole-run",
        action="store_true",
        help="Section 1: count the ramp-up too (needed for --against revisions before "
        "--reset-stats).",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="Runs per cell in section 1; the cell shows the run with the median p99.",
    )
    parser.add_argument("--dist-users", type=int, default=200)
    parser.add_argument(
        "--pin",
        action="store_true",
        help="Clients on core 0, stub on core 1 (only on a quiet machine: a shared core stalls).",
    )
    args = parser.parse_args()
    global PIN, WHOLE_RUN
    PIN, WHOLE_RUN = args.pin, args.whole_run
    steps = [int(s) for s in args.steps.split(",")]
    sections = {int(s) for s in args.sections.split(",")}
    columns = {"ours": ROOT}
    if args.against:
        columns = {args.against: _checkout(args.against), "ours": ROOT}
    if 1 in sections:
        _section_1(steps, args.seconds, columns, args.repeat)
    if not sections & {2, 3, 4}:
        return
    with _stub() as stub:
        print(f"\nsections 2-4: one stub {stub.base_url}, scenario {SCENARIO}")
        if 2 in sections:
            print("\n2. Bridge round trip (greenlet -> asyncio thread -> greenlet)")
            out = subprocess.run(
                [sys.executable, "-c", BRIDGE],
                cwd=ROOT,
                env=_env(),
                capture_output=True,
                text=True,
                preexec_fn=_pin(0),
            ).stdout.split()
            print(
                f"serial {out[0]} µs/call; 5000 concurrent {out[1]} µs/call; "
                f"wake-ups per call {out[2]}"
            )

        if 3 in sections:
            print(f"\n3. Master + 2 workers vs one worker, {args.dist_users} websocket users")
            print("replies/s once every user runs (--reset-stats): whole-run counts step by")
            print("one reply per user, as every user's replies take the same time")
            common = (
                "--transports",
                "websocket",
                "--users",
                str(args.dist_users),
                "--spawn-rate",
                str(args.dist_users / 2),
                "--run-time",
                str(args.seconds),
                "--think",
                "0.5",
                "--reset-stats",
            )
            for _ in range(args.repeat):
                single = _load(stub.base_url, *common)
                dist = _distributed(stub.base_url, common)
                one, two = single["rows"][0], dist["rows"][0]
                r1, r2 = one["replies_per_s"], two["replies_per_s"]
                print(
                    f"one worker {r1:.1f} replies/s ({one['replies']}), master + 2 workers "
                    f"{r2:.1f} ({two['replies']}): {100 * (r2 - r1) / r1:+.1f} % (goal within "
                    f"±5 %); workers connected {dist['workers']}",
                    flush=True,
                )

        if 4 in sections:
            print("\n4. Memory per simulated user (RSS growth of one worker / users)")
            for name, users in (("websocket", 500), ("polling", 500)):
                data = _load(
                    stub.base_url,
                    "--transports",
                    name,
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(users / 2),
                    "--run-time",
                    "10",
                    "--think",
                    "0.5",
                )
                per_user = data["client_bytes_per_user"] or float("nan")
                cpu = data["client_cpu_ms_per_reply"] or float("nan")
                server_cpu = data["server_cpu_ms_per_reply"] or float("nan")
                print(
                    f"{name}: {per_user / 1024:.0f} KiB per user ({users} users); "
                    f"load-process CPU {cpu:.2f} ms per reply; server CPU "
                    f"{server_cpu:.2f} ms per reply, {data['rows'][0]['replies']} replies"
                )


def _stub_pid(url: str) -> int | None:
    from simulator.load.server import listening_pid

    return listening_pid(url)


def _distributed(url: str, common: tuple[str, ...]) -> dict[str, Any]:
    import socket

    # Locust's rule: a worker resets its own figures only when it is given --reset-stats too
    worker_flags = ["--reset-stats"] if "--reset-stats" in common else []
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = str(sock.getsockname()[1])
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "d.json"
        base = [sys.executable, "-m", "simulator", "load"]
        master = subprocess.Popen(
            [
                *base,
                "--backend",
                url,
                "--master",
                "--master-port",
                port,
                "--expect-workers",
                "2",
                "--json",
                str(out),
                *common,
            ],
            cwd=ROOT,
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        workers = [
            subprocess.Popen(
                [*base, "--worker", "--master-port", port, "--run-time", "120", *worker_flags],
                cwd=ROOT,
                env=_env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=_pin(i),
            )
            for i in range(2)
        ]
        master.wait(timeout=600)
        for w in workers:
            w.wait(timeout=120)
        data: dict[str, Any] = json.loads(out.read_text())
        return data


@contextlib.contextmanager
def _stub() -> Iterator[Any]:
    """A fresh stub in its own process (--pin: on the second core). Each run of section 1 gets
    its own: a stub that kept the replies of earlier runs (300 s) collects more slowly."""
    from backend_stub import EmbeddedStub, StubConfig

    with EmbeddedStub(StubConfig(scenario=SCENARIO), isolate=True).start() as stub:
        cpus = sorted(os.sched_getaffinity(0))
        stub_pid = _stub_pid(stub.base_url)
        if PIN and stub_pid is not None and len(cpus) > 1:
            os.sched_setaffinity(stub_pid, {cpus[1]})
        yield stub


def _all_p99(runs: list[dict[str, Any]], key: str) -> str:
    """Every run's p99, when there were several (the cell shows the median run)."""
    if len(runs) < 2:
        return ""
    return " (p99s " + "/".join("-" if r[key] is None else f"{r[key]:.0f}" for r in runs) + ")"


def _median_run(runs: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """The run whose p99 is the median; of an even number, the worse of the middle two (a run
    without figures counts as the worst)."""
    ranked = sorted(runs, key=lambda r: math.inf if r[key] is None else r[key])
    return ranked[len(ranked) // 2]


def _section_1(
    steps: list[int],
    seconds: float,
    columns: dict[str, Path],
    repeat: int = 1,
) -> None:
    print(f"\n1. WebSocket users, stub scenario {SCENARIO}, one worker process")
    print("each run against a fresh stub; --pin: client on one core, stub on the other")
    print("runs alternate between the clients; held = every step up to it under the goal")
    print("cells: lateness p99, replies, client CPU per reply and per chunk")
    counted = "the whole run" if WHOLE_RUN else "replies ending once every user runs"
    print(f"counted: {counted} (same rule for both clients)")
    if repeat > 1:
        print(f"each cell: the median of {repeat} runs by p99")
    names = [*columns, "bare"]
    print("| users | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    held = dict.fromkeys(names, 0)
    holding = dict.fromkeys(names, True)

    def judge(name: str, users: int, p99: float | None, failed: int) -> None:
        holding[name] = holding[name] and p99 is not None and p99 < LATENESS_GOAL_MS
        holding[name] = holding[name] and not failed
        if holding[name]:
            held[name] = users

    for users in steps:
        spawn_s = max(2.0, users / 200)
        bare_runs: list[dict[str, Any]] = []
        our_runs: dict[str, list[dict[str, Any]]] = {name: [] for name in columns}
        for _ in range(repeat):  # alternating, so a drift of the machine hits every column
            bare_runs.append(_bare_run(users, seconds, spawn_s))
            for name, root in columns.items():
                our_runs[name].append(_ours_run(users, seconds, spawn_s, root))
        b = _median_run(bare_runs, "p99")
        per = b["chunks"] / b["replies"] if b["replies"] else float("nan")
        cells = []
        for name in columns:
            row = _median_run(our_runs[name], "lateness_p99_ms")
            p99 = row["lateness_p99_ms"]
            cell = _cell(p99, row["replies"], row["failures"], row["cpu_ms_per_reply"], per)
            cells.append(cell + _all_p99(our_runs[name], "lateness_p99_ms"))
            judge(name, users, p99, row["failures"])
        bare_cpu = 1000 * b["cpu_s"] / b["replies"] if b["replies"] else None
        cell = _cell(b["p99"], b["replies"], b["failed"], bare_cpu, per)
        cells.append(cell + _all_p99(bare_runs, "p99"))
        judge("bare", users, b["p99"], b["failed"])
        print(f"| {users} | " + " | ".join(cells) + " |", flush=True)
    for name in columns:
        ratio = held[name] / held["bare"] if held["bare"] else float("nan")
        print(
            f"held at p99 < {LATENESS_GOAL_MS:g} ms: {name} {held[name]}, bare {held['bare']}, "
            f"ratio {ratio:.2f} (goal >= 0.5; steps {steps})"
        )


if __name__ == "__main__":
    main()
