"""Transport test fixtures: a wx runtime per test, the stub's profile, a run-and-judge helper."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from backend_stub import EmbeddedStub
from simulator.metrics import EmissionTrace, RunMetrics, RunTimeline, fetch_emission_trace
from simulator.transports import (
    BackendProfile,
    ReplyCompleted,
    RunFailed,
    RunStopped,
    SendMessage,
    Transport,
    create_transport,
    stub_profile,
)
from simulator.wx import WxConfig, WxRuntime
from tests.helpers.timing import seconds

FAST = "ttft_ms=0,tps=2000,jitter_ms=0"
"""A reply of ~40 chunks in a few tens of milliseconds."""


@pytest.fixture
async def wx() -> AsyncIterator[WxRuntime]:
    runtime = WxRuntime(WxConfig())
    try:
        yield runtime
    finally:
        await runtime.aclose()


@pytest.fixture
def profile(stub: EmbeddedStub) -> BackendProfile:
    return stub_profile(stub.base_url, stub.ws_url)


@dataclass
class Outcome:
    """A finished run, its figures and the stub's own account of the reply."""

    timeline: RunTimeline
    metrics: RunMetrics
    trace: EmissionTrace | None

    @property
    def end(self) -> ReplyCompleted | RunFailed | RunStopped:
        last = self.timeline.events[-1]
        assert isinstance(last, ReplyCompleted | RunFailed | RunStopped), last
        return last

    def assert_exact(self) -> None:
        """Completed with exactly the stub's reply text."""
        assert isinstance(self.end, ReplyCompleted), self.end
        assert self.trace is not None, "the stub keeps a trace of every reply"
        assert self.end.text == self.trace.text == self.metrics.text

    def assert_exact_or_clear_error(self) -> None:
        """The issue's oracle: the exact text, or a clear error keeping a true prefix of it."""
        end = self.end
        if isinstance(end, ReplyCompleted):
            self.assert_exact()
            return
        assert isinstance(end, RunFailed), end
        assert end.error.strip()
        if self.trace is not None:
            assert self.trace.text.startswith(end.partial_text), (end.partial_text, self.trace.text)


async def finish(
    transport: Transport, message: SendMessage, stub_url: str, timeout: float = 10
) -> Outcome:
    """Run to the end (bounded), check the run has exactly one terminal event, read the trace."""
    timeline = RunTimeline()
    await asyncio.wait_for(transport.run(message, timeline), seconds(timeout))
    ends = [e for e in timeline.events if isinstance(e, ReplyCompleted | RunFailed | RunStopped)]
    assert len(ends) == 1 and timeline.events[-1] is ends[0], ends
    reply_id = ends[0].reply_id
    trace = await fetch_emission_trace(stub_url, reply_id) if reply_id else None
    return Outcome(timeline, timeline.metrics(trace), trace)


async def run_named(
    name: str, wx: WxRuntime, profile: BackendProfile, scenario: str | None, stub_url: str
) -> Outcome:
    return await finish(
        create_transport(name, wx, profile), SendMessage("你好", scenario=scenario), stub_url
    )
