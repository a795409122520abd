"""`check`'s default matrix on one example against the embedded stub: wall time and peak memory.

The matrix: 4 platform profiles × wifi with the default traps: on each phone 20 seeded
deliveries and the byte-by-byte one, on DevTools and PC one cell each (their delivery is not
seeded), i.e. 44 cells, at most one per core at a time. The stub runs the check's fast
default scenario (ttft 100 ms, 200 tokens/s). Peak memory is the sum of the resident sets of
this process and every child (the Node page processes), sampled every 100 ms. Same run, the
baseline: one single cell (DevTools, ideal delivery) through the same code, stub start
included, as `check --platform devtools --network wifi` would do.

Usage: PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_check.py [--seeds 20] [--page P]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import time
from pathlib import Path

import psutil

from simulator.check.matrix import build_matrix
from simulator.check.runner import CheckConfig, CheckReport, run_matrix
from simulator.check.traps import active_traps
from simulator.project.jsenv import JS_PLATFORMS

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "check" / "stream-decoder.js"


async def measured(config: CheckConfig, seeds: int, one: bool) -> tuple[CheckReport, float, int]:
    cells = build_matrix(JS_PLATFORMS, ("wifi",), seeds, active_traps())
    if one:
        cells = [c for c in cells if c.platform == "devtools"]
    me = psutil.Process()
    peak = 0
    stop = asyncio.Event()

    async def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            total = 0
            for p in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
            peak = max(peak, total)
            await asyncio.sleep(0.1)

    sampler = asyncio.create_task(sample())
    began = time.monotonic()
    report = await run_matrix(config, cells)
    wall = time.monotonic() - began
    stop.set()
    await sampler
    return report, wall, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--page", type=Path, default=EXAMPLE)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    config = CheckConfig(args.page, jobs=args.jobs)
    single, single_wall, single_peak = asyncio.run(measured(config, args.seeds, one=True))
    report, wall, peak = asyncio.run(measured(config, args.seeds, one=False))
    cells = [r.elapsed_s for r in report.results]
    verdicts: dict[str, int] = {}
    for r in report.results:
        verdicts[str(r.verdict)] = verdicts.get(str(r.verdict), 0) + 1
    print(f"page {args.page.name}, {os.cpu_count()} cores, jobs {config.jobs or os.cpu_count()}")
    print(
        f"baseline: one cell (devtools, ideal)   wall {single_wall:6.2f} s  "
        f"peak RSS {single_peak / 2**20:6.0f} MiB  ({single.results[0].verdict})"
    )
    print(
        f"default matrix: {len(report.results)} cells       wall {wall:6.2f} s  "
        f"peak RSS {peak / 2**20:6.0f} MiB  target < 60 s: {'met' if wall < 60 else 'MISSED'}"
    )
    print(
        f"per cell: median {statistics.median(cells):.2f} s, max {max(cells):.2f} s; "
        f"verdicts {verdicts}"
    )


if __name__ == "__main__":
    main()
