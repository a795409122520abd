"""A single-file page gets its platform's JS world in a check: no TextDecoder on a phone, and
the iOS <= 15 what-if running Promise callbacks as timers."""

from __future__ import annotations

import asyncio

import pytest

from simulator.check.matrix import Cell
from simulator.check.traps import active_traps
from simulator.page.host import PageOptions
from simulator.page.run import run_page
from tests.check.conftest import PAGES


def shown(platform: str | None = None, *traps: str) -> str:
    cell = Cell(platform or "devtools", "wifi", "ideal", 0, active_traps(on=traps))
    opts = PageOptions(idle_s=0.2, js_env=cell.js_env() if platform else None)
    report = asyncio.run(run_page(PAGES / "env-probe.js", "x", options=opts))
    assert report.error is None
    return report.messages[-1].content


@pytest.mark.parametrize(
    ("args", "want"),
    [
        ((), "function|then,timer"),  # page mode's own world: Node's Web APIs
        (("devtools",), "function|then,timer"),
        (("ios",), "undefined|then,timer"),
        (("ios", "ios15-promise-timers"), "undefined|timer,then"),
        (("android", "ios15-promise-timers"), "undefined|then,timer"),  # iOS only
    ],
)
def test_platform_world(args: tuple[str, ...], want: str) -> None:
    assert shown(*args) == want


def test_without_the_no_textdecoder_trap_a_phone_has_one() -> None:
    cell = Cell("ios", "wifi", "ideal", 0, active_traps(off=("no-textdecoder",)))
    report = asyncio.run(
        run_page(PAGES / "env-probe.js", "x", options=PageOptions(idle_s=0.2, js_env=cell.js_env()))
    )
    assert report.messages[-1].content.startswith("function|")
