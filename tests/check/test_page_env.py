"""A single-file page gets its platform's JS world in a check: no TextDecoder on a phone, and
the iOS <= 15 what-if running Promise callbacks as timers."""

from __future__ import annotations

import asyncio

import pytest

from simulator.page.host import PageOptions
from simulator.page.run import run_page
from tests.check.conftest import PAGES


def shown(**options: object) -> str:
    opts = PageOptions(idle_s=0.2, **options)  # type: ignore[arg-type]
    report = asyncio.run(run_page(PAGES / "env-probe.js", "x", options=opts))
    assert report.error is None
    return report.messages[-1].content


@pytest.mark.parametrize(
    ("options", "want"),
    [
        ({}, "function|then,timer"),  # page mode's own world: Node's Web APIs
        ({"js_platform": "devtools"}, "function|then,timer"),
        ({"js_platform": "ios"}, "undefined|then,timer"),
        ({"js_platform": "ios", "promise_timers": True}, "undefined|timer,then"),
    ],
)
def test_platform_world(options: dict[str, object], want: str) -> None:
    assert shown(**options) == want
