"""Project mode's cost: wx event → the page's JS callback → `setData` → applied in the
headless view, next to the built-in WebSocket transport (wx event → its Python callback emits
the text) in the same run, at 50 chunks/s. Also: project start to the first rendered page, and
the memory of the logic and view processes.

Per chunk the delay is the stamp where the text is done minus the wx runtime's FrameReceived
stamp just before it: built-in, the transport's `ChunkReceived`; project, the host's arrival
of the view's `applied` for the `setData` that carried it (same monotonic clock).

Usage: PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_project.py [--replies 3] [--starts 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
from pathlib import Path

from backend_stub import EmbeddedStub, StubConfig
from simulator.metrics.timeline import RunTimeline
from simulator.page.origin import OriginMap
from simulator.project.boot import compiled_boot
from simulator.project.host import ProjectHost
from simulator.project.loader import load_project
from simulator.project.options import ProjectOptions
from simulator.project.view.port import HeadlessView
from simulator.wx import WxRuntime
from tests.benchmarks.bench_page import _rss_kib, builtin, delays_ms, frame_log, pct

PROJECT = Path(__file__).parent / "projects" / "ws-chat"
SCENARIO = "ttft_ms=0,interval_ms=20,jitter_ms=0,length=300"


def new_host(stub: EmbeddedStub) -> tuple[ProjectHost, WxRuntime, HeadlessView]:
    wx = WxRuntime()
    view = HeadlessView()
    host = ProjectHost(
        load_project(PROJECT), wx, OriginMap("http://localhost:8082", stub.base_url), view,
        ProjectOptions(idle_s=0.3, reply_path=None), boot=compiled_boot,
    )  # fmt: skip
    return host, wx, view


async def project(stub: EmbeddedStub, replies: int) -> tuple[list[float], int, int]:
    host, wx, view = new_host(stub)
    frames = frame_log(wx)
    out: list[float] = []
    try:
        await host.start()
        for _ in range(replies):
            frames.clear()
            host.costs.clear()
            await host.send("bench", RunTimeline())
            applied = sorted(c.applied_at for c in host.costs.values() if c.applied_at)
            out += delays_ms(list(frames), applied)
        rss_logic, rss_view = _rss_kib(host.pid), _rss_kib(view.pid)
    finally:
        await host.stop()
        await wx.aclose()
    return out, rss_logic, rss_view


async def starts(stub: EmbeddedStub, count: int) -> list[float]:
    times = []
    for _ in range(count):
        host, wx, _ = new_host(stub)
        try:
            await host.start()
            assert host.start_s is not None
            times.append(host.start_s * 1000)
        finally:
            await host.stop()
            await wx.aclose()
    return times


async def main(replies: int, start_count: int) -> None:
    with EmbeddedStub(StubConfig(scenario=SCENARIO), isolate=True).start() as stub:
        base = await builtin(stub, replies)
        mine, rss_logic, rss_view = await project(stub, replies)
        boot = await starts(stub, start_count)
    print(f"event -> text done, ms; {replies} replies of 300 chars, a chunk every 20 ms (50/s)")
    print(f"{'':34}{'n':>6}{'p50':>9}{'p99':>9}{'max':>9}")
    for name, values in (("built-in websocket", base), ("project (setData -> applied)", mine)):
        row = f"{pct(values, 0.5):9.3f}{pct(values, 0.99):9.3f}{max(values):9.3f}"
        print(f"{name:34}{len(values):>6}{row}")
    added = (pct(mine, 0.5) - pct(base, 0.5), pct(mine, 0.99) - pct(base, 0.99))
    print(f"project adds: p50 {added[0]:+.3f} ms, p99 {added[1]:+.3f} ms (target < 2 / < 10)")
    print(
        f"project start to first rendered page: median {statistics.median(boot):.0f} ms, "
        f"max {max(boot):.0f} ms over {len(boot)} starts (target < 1500)"
    )
    print(
        f"memory: logic {rss_logic / 1024:.1f} MiB + view {rss_view / 1024:.1f} MiB RSS "
        f"after {replies} replies"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--replies", type=int, default=3)
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.replies, args.starts))
