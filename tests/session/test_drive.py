"""drive(): MessageSent first, exactly one outcome last, whatever the transport does."""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest

from backend_stub import EmbeddedStub
from simulator.session import FailureKind, RunSettings, Session, drive
from simulator.transports.base import SendMessage, Transport
from simulator.transports.events import (
    ChunkReceived,
    EmitEvent,
    MessageSent,
    ReplyCompleted,
    RunEvent,
    RunFailed,
    RunStopped,
)
from tests.helpers.waits import forever, until


class Scripted(Transport):
    """A transport that emits a few events and then misbehaves as told."""

    name = "scripted"

    def __init__(self, ending: str) -> None:
        self.ending = ending

    async def run(self, message: SendMessage, emit: EmitEvent) -> None:
        emit(MessageSent(time.monotonic(), self.name, message.text))
        emit(ChunkReceived(time.monotonic(), "部分", 6))
        if self.ending == "raise":
            raise RuntimeError("bug in the transport")
        if self.ending == "hang":
            await forever()  # until the timeout or a cancel
        if self.ending == "twice":
            emit(ReplyCompleted(time.monotonic(), "部分"))
            emit(ReplyCompleted(time.monotonic(), "again"))


async def collect(ending: str, **kw: float) -> list[RunEvent]:
    events: list[RunEvent] = []

    async def make() -> Transport:
        return Scripted(ending)

    await drive(make, "scripted", SendMessage("hi"), events.append, **kw)
    return events


@pytest.mark.parametrize(
    ("ending", "outcome", "kind"),
    [
        ("raise", RunFailed, FailureKind.UNKNOWN),
        ("silent", RunFailed, FailureKind.PROTOCOL),
        ("twice", ReplyCompleted, None),
    ],
)
async def test_exactly_one_outcome(ending: str, outcome: type, kind: FailureKind | None) -> None:
    events = await collect(ending)
    assert isinstance(events[0], MessageSent)
    ends = [e for e in events if isinstance(e, ReplyCompleted | RunFailed | RunStopped)]
    assert len(ends) == 1 and isinstance(ends[0], outcome) and events[-1] is ends[0]
    if isinstance(ends[0], RunFailed):
        assert ends[0].kind is kind and ends[0].partial_text == "部分"


async def test_a_timeout_stops_the_run_with_its_text() -> None:
    events = await collect("hang", timeout_s=0.05)
    assert isinstance(events[-1], RunStopped) and events[-1].partial_text == "部分"


async def test_cancel_ends_as_stopped_and_propagates() -> None:
    events: list[RunEvent] = []

    async def make() -> Transport:
        return Scripted("hang")

    task = asyncio.ensure_future(drive(make, "scripted", SendMessage("hi"), events.append))
    await until(lambda: events)  # under way: the cancel hits a running transport
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert task.cancelled() and isinstance(events[-1], RunStopped)


async def test_an_unstartable_backend_is_a_typed_failure_not_a_crash() -> None:
    events: list[RunEvent] = []

    async def make() -> Transport:
        raise ConnectionRefusedError("no stub")

    outcome = await drive(make, "sync", SendMessage("hi"), events.append)
    assert isinstance(events[0], MessageSent) and events[-1] is outcome
    assert isinstance(outcome, RunFailed) and outcome.kind is FailureKind.UNREACHABLE


@pytest.mark.parametrize(
    ("transport", "scenario", "kind", "status"),
    [
        ("sync", "status=503", FailureKind.HTTP_STATUS, 503),
        ("chunked", "status=413", FailureKind.TOO_LARGE, 413),
        ("download", "status=500", FailureKind.HTTP_STATUS, 500),
        ("polling", "status=503", FailureKind.HTTP_STATUS, 503),
    ],
)
async def test_failures_from_the_real_stub_carry_kind_and_status(
    stub: EmbeddedStub, transport: str, scenario: str, kind: FailureKind, status: int
) -> None:
    settings = RunSettings(backend_url=stub.base_url, scenario=f"ttft_ms=0,{scenario}")
    async with Session(settings) as session:
        outcome = await session.run(transport, session.message("hi"), lambda e: None)
    assert isinstance(outcome, RunFailed), outcome
    assert outcome.kind is kind and outcome.status == status and str(status) in outcome.error


async def test_an_unreachable_backend_is_refused(unused_tcp_port: int) -> None:
    settings = RunSettings(backend_url=f"http://127.0.0.1:{unused_tcp_port}")
    async with Session(settings) as session:
        outcome = await session.run("sync", session.message("hi"), lambda e: None)
    assert isinstance(outcome, RunFailed) and outcome.kind is FailureKind.REFUSED
    assert outcome.errno is not None


async def test_a_backend_without_the_endpoint_is_unsupported() -> None:
    settings = RunSettings(backend_url="http://127.0.0.1:9", backend_kind="openai")
    async with Session(settings) as session:
        outcome = await session.run("download", session.message("hi"), lambda e: None)
    assert isinstance(outcome, RunFailed)
    assert outcome.kind is FailureKind.UNSUPPORTED_BY_BACKEND


async def test_events_yields_a_real_run_step_by_step(stub: EmbeddedStub) -> None:
    settings = RunSettings(backend_url=stub.base_url, scenario="ttft_ms=0,tps=2000,jitter_ms=0")
    async with Session(settings) as session:
        seen = [e async for e in session.events("chunked", session.message("hi"))]
        assert isinstance(seen[0], MessageSent) and isinstance(seen[-1], ReplyCompleted)
        assert any(isinstance(e, ChunkReceived) for e in seen)
        # leaving early stops the run and leaves nothing running
        async for event in session.events("websocket", session.message("hi")):
            if isinstance(event, ChunkReceived):
                break
    assert not [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
