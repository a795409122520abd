"""EagerSender: sends complete at once, a parked send queues the rest in order, errors stop it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from backend_stub.routes.eager import EagerSender
from tests.helpers.timing import seconds


class Gate:
    """An ASGI-like `send` that records messages and can be made to park."""

    def __init__(self) -> None:
        self.sent: list[Any] = []
        self.closed: asyncio.Future[None] | None = None
        self.fail_on: Any = None

    async def send(self, message: Any) -> None:
        if self.closed is not None:
            await self.closed
        if message == self.fail_on:
            raise OSError("peer gone")
        self.sent.append(message)


async def test_sends_that_do_not_park_are_written_before_send_returns() -> None:
    gate = Gate()
    sender = EagerSender(gate.send)
    sender.send(1)
    sender.send(2)
    assert gate.sent == [1, 2] and not sender.busy


async def test_a_parked_send_keeps_later_messages_in_order() -> None:
    gate = Gate()
    sender = EagerSender(gate.send)
    gate.closed = asyncio.get_running_loop().create_future()
    sender.send("a")
    sender.send("b")
    sender.send("c")
    assert gate.sent == [] and sender.busy
    gate.closed.set_result(None)
    await asyncio.wait_for(sender.flush(), seconds(2))
    assert gate.sent == ["a", "b", "c"] and not sender.busy
    gate.closed = None
    sender.send("d")
    assert gate.sent[-1] == "d"


async def test_an_error_is_reported_once_and_later_sends_are_dropped() -> None:
    gate = Gate()
    errors: list[BaseException] = []
    sender = EagerSender(gate.send, on_error=errors.append)
    gate.fail_on = "boom"
    sender.send("ok")
    sender.send("boom")
    sender.send("after")
    assert gate.sent == ["ok"]
    assert [type(e) for e in errors] == [OSError] and sender.failed is errors[0]


async def test_an_error_after_parking_is_reported_too() -> None:
    gate = Gate()
    errors: list[BaseException] = []
    sender = EagerSender(gate.send, on_error=errors.append)
    gate.closed = asyncio.get_running_loop().create_future()
    gate.fail_on = "x"
    sender.send("x")
    sender.send("y")
    gate.closed.set_result(None)
    await asyncio.wait_for(sender.flush(), seconds(2))
    assert gate.sent == [] and len(errors) == 1


async def test_cancel_stops_a_parked_send() -> None:
    gate = Gate()
    sender = EagerSender(gate.send)
    gate.closed = asyncio.get_running_loop().create_future()
    sender.send("stuck")
    sender.send("queued")
    task = sender.cancel()
    assert task is not None
    with pytest.raises(asyncio.CancelledError):
        await task
    await sender.flush()  # nothing left to wait for
    assert gate.sent == [] and not sender.busy
