"""Window and bench paint one recorded run the same way, including auto's switch to sync."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pytestqt.qtbot import QtBot

from backend_stub import EmbeddedStub
from simulator.bench import BenchConfig, run_bench
from simulator.session import FRAME_S, RunSettings, Session
from simulator.session.run import RunHandle
from simulator.transports.events import (
    CharsPainted,
    ChunkReceived,
    FallbackTaken,
    MessageSent,
    ReplyCompleted,
    RunEvent,
    RunStopped,
)
from simulator.typewriter import Policy
from simulator.ui.kit.frame_clock import FrameClock
from simulator.ui.phone.bubbles import AssistantBubble

CPS = 40.0


def replay(
    events: Sequence[RunEvent],
    on_event: Callable[[RunEvent], None],
    frame: Callable[[float], None],
    extra_s: float = 5.0,
) -> None:
    """Feed `events` in time order and draw a frame every FRAME_S in between (a fixed clock)."""
    arrivals = [e for e in events if not isinstance(e, CharsPainted)]
    t = arrivals[0].at
    end = arrivals[-1].at + extra_s
    i = 0
    while t <= end:
        while i < len(arrivals) and arrivals[i].at <= t:
            on_event(arrivals[i])
            i += 1
        frame(t)
        t += FRAME_S


def bench_paints(events: Sequence[RunEvent], transport: str) -> tuple[list[CharsPainted], Policy]:
    """The bench's painter (the session's paint model) over the recorded events."""
    painted: list[CharsPainted] = []
    settings = RunSettings(typewriter_cps=CPS)
    model = Session(settings).painter(transport, painted.append)
    replay(events, model.on_event, model.frame)
    return painted, model.policy


def window_paints(
    qtbot: QtBot, events: Sequence[RunEvent], transport: str
) -> tuple[list[CharsPainted], AssistantBubble]:
    """The window's bubble over the same events, ticked on the same frames."""
    run = RunHandle(transport, "prompt")
    bubble = AssistantBubble(run, FrameClock(), 400, chars_per_second=CPS, policy=Policy.ADAPTIVE)
    qtbot.addWidget(bubble)

    def tick(now: float) -> None:
        bubble.tick(now)

    def deliver(event: RunEvent) -> None:
        run.emit(event)
        bubble.on_run_event(event)

    replay(events, deliver, tick)
    return [e for e in run.timeline.events if isinstance(e, CharsPainted)], bubble


async def test_bubble_and_bench_paint_the_same_timeline_for_a_recorded_auto_run(
    stub: EmbeddedStub, qtbot: QtBot
) -> None:
    # Every streaming tier stays silent past auto's 0.2 s first-text limit: the run ends on sync,
    # whose whole-body reply is typed out by the fast typewriter.
    settings = RunSettings(backend_url=stub.base_url, first_text_s=0.2, typewriter_cps=CPS)
    config = BenchConfig(
        settings, transports=("auto",), runs=1, scenarios=("ttft_ms=600,tps=2000,jitter_ms=0",)
    )
    recorded = (await run_bench(config)).runs[0]
    events = recorded.timeline.events
    assert [e.to_transport for e in events if isinstance(e, FallbackTaken)][-1] == "sync"
    text = recorded.metrics.text
    assert text and recorded.text_exact is True

    bench, policy = bench_paints(events, "auto")
    window, bubble = window_paints(qtbot, events, "auto")

    assert window == bench
    assert policy is Policy.FAST and bubble.typewriter.policy is Policy.FAST
    assert bench[-1].total == len(text) and bubble.shown_text == text
    # The fast typewriter typed the whole reply within about a second (fast_s), not at 40 chars/s.
    assert bench[-1].at - bench[0].at <= 1.0 + 2 * FRAME_S < len(text) / CPS
    # And the bench's own headless frames followed the same rules: all typed, fast.
    live = [e for e in events if isinstance(e, CharsPainted)]
    assert live[-1].total == len(text)


def test_a_stop_shows_what_arrived_at_once_in_both(qtbot: QtBot) -> None:
    events: list[RunEvent] = [
        MessageSent(0.0, "websocket", "hi"),
        ChunkReceived(0.1, "流式输出" * 20, 240),
        RunStopped(0.2, "流式输出" * 20),
    ]
    bench, _ = bench_paints(events, "websocket")
    window, bubble = window_paints(qtbot, events, "websocket")
    assert window == bench
    assert bench[-1].at == 0.2 and bench[-1].total == 80
    assert bubble.shown_text == "流式输出" * 20


def test_a_sync_run_is_fast_typed_in_both_from_its_whole_body(qtbot: QtBot) -> None:
    body = "一次请求" * 50
    events: list[RunEvent] = [MessageSent(0.0, "sync", "hi"), ReplyCompleted(0.5, body)]
    bench, policy = bench_paints(events, "sync")
    window, _ = window_paints(qtbot, events, "sync")
    assert window == bench and policy is Policy.FAST
    assert bench[-1].total == len(body) and bench[-1].at - 0.5 <= 1.0 + 2 * FRAME_S
