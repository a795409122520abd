"""Client peak memory (and CPU) against misbehaving servers, with the runtime's default bounds.

The servers (`tests/wx/edge_app.py`: endless body, gzip bomb, one-line endless SSE; a raw
50 MiB WebSocket frame) run in a child process, and every attack runs in a fresh child process
of its own, so each peak RSS is the client's alone. Not part of the timed suite. Run:
`PYTHONPATH=$PWD .venv/bin/python tests/benchmarks/bench_wx_client_limits.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import socket
import subprocess
import sys
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--serve", type=int)
    ap.add_argument("--one")
    ap.add_argument("--base")
    args = ap.parse_args()
    if args.serve:
        serve(args.serve)
        return
    if args.one:
        print(json.dumps(asyncio.run(attack(args.one, args.base))))
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


if __name__ == "__main__":
    main()
