"""The window, the bench and page mode read their figures from the one handle the session made."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from simulator.bench.runner import measure_run
from simulator.metrics.live import LiveFigures
from simulator.session import RunSettings, Session
from simulator.session.run import RunHandle
from simulator.transports.base import SendMessage, Transport
from simulator.transports.events import (
    ChunkReceived,
    ConnectionOpened,
    EmitEvent,
    MessageSent,
    ReplyCompleted,
    RequestMade,
    RunFailed,
)
from simulator.wx import WxRuntime

PIECES = ("流式", "输出", "完成")


class Recorded(Transport):
    """A recorded run played back at once: the same events whatever drives it."""

    name = "recorded"

    def __init__(self) -> None:
        pass

    async def run(self, message: SendMessage, emit: EmitEvent) -> None:
        emit(MessageSent(time.monotonic(), "recorded", message.text))
        emit(RequestMade(time.monotonic(), "request", "http://recorded.invalid/chat"))
        emit(ConnectionOpened(time.monotonic(), "200"))
        for piece in PIECES:
            await asyncio.sleep(0)
            emit(ChunkReceived(time.monotonic(), piece, len(piece.encode())))
        emit(ReplyCompleted(time.monotonic(), "".join(PIECES)))


class SpySession(Session):
    """A real session (its `launch`) whose transports are the recording; keeps every handle."""

    def __init__(self) -> None:
        super().__init__(RunSettings(typewriter_cps=2000))
        self.handles: list[RunHandle] = []

    async def transport(
        self, name: str, lane: str | None = None, *, wx: WxRuntime | None = None
    ) -> Transport:
        return Recorded()

    def launch(self, source: Any, text: str, **kwargs: Any) -> RunHandle:
        handle = super().launch(source, text, **kwargs)
        self.handles.append(handle)
        return handle


def kinds(handle: RunHandle) -> list[str]:
    """The recorded event kinds, paints left out (their count follows the frame clock)."""
    return [type(e).__name__ for e in handle.timeline.events if type(e).__name__ != "CharsPainted"]


def counted(live: LiveFigures) -> tuple[int, int, int, bool]:
    """The live figures that do not depend on timing."""
    return (live.requests, live.bytes, live.chars, live.end_s is not None)


async def test_the_bench_measures_the_handle_the_session_made() -> None:
    session = SpySession()
    run = await measure_run(session, "recorded", "你好")
    [handle] = session.handles
    assert run.timeline is handle.timeline
    assert run.metrics.text == "".join(PIECES)
    assert kinds(handle)[0] == "MessageSent" and kinds(handle)[-1] == "ReplyCompleted"


async def test_a_page_source_runs_through_the_same_launch() -> None:
    session = SpySession()

    async def page_source() -> Transport:
        return Recorded()

    handle = session.launch(page_source, "你好", name="page")
    outcome = await handle.wait()
    assert isinstance(outcome, ReplyCompleted) and handle.source == "page"
    assert session.handles == [handle]


async def test_a_handle_ends_exactly_once_and_keeps_the_text_when_a_reply_is_too_long() -> None:
    session = SpySession()
    handle = session.launch("recorded", "你好")
    handle.max_chars = 3
    outcome = await handle.wait()
    assert isinstance(outcome, RunFailed) and outcome.kind.value == "too_large"
    assert outcome.partial_text == "流式输出"
    assert [e for e in handle.timeline.events if isinstance(e, RunFailed | ReplyCompleted)] == [
        outcome
    ]


@pytest.mark.parametrize("late", [ChunkReceived(0.0, "x", 1), RunFailed(0.0, "late", "")])
async def test_nothing_but_paints_is_recorded_after_the_outcome(late: Any) -> None:
    handle = SpySession().launch("recorded", "你好")
    await handle.wait()
    before = list(handle.timeline.events)
    handle.emit(late)
    handle.record_paint(1, 1)
    assert handle.timeline.events[: len(before)] == before
    assert [type(e).__name__ for e in handle.timeline.events[len(before) :]] == ["CharsPainted"]
