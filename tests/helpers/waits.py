"""Waits for tests, all scaled by the suite's time unit (`seconds`).

`until` waits for a condition; `quiet_for` / `qt_quiet_for` are the only timed waits left in
tests: each one is a negative assertion ("nothing more arrives within a while"), named so the
intent is explicit. A test that needs something to have happened waits for that, never a sleep.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from tests.helpers.timing import seconds

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

T = TypeVar("T")

POLL_S = 0.005
"""How often `until` looks (not a wait: the timeout bounds it)."""


async def until(check: Callable[[], T], timeout: float = 5) -> T:
    """Return `check()`'s first truthy value; TimeoutError after `timeout` units."""
    async with asyncio.timeout(seconds(timeout)):
        while not (value := check()):
            await asyncio.sleep(POLL_S)
    return value


async def until_async(
    check: Callable[[], Awaitable[T]], timeout: float = 10, every: float = 0.05
) -> T:
    """`until` for a check that must await (an HTTP stats call): asked every `every` s."""
    async with asyncio.timeout(seconds(timeout)):
        while not (value := await check()):
            await asyncio.sleep(every)
    return value


async def quiet_for(units: float) -> None:
    """Let `units` pass in which the test then asserts nothing more arrived (a late chunk, a
    second callback). A busy machine only makes the window longer, never a false failure."""
    await asyncio.sleep(seconds(units))


async def settle(units: float) -> None:
    """Let work already under way finish (a close handshake on another thread) before a
    one-shot check that cannot be polled: `in_cycles` frees what it finds, so asking twice
    would pass. Only where no signal of that work's end is reachable."""
    await asyncio.sleep(seconds(units))


def qt_quiet_for(qtbot: QtBot, units: float) -> None:
    """`quiet_for` on the Qt loop: events keep being processed while nothing must change."""
    qtbot.wait(round(seconds(units) * 1000))


def forever() -> asyncio.Future[None]:
    """An awaitable that never ends by itself: a stand-in for work that only a cancel stops."""
    return asyncio.get_running_loop().create_future()
