"""Client peak memory (and CPU) against misbehaving servers, with the runtime's default bounds.

Two tables. The runtime's own (`wx.*` calls against `tests/wx/edge_app.py`: endless body, gzip
bomb, one-line endless SSE, a 50 MiB WebSocket frame). Then the whole client as a user runs it
(issue 28): `python -m simulator bench --backend-kind spring --transports T` against the
byte-level seed double (`tests/doubles/raw_wire.py`: endless chunked / socket / sync / polling,
a strict and a lenient download of an endless body, a gzip bomb over chunked, 100,000 headers,
a 100 MB SSE line, and text that is not UTF-8 on every transport): peak RSS of the client
process (its own `wait4` rusage), seconds, exit code and the run's verdict line, beside the
same client on a normal reply (the process baseline) and the target: 2 × the run budget +
the baseline. `--root DIR` runs the client of another tree (a checkout of an older commit:
the "before" column). Every attack runs in a fresh process, so each peak is its own.
Not part of the timed suite. Run:
`PYTHONPATH=$PWD .venv/bin/python tests/benchmarks/bench_wx_client_limits.py [--cli-only]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from typing import Any

ATTACKS = (
    "baseline-echo",
    "endless-body",
    "endless-chunked",
    "gzip-bomb-1mb",
    "ws-frame-50mb",
    "sse-endless-line",
)


def serve(port: int) -> None:
    import uvicorn

    from tests.wx.edge_app import create_edge_app

    uvicorn.run(create_edge_app(), host="127.0.0.1", port=port, log_level="warning")


async def attack(name: str, base: str) -> dict[str, Any]:
    from simulator.transports.framing import SseParserStub
    from simulator.wx import WxRuntime

    wx = WxRuntime()
    done: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
    received = [0]

    def settle(res: dict[str, Any]) -> None:
        if not done.done():
            done.set_result(res)

    if name == "ws-frame-50mb":
        task: Any = wx.connectSocket(url=base.replace("http", "ws") + "/ws/big?mb=50")
        task.onError(lambda res: received.__setitem__(0, -1))
        task.onClose(settle)
    else:
        path = {
            "baseline-echo": "/echo",
            "endless-body": "/endless",
            "endless-chunked": "/endless",
            "gzip-bomb-1mb": "/bomb?mb=1024",  # ~1 MB of gzip that inflates to 1 GiB
            "sse-endless-line": "/endless?line=1",
        }[name]
        chunked = name in ("endless-chunked", "sse-endless-line")
        task = wx.request(
            url=base + path, enableChunked=chunked, responseType="arraybuffer",
            success=settle, fail=settle,
        )  # fmt: skip
        parser = SseParserStub()

        def on_chunk(res: dict[str, Any]) -> None:
            received[0] += len(res["data"])
            if name == "sse-endless-line":
                errors = [p.error for p in parser.feed(res["data"]) if p.error]
                if errors:
                    task.abort()
                    settle({"errMsg": f"parser: {errors[0]}"})

        if chunked:
            task.onChunkReceived(on_chunk)
    started, cpu = time.monotonic(), time.process_time()
    res = await asyncio.wait_for(done, 90)
    out = {
        "attack": name,
        "result": res.get("errMsg") or f"close {res.get('code')}",
        "seconds": round(time.monotonic() - started, 2),
        "cpu_s": round(time.process_time() - cpu, 2),
        "chunk_bytes": received[0],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    await wx.aclose()
    return out


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUDGET_MB = 64
"""`RunSettings.run_budget_mb`'s default, the budget the target is computed from."""
CLI_ATTACKS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    # (name, raw_wire mode, transport, extra CLI flags)
    ("normal reply (baseline)", "normal", "chunked", ()),
    ("endless chunked", "endless", "chunked", ()),
    ("endless socket", "endless", "websocket", ()),
    ("endless sync body", "endless", "sync", ()),
    ("polling, growing snapshots", "endless", "polling", ()),
    ("endless download, strict", "endless", "download", ()),
    ("endless download, lenient", "endless", "download", ("--download-fidelity", "lenient")),
    ("gzip bomb over chunked (1 GiB)", "bomb", "chunked", ()),
    ("100,000 headers, chunked", "headers", "chunked", ()),
    ("100,000 headers, socket", "headers", "websocket", ()),
    ("100 MB SSE line", "sse-line", "chunked", ("--backend-kind", "openai")),
    ("bad UTF-8 socket frame", "altered", "websocket", ()),
    ("bad UTF-8 across fragments", "altered", "websocket", ("--paths", "ws=/ws/frag")),
    ("bad UTF-8 plain chunked", "altered", "chunked", ()),
    ("bad UTF-8 download, strict", "altered", "download", ()),
    ("bad UTF-8 download, lenient", "altered", "download", ("--download-fidelity", "lenient")),
    ("bad UTF-8 sync", "altered", "sync", ()),
    ("bad UTF-8 polling", "altered", "polling", ()),
)


MEMORY_CAP = 6 << 30
"""Address space of one attacked client: an unbounded one (an old tree's endless socket
reached 23 GB before the kernel killed it) fails here instead of starving the machine."""


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def cli_attack(root: str, base: str, transport: str, extra: tuple[str, ...]) -> dict[str, Any]:
    """One `python -m simulator bench` run in its own process: its peak RSS and verdict."""
    flags = ["--backend-kind", "spring", *extra] if "--backend-kind" not in extra else [*extra]
    cmd = [sys.executable, "-m", "simulator", "bench", "--backend", base, "--transports",
           transport, "--runs", "1", "--run-timeout-s", "60", *flags]  # fmt: skip
    env = dict(os.environ, PYTHONPATH=root, QT_QPA_PLATFORM="offscreen")
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, preexec_fn=_cap_memory)  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    line = next((ln.strip() for ln in text.splitlines() if f"{transport} [" in ln), "")
    return {
        "exit": proc.returncode,
        "seconds": time.monotonic() - started,
        "peak_mb": usage.ru_maxrss / 1024,
        "verdict": line.split(": ", 1)[-1] if line else text.strip().splitlines()[-1:],
    }


def cli_table(root: str) -> None:
    """The issue-28 table: the whole client against each misbehaving seed backend."""
    servers: dict[str, tuple[subprocess.Popen[str], str]] = {}
    env = dict(os.environ, PYTHONPATH=ROOT)
    try:
        rows = []
        for name, mode, transport, extra in CLI_ATTACKS:
            if mode not in servers:
                proc = subprocess.Popen(
                    [sys.executable, os.path.join(ROOT, "tests/doubles/raw_wire.py"), mode],
                    stdout=subprocess.PIPE, text=True, env=env,
                )  # fmt: skip
                assert proc.stdout is not None
                servers[mode] = (proc, proc.stdout.readline().strip())
            rows.append((name, transport, cli_attack(root, servers[mode][1], transport, extra)))
            print(f"  {name}: {rows[-1][2]}", file=sys.stderr)
    finally:
        for proc, _ in servers.values():
            proc.terminate()
            proc.wait()
    baseline = rows[0][2]["peak_mb"]
    target = 2 * BUDGET_MB + baseline
    print(f"\nclient: {root}; budget {BUDGET_MB} MiB; baseline {baseline:.0f} MB;"
          f" target peak <= 2 x budget + baseline = {target:.0f} MB")  # fmt: skip
    print(f"{'attack':32} {'transport':10} {'peak MB':>8} {'s':>6} {'exit':>4}  verdict")
    for name, transport, r in rows:
        mark = "" if r["peak_mb"] <= target else "  OVER TARGET"
        verdict = str(r["verdict"])[:150]
        print(f"{name:32} {transport:10} {r['peak_mb']:8.0f} {r['seconds']:6.1f} {r['exit']:>4}"
              f"  {verdict}{mark}")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--serve", type=int)
    ap.add_argument("--one")
    ap.add_argument("--base")
    ap.add_argument("--root", default=ROOT, help="the client tree to run (default: this one)")
    ap.add_argument("--cli-only", action="store_true", help="only the whole-client table")
    args = ap.parse_args()
    if args.serve:
        serve(args.serve)
        return
    if args.one:
        print(json.dumps(asyncio.run(attack(args.one, args.base))))
        return
    if args.cli_only:
        cli_table(args.root)
        return
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port)])
    try:
        time.sleep(2)
        base = f"http://127.0.0.1:{port}"
        idle = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"(this parent process, idle: {idle:.0f} MB RSS)")
        for name in ATTACKS:
            out = subprocess.run(
                [sys.executable, __file__, "--one", name, "--base", base],
                capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            print(out.stdout.strip() or out.stderr.strip()[-400:])
    finally:
        server.terminate()
        server.wait()
    cli_table(args.root)


if __name__ == "__main__":
    main()
