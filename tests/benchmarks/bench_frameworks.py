"""Start time of the framework fixtures (Taro, uni-app) next to a native project in the same
run: project start → the view's first render of the page (`ProjectHost.start_s`), and → the
page's own content on screen (its input rendered: Taro renders React's tree from a timer
after the page's empty first render).

Usage: PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_frameworks.py [--starts 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path

from simulator.page.origin import OriginMap
from simulator.project.boot import compiled_boot
from simulator.project.host import ProjectHost
from simulator.project.loader import load_project
from simulator.project.options import ProjectOptions
from simulator.project.view.port import HeadlessView
from simulator.wx import WxRuntime

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = {
    "native (baseline)": ROOT / "examples" / "projects" / "native-chat",
    "Taro 4.1.11": ROOT / "tests" / "fixtures" / "frameworks" / "taro-chat",
    "uni-app 3.0.0 (Vue 3.4.21)": ROOT / "tests" / "fixtures" / "frameworks" / "uni-chat",
}


async def one(folder: Path) -> tuple[float, float]:
    began = time.monotonic()
    wx = WxRuntime()
    host = ProjectHost(
        load_project(folder), wx, OriginMap("http://localhost:8082", "http://127.0.0.1:9"),
        HeadlessView(), ProjectOptions(), boot=compiled_boot,
    )  # fmt: skip
    try:
        await host.start()
        assert host.start_s is not None
        first = host.start_s * 1000
        while True:  # the page's own markup: its input field
            answer = await host.ask({"t": "query", "selector": "input", "fields": ["id"]})
            if answer.get("value"):
                break
            await asyncio.sleep(0.005)
        return first, (time.monotonic() - began) * 1000
    finally:
        await host.stop()
        await wx.aclose()


async def main(count: int) -> None:
    print(
        f"{'project':28} {'first render p50':>17} {'content p50':>12} {'max':>7}  (ms, n={count})"
    )
    for name, folder in PROJECTS.items():
        firsts, contents = [], []
        for _ in range(count):
            first, content = await one(folder)
            firsts.append(first)
            contents.append(content)
        print(
            f"{name:28} {statistics.median(firsts):17.0f} {statistics.median(contents):12.0f}"
            f" {max(contents):7.0f}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--starts", type=int, default=5)
    asyncio.run(main(parser.parse_args().starts))
