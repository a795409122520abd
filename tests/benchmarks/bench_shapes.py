"""The verdict of every transport against every wire shape: with a probed profile, and without.

For each shape of `tests/doubles/shapes.py` (started on loopback): `probe_backend` → saved
profile → one bench run per transport (`--profile`), then one bench run per transport with
no probe (`--backend URL --backend-kind spring`). A cell is the run's verdict; a `!` marks a
run called exact/consistent whose text is not the reply the backend sent (the bug this table
exists to catch). The runs' texts are checked here against the double's own reply.

Run: .venv/bin/python tests/benchmarks/bench_shapes.py [--slow] [--only NAME,...]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import time
from pathlib import Path

from simulator.bench import BenchConfig, run_bench
from simulator.probe import probe_backend, save_profile
from simulator.session import RunSettings
from tests.doubles.serve import ThreadServer
from tests.doubles.shapes import SHAPES, Shape, ShapeBackend, create_app, reply_text, silent, slow

TRANSPORTS = ("websocket", "chunked", "download", "polling", "longpoll", "sync")
PROMPT = "你好"


def cell(run_verdict: str, ok: bool, text: str | None, right: str) -> str:
    wrong = ok and text != right
    return run_verdict + ("!" if wrong else "")


async def measure(shape: Shape, probe: bool, tmp: Path) -> tuple[dict[str, str], str]:
    backend = ShapeBackend(shape)
    with ThreadServer(create_app(backend), log_level="critical") as server:
        started = time.monotonic()
        if probe:
            report = await probe_backend(server.base_url)
            path = tmp / f"{shape.name}.json"
            save_profile(report.profile, path, report.as_dict())
            settings = RunSettings(profile_file=str(path), run_timeout_s=90)
        else:
            settings = RunSettings(
                backend_url=server.base_url, backend_kind="spring", run_timeout_s=90
            )
        config = BenchConfig(settings, transports=TRANSPORTS, runs=1, prompt=PROMPT)
        result = await run_bench(config)
        right = reply_text(PROMPT)
        cells: dict[str, str] = {}
        for run in result.runs:
            v = run.verdict
            word = "?" if v is None else v.status.value
            if v is not None and v.kind is not None and v.status.value == "failed":
                word = f"failed:{v.kind.value}"
            cells[run.transport] = cell(word, run.ok, run.metrics.text, right)
        for name in result.unsupported:
            cells[name] = "unsupported"
        return cells, f"{time.monotonic() - started:.0f}s"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slow", action="store_true", help="Add the slow and silent shapes.")
    parser.add_argument("--only", default="", help="Comma list of shape names.")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    shapes = list(SHAPES.values())
    if args.slow:
        shapes += [slow(0.3, 1), silent(3.5)]
    if args.only:
        wanted = set(args.only.split(","))
        shapes = [s for s in shapes if s.name in wanted]
    header = ["shape", "mode", *TRANSPORTS, "time"]
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    with tempfile.TemporaryDirectory() as tmp:
        for shape in shapes:
            for probe in (True, False):
                cells, took = await measure(shape, probe, Path(tmp))
                mode = "probed" if probe else "spring"
                row = [shape.name, mode, *(cells.get(t, "-") for t in TRANSPORTS), took]
                print(" | ".join(row), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
