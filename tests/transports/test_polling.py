"""Polling economics: the seed's fixed interval vs cursor + long-poll, measured on the stub."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from backend_stub import EmbeddedStub, ServerThread
from simulator.metrics import percentile
from simulator.transports import (
    BackendProfile,
    EmptyResponseReceived,
    LongPollTransport,
    PollingTransport,
    RequestMade,
    RunFailed,
    SendMessage,
    spring_profile,
)
from simulator.wx import WxRuntime
from tests.transports.conftest import finish

PACED = "ttft_ms=0,tps=40,jitter_ms=0,length=30"
"""About 0.8 s of generation: long enough for several polls."""


async def test_seed_polling_sends_full_content_every_interval(
    wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    transport = PollingTransport(wx, profile, interval_s=0.2)
    outcome = await finish(transport, SendMessage("你好", scenario=PACED), stub.base_url)
    outcome.assert_exact()
    m = outcome.metrics
    kinds = [e.kind for e in outcome.timeline.events if isinstance(e, RequestMade)]
    assert kinds[0] == "request" and set(kinds[1:]) == {"poll"}
    assert m.requests >= 4  # start + one poll per 0.2 s over ~0.8 s
    # Full content each time: bytes grow with every poll, more than the text itself.
    assert m.bytes > 2 * len(outcome.metrics.text.encode())


async def test_long_poll_cuts_delay_and_empty_polls(
    wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    seed = await finish(
        PollingTransport(wx, profile, interval_s=0.2),
        SendMessage("你好", scenario=PACED),
        stub.base_url,
    )
    long = await finish(
        LongPollTransport(wx, profile), SendMessage("你好", scenario=PACED), stub.base_url
    )
    seed.assert_exact()
    long.assert_exact()
    seed_p50 = percentile(seed.metrics.delivery_delays, 50)
    long_p50 = percentile(long.metrics.delivery_delays, 50)
    assert seed_p50 is not None and long_p50 is not None
    assert long_p50 < seed_p50
    # The server holds each poll until there is news: at most the final "complete" is empty.
    empty_polls = [
        e for e in long.timeline.events if isinstance(e, EmptyResponseReceived) and e.kind == "poll"
    ]
    assert len(empty_polls) <= 1
    assert all(
        "cursor=" in e.url
        for e in long.timeline.events
        if isinstance(e, RequestMade) and e.kind == "poll"
    )


def expiring_backend() -> Starlette:
    """Starts a session, answers one poll with partial content, then forgets the session."""
    polls = 0

    async def start(request: Request) -> JSONResponse:
        return JSONResponse({"success": True, "data": {"sessionId": "s", "replyId": "r"}})

    async def poll(request: Request) -> JSONResponse:
        nonlocal polls
        polls += 1
        if polls == 1:
            return JSONResponse({"success": True, "data": {"content": "你好，", "complete": False}})
        error = {"code": "unknown_session", "message": "session expired"}
        return JSONResponse({"success": False, "error": error}, status_code=404)

    return Starlette(
        routes=[Route("/api/chat/stream", start, methods=["POST"]), Route("/api/chat/poll", poll)]
    )


async def test_expired_session_fails_clearly_and_keeps_the_text(wx: WxRuntime) -> None:
    with ServerThread(expiring_backend()) as server:
        profile = spring_profile(f"http://127.0.0.1:{server.port}")
        outcome = await finish(
            PollingTransport(wx, profile, interval_s=0.01), SendMessage("你好"), ""
        )
    end = outcome.end
    assert isinstance(end, RunFailed)
    assert "404" in end.error and "session expired" in end.error
    assert end.partial_text == "你好，"
