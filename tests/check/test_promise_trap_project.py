"""The iOS <= 15 what-if (`ios15-promise-timers`) in project mode's logic layer: a page that
relies on a Promise callback running before a 0 ms timer works until the trap is on, then
crashes at its own file and line; on iOS only."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend_stub import EmbeddedStub
from simulator.check.matrix import Cell
from simulator.check.runner import CheckConfig, run_matrix
from simulator.check.traps import active_traps
from simulator.check.verdicts import CellVerdict
from simulator.page.run import page_settings
from simulator.project.options import ProjectOptions
from simulator.project.run import ProjectReport, run_project
from tests.check.conftest import FAST
from tests.helpers.stubs import running_stub
from tests.project.conftest import stub_reply

pytestmark = pytest.mark.timeout(180)
PROJECT = Path(__file__).parent / "projects" / "promise-order"
TRAP = active_traps(on=("ios15-promise-timers",))
MESSAGE = "你好"


@pytest.fixture(scope="module")
def fast_stub() -> Iterator[EmbeddedStub]:
    with running_stub(FAST) as server:
        yield server


def run(stub: EmbeddedStub, **options: object) -> ProjectReport:
    return asyncio.run(
        run_project(
            PROJECT, [MESSAGE], settings=page_settings(backend_url=stub.base_url),
            options=ProjectOptions(platform="ios", idle_s=0.2, **options),  # type: ignore[arg-type]
        )
    )  # fmt: skip


def test_promise_callbacks_before_timers_without_the_trap(fast_stub: EmbeddedStub) -> None:
    report = run(fast_stub)
    assert report.ok, (report.error, report.errors)
    assert report.data["chatList"][1]["text"] == stub_reply(fast_stub, MESSAGE)


def test_as_timers_the_page_crashes_at_its_own_line(fast_stub: EmbeddedStub) -> None:
    report = run(fast_stub, promise_timers=True)
    assert not report.ok
    (err,) = report.errors
    assert err.message.startswith("TypeError: Cannot read properties of null")
    assert (err.file, err.line) == ("pages/chat/index.js", 23)


def test_check_crashes_the_ios_cell_only_with_the_trap_on() -> None:
    cells = [
        Cell("ios", "wifi", "ideal", 0, TRAP),
        Cell("android", "wifi", "ideal", 0, TRAP),  # the what-if is iOS's
        Cell("ios", "wifi", "ideal", 0, active_traps()),  # off by default
    ]
    config = CheckConfig(PROJECT, MESSAGE, page_settings(), None, FAST, 5.0, jobs=3)
    report = asyncio.run(run_matrix(config, cells))
    assert report.error is None
    ios, android, default = report.results
    assert android.verdict is CellVerdict.EXACT, android.judged.summary
    assert default.verdict is CellVerdict.EXACT, default.judged.summary
    assert ios.verdict is CellVerdict.CRASHED, ios.judged.summary
    assert ios.judged.error is not None
    assert (ios.judged.error["file"], ios.judged.error["line"]) == ("pages/chat/index.js", 23)
