"""Project mode's view layer: `setData` sent → applied in the headless view, while a reply streams.

A native chat page (tests/project/view/projects/chat) with 40 earlier messages receives a
10,000-character reply at 50 `setData`/s (`messages[40].content` and `scrollId`, as chat pages
do). Per call: sent (host's monotonic clock at post) → `applied` read back by the host, and the
view's own apply time. Same run, same process, a baseline: the view rebuilds the page's DOM on
every `setData` (what patching avoids). Also: compile time of the project (cold, then cached),
view start → first page rendered, resident memory of the view process.

Usage: PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_project_view.py [--chars 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path
from typing import Any

from simulator.project.compile import CompileCache, compile_project
from simulator.project.view.port import HeadlessView, Message, boot_message

CHAT = Path(__file__).resolve().parents[1] / "project" / "view" / "projects" / "chat"
ROUTE = "pages/chat/index"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def history(n: int) -> list[dict[str, Any]]:
    return [
        {"id": i, "role": "user" if i % 2 == 0 else "assistant", "content": f"第 {i} 条消息 " * 6}
        for i in range(n)
    ]


class Driver:
    def __init__(self) -> None:
        self.view = HeadlessView(on_message=self.on_message)
        self.arrived: dict[tuple[int, int], tuple[float, Message]] = {}
        self.first_render: dict[int, float] = {}
        self.booted = asyncio.Event()
        self.seq = 0

    def on_message(self, msg: Message) -> None:
        now = time.monotonic()
        if msg["t"] == "applied":
            self.arrived[(msg["id"], msg["seq"])] = (now, msg)
        elif msg["t"] == "firstRender":
            self.first_render[msg["id"]] = now
        elif msg["t"] == "booted":
            self.booted.set()
        elif msg["t"] == "error":
            print("view error:", msg.get("message"))

    async def stream(self, page: int, chars: int, per_call: int, rate: float) -> dict[str, Any]:
        reply = ("流式输出的回复文本，" * (chars // 10 + 1))[:chars]
        sent: list[tuple[int, float]] = []
        interval = 1.0 / rate
        start = time.monotonic()
        for i, end in enumerate(range(per_call, chars + per_call, per_call)):
            await asyncio.sleep(max(0.0, start + i * interval - time.monotonic()))
            self.seq += 1
            patch = {"messages[40].content": reply[:end], "scrollId": "msg-40"}
            at = time.monotonic()
            self.view.post({"t": "setData", "id": page, "seq": self.seq, "patch": patch})
            sent.append((self.seq, at))
        async with asyncio.timeout(30):
            while any((page, s) not in self.arrived for s, _ in sent):
                await asyncio.sleep(0.01)
        lat = [(self.arrived[(page, s)][0] - at) * 1000 for s, at in sent]
        cost = [float(self.arrived[(page, s)][1]["ms"]) for s, _ in sent]
        third = len(lat) // 3
        return {
            "calls": len(lat),
            "p50": pct(lat, 0.5),
            "p99": pct(lat, 0.99),
            "max": max(lat),
            "apply_p50": pct(cost, 0.5),
            "apply_p99": pct(cost, 0.99),
            "last_vs_first": statistics.fmean(cost[-third:]) / statistics.fmean(cost[:third]),
            "mutations": statistics.fmean(
                float(self.arrived[(page, s)][1]["mutations"]) for s, _ in sent
            ),
        }


async def main(args: argparse.Namespace) -> None:
    t0 = time.perf_counter()
    compiled = compile_project(CHAT, [ROUTE], CompileCache())
    cold = time.perf_counter() - t0
    cache = CompileCache()
    compile_project(CHAT, [ROUTE], cache)
    t0 = time.perf_counter()
    compile_project(CHAT, [ROUTE], cache)
    warm = time.perf_counter() - t0
    print(f"compile (wcc + 2× wcsc): cold {cold * 1000:.1f} ms, cached {warm * 1000:.2f} ms")

    d = Driver()
    t0 = time.monotonic()
    await d.view.start()
    d.view.post(
        boot_message(compiled, {}, {"windowWidth": 375, "windowHeight": 667, "pixelRatio": 2})
    )
    await d.booted.wait()
    data = {"messages": history(40), "inputValue": "", "loading": True, "scrollId": "msg-39"}
    d.view.post({"t": "pageCreate", "id": 1, "route": ROUTE, "query": {}, "data": data})
    while 1 not in d.first_render:
        await asyncio.sleep(0.005)
    print(
        f"view start → first page rendered (40 messages): {(d.first_render[1] - t0) * 1000:.0f} ms"
    )
    rows = []
    for page, full in ((1, False), (2, True)):
        if page == 2:
            d.view.post({"t": "pageDestroy", "id": 1})
            d.view.post({"t": "fullRender", "on": True})
            d.view.post({"t": "pageCreate", "id": 2, "route": ROUTE, "query": {}, "data": data})
            while 2 not in d.first_render:
                await asyncio.sleep(0.005)
        d.seq += 1
        d.view.post({"t": "setData", "id": page, "seq": d.seq, "patch": {
            "messages[40]": {"id": 40, "role": "assistant", "content": ""}}})  # fmt: skip
        res = await d.stream(page, args.chars, args.per_call, args.rate)
        rows.append(("rebuild per setData" if full else "keyed patch", res))
    rss = d.view.memory_rss()
    await d.view.stop()
    print(
        f"\n{args.chars} chars, {args.per_call} per setData, {args.rate:g} setData/s, "
        "page with 40 earlier messages"
    )
    print(f"{'mode':<22}{'calls':>6}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
          f"{'apply p50':>11}{'apply p99':>11}{'last/first':>12}{'DOM writes':>12}")  # fmt: skip
    for name, r in rows:
        print(
            f"{name:<22}{r['calls']:>6}{r['p50']:>9.2f}{r['p99']:>9.2f}{r['max']:>9.2f}"
            f"{r['apply_p50']:>11.3f}{r['apply_p99']:>11.3f}{r['last_vs_first']:>12.2f}"
            f"{r['mutations']:>12.1f}"
        )
    print(f"\nview process resident memory after both runs: {(rss or 0) / 2**20:.0f} MiB")
    print("targets: p50 < 8 ms, p99 < 33 ms, last third ≤ 1.2× first third (keyed patch)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=10_000)
    parser.add_argument("--per-call", type=int, default=20, help="characters added per setData")
    parser.add_argument("--rate", type=float, default=50.0, help="setData calls per second")
    asyncio.run(main(parser.parse_args()))
