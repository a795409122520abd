"""Stop: cancelling a run aborts its wx tasks, ends with RunStopped and keeps the partial text."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from backend_stub import EmbeddedStub
from simulator.metrics import RunTimeline, fetch_emission_trace
from simulator.transports import (
    BackendProfile,
    ChunkReceived,
    ConnectionOpened,
    RequestMade,
    RunEvent,
    RunStopped,
    SendMessage,
    create_transport,
)
from simulator.wx import WxRuntime
from simulator.wx import events as wx_events
from tests.helpers.timing import seconds

SLOW = "ttft_ms=0,tps=20,jitter_ms=0,length=200"
STREAMED = {"websocket", "chunked", "polling", "longpoll", "auto"}
"""Transports that show text before the end: stop them after the first chunk."""


class FlowWatch:
    """Tracks the wx runtime's tasks so a test can wait until none is left open."""

    def __init__(self, wx: WxRuntime) -> None:
        self.open: set[int] = set()
        self.idle = asyncio.Event()
        self.unsubscribe = wx.events.subscribe(self.on_event)

    def on_event(self, event: object) -> None:
        if isinstance(event, wx_events.TaskStarted):
            self.open.add(event.flow_id)
        elif isinstance(
            event, wx_events.TaskFailed | wx_events.TaskCompleted | wx_events.SocketClosed
        ):
            self.open.discard(event.flow_id)
        if not self.open:
            self.idle.set()


async def wait_for_event(timeline: RunTimeline, kinds: tuple[type, ...]) -> None:
    seen = asyncio.Event()

    def check(event: RunEvent) -> None:
        if isinstance(event, kinds):
            seen.set()

    unsubscribe = timeline.subscribe(check)
    try:
        await asyncio.wait_for(seen.wait(), seconds(5))
    finally:
        unsubscribe()


@pytest.mark.parametrize(
    "name", ["websocket", "chunked", "download", "polling", "longpoll", "sync", "auto"]
)
async def test_stop_aborts_the_wx_tasks_and_keeps_the_partial_text(
    name: str, wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    watch = FlowWatch(wx)
    timeline = RunTimeline()
    transport = create_transport(name, wx, profile)
    task = asyncio.ensure_future(transport.run(SendMessage("讲个长故事", scenario=SLOW), timeline))
    # sync hears nothing before the whole reply: stop it once its request is out
    first = {"sync": RequestMade, "download": ConnectionOpened}.get(name, ChunkReceived)
    await wait_for_event(timeline, (first,))
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    end = timeline.events[-1]
    assert isinstance(end, RunStopped)
    assert sum(isinstance(e, RunStopped) for e in timeline.events) == 1
    assert end.partial_text == timeline.text
    if name in STREAMED:
        assert end.partial_text
    await asyncio.wait_for(watch.idle.wait(), seconds(5))  # every request/socket/download ended
    watch.unsubscribe()
    if end.reply_id is not None:
        trace = await fetch_emission_trace(stub.base_url, end.reply_id)
        assert trace is not None and trace.text.startswith(end.partial_text)


async def test_stop_before_anything_arrived_is_still_one_clean_stop(
    wx: WxRuntime, profile: BackendProfile
) -> None:
    timeline = RunTimeline()
    task = asyncio.ensure_future(
        create_transport("chunked", wx, profile).run(
            SendMessage("x", scenario="ttft_ms=5000"), timeline
        )
    )
    await wait_for_event(timeline, (ConnectionOpened,))
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert isinstance(timeline.events[-1], RunStopped) and timeline.events[-1].partial_text == ""
