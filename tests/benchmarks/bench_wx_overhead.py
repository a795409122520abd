"""Delay the emulated wx layer adds between bytes arriving and the page callback running.

A server in a child process stamps every message with `time.monotonic_ns()` (one clock for
the whole machine on Linux) and sends one every `--interval` ms. In the same asyncio loop,
alternating rounds, we receive the same kind of stream with a bare client (websockets /
httpx) and through `wx.connectSocket` / `wx.request(enableChunked)` / `wx.downloadFile`
with no throttling, and print delivery delay p50/p99 for both, the difference (what wx
adds) and the ratio. Then the CPU each costs per WebSocket message (thread CPU time over
`--burst` messages sent back to back, best of `--rounds`): the per-chunk cost load mode pays.
Run: `.venv/bin/python tests/benchmarks/bench_wx_overhead.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import websockets

from simulator.wx import ChunkReceived, FrameReceived, WxConfig, WxEvent, WxRuntime


# -- the server (child process) ------------------------------------------------------------
def serve() -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import StreamingResponse
    from starlette.routing import Route, WebSocketRoute
    from starlette.websockets import WebSocket

    async def ws_stream(ws: WebSocket) -> None:
        await ws.accept()
        count = int(ws.query_params["n"])
        gap = float(ws.query_params["gap"])
        for i in range(count):
            await ws.send_text(f"{i} {time.monotonic_ns()}")
            await asyncio.sleep(gap)
        await ws.close()

    async def http_stream(request: Request) -> StreamingResponse:
        count = int(request.query_params["n"])
        gap = float(request.query_params["gap"])

        async def body() -> AsyncIterator[bytes]:
            for i in range(count):
                yield f"{i} {time.monotonic_ns()}\n".encode()
                await asyncio.sleep(gap)

        return StreamingResponse(body(), media_type="text/plain")

    app = Starlette(routes=[WebSocketRoute("/ws", ws_stream), Route("/stream", http_stream)])
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="warning", ws="websockets-sansio"
    )
    server = uvicorn.Server(config)

    async def run() -> None:
        task = asyncio.create_task(server.serve())
        while not server.started:
            await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        print(port, flush=True)
        await task

    asyncio.run(run())


# -- receivers: each returns delays in ms ----------------------------------------------------
class LineDelays:
    """Turns stamped lines (possibly split or merged across chunks) into delays."""

    def __init__(self) -> None:
        self.buffer = b""
        self.delays: list[float] = []

    def feed(self, data: bytes, now_ns: int) -> None:
        self.buffer += data
        *lines, self.buffer = self.buffer.split(b"\n")
        for line in lines:
            self.delays.append((now_ns - int(line.split()[1])) / 1e6)


async def raw_ws(url: str) -> list[float]:
    delays = []
    async with websockets.connect(url, compression=None, ping_interval=None) as ws:
        async for message in ws:
            now = time.monotonic_ns()
            delays.append((now - int(str(message).split()[1])) / 1e6)
    return delays


async def raw_http(url: str) -> list[float]:
    out = LineDelays()
    async with httpx.AsyncClient(timeout=None) as client, client.stream("GET", url) as resp:
        async for data in resp.aiter_bytes():
            out.feed(data, time.monotonic_ns())
    return out.delays


class ReadStamps:
    """The wx layer's own share: page callback time minus `read_at`, the moment the bytes
    left the websockets/httpx client (taken from the runtime's events)."""

    def __init__(self, wx: WxRuntime) -> None:
        self.read_at = 0.0
        self.internal: list[float] = []
        wx.events.subscribe(self.on_event)

    def on_event(self, event: WxEvent) -> None:
        if isinstance(event, ChunkReceived | FrameReceived):
            self.read_at = event.read_at

    def stamp(self) -> None:
        self.internal.append((time.monotonic() - self.read_at) * 1000)


STAMPS: ReadStamps | None = None


async def wx_socket(wx: WxRuntime, url: str) -> list[float]:
    delays: list[float] = []
    closed = asyncio.Event()
    task = wx.connectSocket(url=url)

    def on_message(res: dict[str, Any]) -> None:
        now = time.monotonic_ns()
        assert STAMPS is not None
        STAMPS.stamp()
        delays.append((now - int(res["data"].split()[1])) / 1e6)

    task.onMessage(on_message)
    task.onClose(lambda _: closed.set())
    await closed.wait()
    return delays


async def wx_chunked(wx: WxRuntime, url: str) -> list[float]:
    out = LineDelays()
    done = asyncio.Event()
    task = wx.request(url=url, enableChunked=True, timeout=60000, complete=lambda _: done.set())

    def on_chunk(res: dict[str, Any]) -> None:
        now = time.monotonic_ns()
        assert STAMPS is not None
        STAMPS.stamp()
        out.feed(res["data"], now)

    task.onChunkReceived(on_chunk)
    await done.wait()
    return out.delays


async def wx_download(wx: WxRuntime, url: str) -> list[float]:
    # Progress carries no bytes: stamp each progress call against the emission it reports,
    # read from the file afterwards (the emission times are in the body).
    arrivals: list[tuple[int, int]] = []
    done = asyncio.Event()
    result: dict[str, Any] = {}

    def complete(res: dict[str, Any]) -> None:
        result.update(res)
        done.set()

    task = wx.downloadFile(url=url, complete=complete)

    def on_progress(res: dict[str, Any]) -> None:
        arrivals.append((res["totalBytesWritten"], time.monotonic_ns()))
        assert STAMPS is not None
        STAMPS.stamp()

    task.onProgressUpdate(on_progress)
    await done.wait()
    body = wx.getFileSystemManager().readFileSync(result["tempFilePath"])
    assert isinstance(body, bytes)
    ends, pos = [], 0
    for line in body.split(b"\n")[:-1]:
        pos += len(line) + 1
        ends.append((pos, int(line.split()[1])))
    delays, j = [], 0
    for end, emitted in ends:
        while arrivals[j][0] < end:
            j += 1
        delays.append((arrivals[j][1] - emitted) / 1e6)
    return delays


async def cpu_per_message(url: str, emulated: bool, wx: WxRuntime) -> float:
    """Thread CPU µs per message received from a burst (no pacing on either side)."""
    start, count = time.thread_time(), 0
    if not emulated:
        async with websockets.connect(url, compression=None, ping_interval=None) as ws:
            async for _ in ws:
                count += 1
    else:
        closed = asyncio.Event()
        task = wx.connectSocket(url=url)

        def on_message(_: dict[str, Any]) -> None:
            nonlocal count
            count += 1

        task.onMessage(on_message)
        task.onClose(lambda _: closed.set())
        await closed.wait()
    return (time.thread_time() - start) / max(count, 1) * 1e6


# -- the run ---------------------------------------------------------------------------------
def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def compare(
    name: str,
    raw: Callable[[], Awaitable[list[float]]],
    emulated: Callable[[], Awaitable[list[float]]],
    rounds: int,
) -> None:
    assert STAMPS is not None
    STAMPS.internal.clear()
    raw_all: list[float] = []
    wx_all: list[float] = []
    for _ in range(rounds):  # alternate, so machine noise hits both alike
        raw_all += await raw()
        wx_all += await emulated()
    skip = 5  # connection warm-up
    raw_all, wx_all = raw_all[skip:], wx_all[skip:]
    r50, r99, w50, w99 = pct(raw_all, 0.5), pct(raw_all, 0.99), pct(wx_all, 0.5), pct(wx_all, 0.99)
    own = STAMPS.internal[skip:]
    print(
        f"{name}: n={len(wx_all)}\n"
        f"  emission -> callback   raw p50 {r50:6.3f} p99 {r99:6.3f} ms | "
        f"wx p50 {w50:6.3f} p99 {w99:6.3f} ms | ratio p50 {w50 / r50:.2f} p99 {w99 / r99:.2f}\n"
        f"  added (wx - raw)       p50 {w50 - r50:+.3f} ms  p99 {w99 - r99:+.3f} ms  "
        f"mean {statistics.fmean(wx_all) - statistics.fmean(raw_all):+.3f} ms\n"
        f"  wx layer alone         (callback - socket read) p50 {pct(own, 0.5):.3f} ms  "
        f"p99 {pct(own, 0.99):.3f} ms  max {max(own):.3f} ms"
    )


async def main(args: argparse.Namespace) -> None:
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        query = f"n={args.frames}&gap={args.interval / 1000}"
        ws_url = f"ws://127.0.0.1:{port}/ws?{query}"
        http_url = f"http://127.0.0.1:{port}/stream?{query}"
        wx = WxRuntime(WxConfig(delivery="ideal"))
        global STAMPS
        STAMPS = ReadStamps(wx)
        try:
            print(
                f"{args.frames} messages every {args.interval} ms, {args.rounds} alternating "
                f"rounds each; profile 'none', no slicing; Python {sys.version.split()[0]}"
            )
            await compare(
                "websocket", lambda: raw_ws(ws_url), lambda: wx_socket(wx, ws_url), args.rounds
            )
            burst = f"ws://127.0.0.1:{port}/ws?n={args.burst}&gap=0"
            raw_cpu, wx_cpu = [], []
            for _ in range(args.rounds):
                raw_cpu.append(await cpu_per_message(burst, False, wx))
                wx_cpu.append(await cpu_per_message(burst, True, wx))
            print(
                f"websocket CPU per message ({args.burst} back to back, best of {args.rounds}): "
                f"raw {min(raw_cpu):.1f} µs | wx {min(wx_cpu):.1f} µs | "
                f"wx adds {min(wx_cpu) - min(raw_cpu):.1f} µs"
            )
            plain = lambda: raw_http(http_url)  # noqa: E731
            await compare(
                "request enableChunked", plain, lambda: wx_chunked(wx, http_url), args.rounds
            )
            await compare(
                "downloadFile progress", plain, lambda: wx_download(wx, http_url), args.rounds
            )
        finally:
            await wx.aclose()
    finally:
        child.terminate()
        child.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--frames", type=int, default=200)
    parser.add_argument("--interval", type=float, default=10.0, help="ms between messages")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--burst", type=int, default=20000, help="messages for the CPU figure")
    ns = parser.parse_args()
    if ns.serve:
        serve()
    else:
        asyncio.run(main(ns))
