"""check fixtures: the examples, the Spring double, and one helper running a few cells."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.check.matrix import Cell
from simulator.check.runner import CheckConfig, CheckReport, run_matrix
from simulator.check.traps import active_traps
from simulator.page.run import page_settings
from simulator.session import RunSettings
from tests.doubles.serve import ThreadServer
from tests.doubles.spring_double import SpringConfig, create_app
from tests.helpers.timing import seconds

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "check"
PAGES = Path(__file__).parent / "pages"
FAST = "ttft_ms=0,tps=400"
HANG_S = seconds(8.0)
"""A page with no end within this is hung: generous, since a busy machine (two workers and a
CPU hog) took over 3 s for a whole DevTools run of a fast reply."""
"""The hang bound in tests: above the examples' own 3 s idle timeout only when needed."""
TRAPS = active_traps()


def cell(platform: str, delivery: str = "seeded", seed: int = 0, network: str = "wifi") -> Cell:
    return Cell(platform, network, delivery, seed, TRAPS)  # type: ignore[arg-type]


def check(
    target: Path, cells: list[Cell], *, backend: str = "", expect: str | None = None,
    hang_s: float = HANG_S, message: str = "你好", settings: RunSettings | None = None,
) -> CheckReport:  # fmt: skip
    # a URL is the Spring double here (its kind: no trace endpoint, as a probe profile says)
    settings = settings or page_settings(
        backend_url=backend, backend_kind="spring" if backend else "stub"
    )
    config = CheckConfig(
        target, message, settings, expect, FAST, hang_s, jobs=len(cells)
    )  # fmt: skip
    return asyncio.run(run_matrix(config, cells))


@pytest.fixture(scope="module")
def spring() -> Iterator[ThreadServer]:
    with ThreadServer(create_app(SpringConfig(chunk_delay_s=0.01))) as server:
        yield server
