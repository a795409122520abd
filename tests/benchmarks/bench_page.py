"""Page mode's cost: wx event → the page's JS callback → `setData`, next to the built-in
WebSocket transport (wx event → its Python callback emits the text) in the same run.

Both read the same stub reply at 200 chunks/s (5 ms apart) over the emulated wx WebSocket.
Per chunk the delay is: the stamp where the page has the text (built-in: the transport's
`ChunkReceived`; page: the `setData` stamp taken in Node with the same monotonic clock) minus
the wx runtime's FrameReceived stamp just before it. Also: page start time (spawn → page
loaded and onLoad run) and the resident memory of one page process (Linux /proc).

Usage: PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_page.py [--replies 3] [--starts 5]
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import statistics
from pathlib import Path

from backend_stub import EmbeddedStub, StubConfig
from simulator.metrics.timeline import RunTimeline
from simulator.page.host import PageHost
from simulator.page.origin import OriginMap
from simulator.transports import create_transport
from simulator.transports.backend import stub_profile
from simulator.transports.base import SendMessage
from simulator.transports.events import ChunkReceived
from simulator.wx import FrameReceived, WxEvent, WxRuntime

PAGE = Path(__file__).resolve().parents[1] / "page" / "pages" / "bench_ws.js"
SCENARIO = "ttft_ms=0,interval_ms=5,jitter_ms=0,length=600"


def delays_ms(frames: list[float], stamps: list[float]) -> list[float]:
    """Per stamp: stamp − the latest frame arrival at or before it."""
    out = []
    for at in stamps:
        i = bisect.bisect_right(frames, at)
        if i:
            out.append((at - frames[i - 1]) * 1000)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def frame_log(wx: WxRuntime) -> list[float]:
    frames: list[float] = []

    def on(event: WxEvent) -> None:
        if isinstance(event, FrameReceived):
            frames.append(event.at)

    wx.events.subscribe(on)
    return frames


async def builtin(stub: EmbeddedStub, replies: int) -> list[float]:
    wx = WxRuntime()
    frames = frame_log(wx)
    out: list[float] = []
    try:
        for _ in range(replies):
            frames.clear()
            timeline = RunTimeline()
            transport = create_transport("websocket", wx, stub_profile(stub.base_url, stub.ws_url))
            await transport.run(SendMessage("bench"), timeline)
            chunks = [e.at for e in timeline.events if isinstance(e, ChunkReceived)]
            out += delays_ms(list(frames), chunks)
    finally:
        await wx.aclose()
    return out


async def page(stub: EmbeddedStub, replies: int) -> tuple[list[float], int]:
    wx = WxRuntime()
    frames = frame_log(wx)
    host = PageHost(PAGE, wx, OriginMap("http://localhost:8082", stub.base_url))
    out: list[float] = []
    try:
        await host.start()
        for _ in range(replies):
            frames.clear()
            host.render_stamps.clear()
            await host.send("bench", RunTimeline())
            out += delays_ms(list(frames), list(host.render_stamps))
        rss = _rss_kib(host.pid)
    finally:
        await host.stop()
        await wx.aclose()
    return out, rss


async def starts(stub: EmbeddedStub, count: int) -> list[float]:
    times = []
    for _ in range(count):
        wx = WxRuntime()
        host = PageHost(PAGE, wx, OriginMap("http://localhost:8082", stub.base_url))
        try:
            await host.start()
            assert host.start_s is not None
            times.append(host.start_s * 1000)
        finally:
            await host.stop()
            await wx.aclose()
    return times


def _rss_kib(pid: int | None) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return -1


async def main(replies: int, start_count: int) -> None:
    with EmbeddedStub(StubConfig(scenario=SCENARIO), isolate=True).start() as stub:
        base = await builtin(stub, replies)
        mine, rss = await page(stub, replies)
        boot = await starts(stub, start_count)
    print(f"event -> text in page code, ms; {replies} replies of 600 chars, a chunk every 5 ms")
    print(f"{'':24}{'n':>6}{'p50':>9}{'p99':>9}{'max':>9}")
    for name, values in (("built-in websocket", base), ("page (JS setData)", mine)):
        row = f"{pct(values, 0.5):9.3f}{pct(values, 0.99):9.3f}{max(values):9.3f}"
        print(f"{name:24}{len(values):>6}{row}")
    added = (pct(mine, 0.5) - pct(base, 0.5), pct(mine, 0.99) - pct(base, 0.99))
    print(f"page adds: p50 {added[0]:+.3f} ms, p99 {added[1]:+.3f} ms (target < 1 / < 5)")
    print(
        f"page start: median {statistics.median(boot):.0f} ms, max {max(boot):.0f} ms "
        f"over {len(boot)} starts (target < 300)"
    )
    print(f"page process memory: {rss / 1024:.1f} MiB RSS after {replies} replies")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--replies", type=int, default=3)
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.replies, args.starts))
