"""The suite's waits: a condition's value or a timeout, never a silent pass."""

from __future__ import annotations

import asyncio

import pytest

from tests.helpers.waits import forever, until, until_async


async def test_until_returns_the_first_truthy_value() -> None:
    seen: list[int] = []
    asyncio.get_running_loop().call_later(0.01, seen.append, 7)
    assert await until(lambda: seen and seen[0]) == 7


async def test_until_fails_when_the_condition_never_holds() -> None:
    with pytest.raises(TimeoutError):
        await until(lambda: False, timeout=0.05)


async def test_until_async_asks_until_yes_and_forever_only_ends_by_cancel() -> None:
    asked: list[int] = []

    async def third_time() -> bool:
        asked.append(1)
        return len(asked) == 3

    assert await until_async(third_time, every=0.001) is True
    hang = asyncio.ensure_future(forever())
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(asyncio.shield(hang), 0.02)
    hang.cancel()
