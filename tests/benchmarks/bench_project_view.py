"""Project mode's view layer: `setData` sent → applied in the headless view, while a reply streams.

A native chat page (tests/project/view/projects/chat) with 40 earlier messages receives a
10,000-character reply at 50 `setData`/s (`messages[40].content` and `scrollId`, as chat pages
do). Per call: sent (host's monotonic clock at post) → `applied` read back by the host, and the
view's own apply time. Same run, same process, a baseline: the view rebuilds the page's DOM on
every `setData` (what patching avoids). Also: compile time of the project (cold, then cached),
view start → first page rendered, resident memory of the view process.

With `--qt` the same stream goes into the window's view (QtWebEngine, offscreen): sent →
applied over runJavaScript/QWebChannel, the longest gap between ticks of a 16 ms Qt timer
meanwhile (the window's frames), and the runJavaScript round trip.

Usage: PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_project_view.py [--chars 10000] [--qt]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import time
from collections.abc import Callable
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
    print(f"view process resident memory, page open: {(d.view.memory_rss() or 0) / 2**20:.0f} MiB")
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


class QtStream:
    """One stream into the window's view, paced by a Qt timer, with a 16 ms "frame" timer."""

    def __init__(self, port: Any, got: list[tuple[float, Message]], page: int, first_seq: int,
                 ends: list[int], reply: str, rate: float) -> None:  # fmt: skip
        from PySide6.QtCore import QTimer

        self.port, self.got, self.page, self.seq = port, got, page, first_seq
        self.ends, self.reply, self.rate = ends, reply, rate
        self.sent: dict[int, float] = {}
        self.arrived: dict[int, float] = {}
        self.cost: dict[int, float] = {}
        self.ticks: list[float] = []
        self.i = 0
        self.start = time.monotonic()
        self.frame = QTimer()
        self.frame.timeout.connect(lambda: self.ticks.append(time.monotonic()))
        self.pump = QTimer()
        self.pump.timeout.connect(self.step)
        self.frame.start(16)
        self.pump.start(2)

    def step(self) -> None:
        while self.i < len(self.ends) and time.monotonic() >= self.start + self.i / self.rate:
            self.seq += 1
            patch = {"messages[40].content": self.reply[: self.ends[self.i]], "scrollId": "msg-40"}
            self.sent[self.seq] = time.monotonic()
            self.port.post({"t": "setData", "id": self.page, "seq": self.seq, "patch": patch})
            self.i += 1

    def done(self) -> bool:
        for at, m in self.got:
            if m.get("t") == "applied" and m.get("seq") in self.sent:
                self.arrived.setdefault(m["seq"], at)
                self.cost.setdefault(m["seq"], float(m["ms"]))
        return len(self.arrived) == len(self.ends)

    def report(self, name: str) -> None:
        self.pump.stop()
        self.frame.stop()
        lat = [(self.arrived[s] - at) * 1000 for s, at in self.sent.items()]
        gaps = [(b - a) * 1000 for a, b in itertools.pairwise(self.ticks)]
        cost = [self.cost[s] for s in sorted(self.cost)]
        third = len(cost) // 3
        ratio = statistics.fmean(cost[-third:]) / statistics.fmean(cost[:third])
        print(f"{name:<22} sent→applied p50 {pct(lat, 0.5):.2f} ms, p99 {pct(lat, 0.99):.2f} ms;"
              f" longest Qt frame gap {max(gaps):.1f} ms, gaps > 50 ms: "
              f"{sum(g > 50 for g in gaps)} of {len(gaps)}; apply p50 {pct(cost, 0.5):.2f} ms,"
              f" last/first third {ratio:.2f}")  # fmt: skip


def qt_run(args: argparse.Namespace) -> None:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from simulator.ui.phone.page_view import PageView

    app = QApplication.instance() or QApplication([])  # noqa: F841 - kept alive for the run
    view = PageView()
    device = {"windowWidth": 375, "windowHeight": 667, "pixelRatio": 2}
    view.set_device(device)
    view.show()
    got: list[tuple[float, Message]] = []
    view.port.on_message = lambda m: got.append((time.monotonic(), m))

    def wait(pred: Callable[[], bool], timeout: float = 30.0) -> None:
        loop = QEventLoop()
        timer = QTimer()
        timer.timeout.connect(lambda: loop.quit() if pred() else None)
        timer.start(2)
        deadline = time.monotonic() + timeout
        while not pred():
            loop.exec()
            if time.monotonic() > deadline:
                raise TimeoutError("the web view did not answer")
        timer.stop()

    def seen(**match: Any) -> bool:
        return any(all(m.get(k) == v for k, v in match.items()) for _, m in got)

    t0 = time.monotonic()
    view.port.load(CHAT)
    wait(lambda: view.port.ready)
    view.port.post(boot_message(compile_project(CHAT, [ROUTE]), {}, device))
    data = {"messages": history(40), "inputValue": "", "loading": True, "scrollId": "msg-39"}
    view.port.post({"t": "pageCreate", "id": 1, "route": ROUTE, "query": {}, "data": data})
    wait(lambda: seen(t="firstRender", id=1))
    print(f"\nQtWebEngine: load → first page rendered: {(time.monotonic() - t0) * 1000:.0f} ms")
    trips = []
    for _ in range(30):
        view.port.last_round_trip_s = None
        view.port.probe_round_trip()
        wait(lambda: view.port.last_round_trip_s is not None)
        trips.append((view.port.last_round_trip_s or 0.0) * 1000)
    print(f"runJavaScript → QWebChannel round trip: p50 {pct(trips, 0.5):.2f} ms, "
          f"max {max(trips):.2f} ms")  # fmt: skip
    reply = ("流式输出的回复文本，" * (args.chars // 10 + 1))[: args.chars]
    ends = list(range(args.per_call, args.chars + args.per_call, args.per_call))
    seq = 0
    for page, full in ((1, False), (2, True)):
        if full:
            view.port.post({"t": "pageDestroy", "id": 1})
            view.port.post({"t": "fullRender", "on": True})
            view.port.post({"t": "pageCreate", "id": 2, "route": ROUTE, "query": {}, "data": data})
            wait(lambda: seen(t="firstRender", id=2))
        seq += 1
        view.port.post({"t": "setData", "id": page, "seq": seq, "patch": {
            "messages[40]": {"id": 40, "role": "assistant", "content": ""}}})  # fmt: skip
        run = QtStream(view.port, got, page, seq, ends, reply, args.rate)
        wait(run.done, timeout=len(ends) / args.rate + 30)
        run.report("rebuild per setData" if full else "keyed patch")
        seq = run.seq
    import psutil

    engine = [p for p in psutil.Process().children(recursive=True) if "WebEngine" in p.name()]
    rss = sum(p.memory_info().rss for p in engine)
    print(f"QtWebEngine processes: {len(engine)}, resident memory {rss / 2**20:.0f} MiB")
    # the page must be deleted before the web engine profile at exit
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=10_000)
    parser.add_argument("--per-call", type=int, default=20, help="characters added per setData")
    parser.add_argument("--rate", type=float, default=50.0, help="setData calls per second")
    parser.add_argument("--qt", action="store_true", help="also the window's QtWebEngine view")
    parsed = parser.parse_args()
    asyncio.run(main(parsed))
    if parsed.qt:
        qt_run(parsed)
