"""Backends that are not our stub, started on loopback: the Spring double, the OpenAI server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest

from backend_stub import EmbeddedStub
from simulator.metrics import RunTimeline
from simulator.transports import ReplyCompleted, RunFailed, RunStopped, SendMessage, Transport
from simulator.wx import WxConfig, WxRuntime
from tests.doubles import openai_min
from tests.doubles.serve import ThreadServer
from tests.doubles.spring_double import SpringConfig, create_app
from tests.helpers.stubs import running_stub
from tests.helpers.timing import seconds

FAST_DELAY_S = 0.01
"""Between two writes of the Spring double: a reply of ~24 pieces over ~0.25 s."""


def spring(**options: object) -> ThreadServer:
    config = SpringConfig(chunk_delay_s=FAST_DELAY_S, **options)  # type: ignore[arg-type]
    server = ThreadServer(create_app(config))
    server.config = config  # type: ignore[attr-defined]
    return server


@pytest.fixture(scope="module")
def literal() -> Iterator[ThreadServer]:
    """The seed's contract as written: POST-only miniapp-stream, `[DONE]` on the socket."""
    with spring() as server:
        yield server


@pytest.fixture(scope="module")
def lenient_close() -> Iterator[ThreadServer]:
    """miniapp-stream for GET too; the socket reply ends with close 1000."""
    with spring(lenient=True, ws_end="close") as server:
        yield server


@pytest.fixture(scope="module")
def silent() -> Iterator[ThreadServer]:
    """The socket reply has no end at all: the connection just goes quiet."""
    with spring(ws_end="none") as server:
        yield server


@pytest.fixture(scope="module")
def openai() -> Iterator[ThreadServer]:
    with ThreadServer(openai_min.create_app(openai_min.OpenAiConfig(delay_s=0.01))) as server:
        yield server


@pytest.fixture(scope="module")
def fast_stub() -> Iterator[EmbeddedStub]:
    """Our stub with a quick default reply (the probe sends no scenario)."""
    with running_stub("ttft_ms=0,tps=300,jitter_ms=0,length=40") as server:
        yield server


@pytest.fixture
async def wx() -> AsyncIterator[WxRuntime]:
    runtime = WxRuntime(WxConfig())
    try:
        yield runtime
    finally:
        await runtime.aclose()


async def run_to_end(transport: Transport, text: str = "你好", timeout: float = 15) -> RunTimeline:
    """One run, bounded; exactly one terminal event, and it is the last one."""
    timeline = RunTimeline()
    await asyncio.wait_for(transport.run(SendMessage(text), timeline), seconds(timeout))
    ends = [e for e in timeline.events if isinstance(e, ReplyCompleted | RunFailed | RunStopped)]
    assert len(ends) == 1 and timeline.events[-1] is ends[0], ends
    return timeline
