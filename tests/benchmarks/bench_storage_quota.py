"""Cost of one write against the storage quotas, at 1 / 1,000 / 5,000 files or keys (issue 28).

Two quotas: the user files of `USER_DATA_PATH` (FileSystemManager.writeFileSync, 200 MB) and
`wx.setStorageSync` (10 MB). Both now keep a running total. The baseline, measured in the same
run on the same folder, is what the quota check did before: a rescan of the whole user folder
per write (`sum(stat) over rglob`), added to the write itself.

Run: `.venv/bin/python tests/benchmarks/bench_storage_quota.py [--writes 200]`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from simulator.wx import WxConfig, WxRuntime
from simulator.wx.native import NativeOptions

SIZES = (1, 1_000, 5_000)


def rescan(folder: Path) -> int:
    """The old quota check: every file's size, on every write."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def files_row(count: int, writes: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        wx = WxRuntime(WxConfig(user_data_dir=Path(tmp)))
        fs = wx.getFileSystemManager()
        root = wx.env.USER_DATA_PATH
        for i in range(count):
            fs.writeFileSync(f"{root}/seed{i}.txt", "x" * 64)
        now, before = [], []
        for i in range(writes):
            path = f"{root}/w{i % 10}.txt"
            began = time.perf_counter()
            fs.writeFileSync(path, "y" * 64)
            now.append(time.perf_counter() - began)
            began = time.perf_counter()
            rescan(Path(tmp))
            fs.writeFileSync(path, "y" * 64)
            before.append(time.perf_counter() - began)
        await wx.aclose()
    return median_ms(before), median_ms(now)


async def storage_row(count: int, writes: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        wx = WxRuntime(native=NativeOptions(storage_dir=Path(tmp)))
        for i in range(count):
            wx.setStorageSync(f"seed{i}", {"i": i})
        samples = []
        for i in range(writes):
            began = time.perf_counter()
            wx.setStorageSync(f"w{i % 10}", {"i": i, "text": "回复" * 8})
            samples.append(time.perf_counter() - began)
        await wx.aclose()
    return median_ms(samples)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--writes", type=int, default=200)
    args = parser.parse_args()
    print("files/keys | writeFileSync before (rescan) | after (running total) | setStorageSync")
    for count in SIZES:
        before, after = await files_row(count, args.writes)
        storage = await storage_row(count, args.writes)
        print(f"{count:>10} | {before:>22.3f} ms | {after:>18.3f} ms | {storage:>11.3f} ms")


if __name__ == "__main__":
    asyncio.run(main())
