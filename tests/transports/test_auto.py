"""Auto: the seed's degradation order, each step logged with its reason; no repeated text."""

from __future__ import annotations

from backend_stub import EmbeddedStub
from simulator.metrics import RunTimeline
from simulator.transports import (
    AutoTransport,
    BackendProfile,
    ConnectionOpened,
    FallbackTaken,
    MessageSent,
    RequestMade,
    RunFailed,
    RunStopped,
    SendMessage,
    TransportNote,
)
from simulator.wx import WxConfig, WxRuntime
from tests.helpers.timing import seconds
from tests.transports.conftest import FAST, Outcome, finish


def steps(outcome: Outcome) -> list[tuple[str, str]]:
    return [
        (e.from_transport, e.to_transport)
        for e in outcome.timeline.events
        if isinstance(e, FallbackTaken)
    ]


def broken_socket(profile: BackendProfile) -> BackendProfile:
    return profile.with_options(ws_path="/no/such/socket")


async def test_healthy_backend_stays_on_websocket(
    wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    outcome = await finish(
        AutoTransport(wx, profile), SendMessage("你好", scenario=FAST), stub.base_url
    )
    outcome.assert_exact()
    assert steps(outcome) == []
    sent = [e for e in outcome.timeline.events if isinstance(e, MessageSent)]
    assert [e.transport for e in sent] == ["auto"]
    assert [e.kind for e in outcome.timeline.events if isinstance(e, RequestMade)] == ["socket"]


async def test_broken_socket_steps_down_to_chunked_with_the_reason(
    wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    outcome = await finish(
        AutoTransport(wx, broken_socket(profile)), SendMessage("你好", scenario=FAST), stub.base_url
    )
    outcome.assert_exact()
    assert steps(outcome) == [("websocket", "chunked")]
    fallback = next(e for e in outcome.timeline.events if isinstance(e, FallbackTaken))
    assert fallback.reason  # why websocket was left, e.g. the handshake's failure


async def test_base_library_without_chunks_goes_from_websocket_to_download(
    profile: BackendProfile, stub: EmbeddedStub
) -> None:
    wx = WxRuntime(WxConfig(base_library_version="2.19.0"))
    try:
        outcome = await finish(
            AutoTransport(wx, broken_socket(profile)),
            SendMessage("你好", scenario=FAST),
            stub.base_url,
        )
    finally:
        await wx.aclose()
    outcome.assert_exact()
    assert steps(outcome) == [("websocket", "download")]
    notes = [e.message for e in outcome.timeline.events if isinstance(e, TransportNote)]
    assert any("chunked skipped" in n for n in notes)


async def test_every_tier_failing_walks_the_whole_seed_order(
    wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    outcome = await finish(
        AutoTransport(wx, profile),
        SendMessage("你好", scenario=f"{FAST},status=503"),
        stub.base_url,
    )
    assert steps(outcome) == [
        ("websocket", "chunked"),
        ("chunked", "download"),
        ("download", "sync"),
    ]
    end = outcome.end
    assert isinstance(end, RunFailed) and "503" in end.error


async def test_failure_after_text_was_shown_does_not_fall_back(
    wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    outcome = await finish(
        AutoTransport(wx, profile),
        SendMessage("你好", scenario=f"{FAST},error_at=4"),
        stub.base_url,
    )
    outcome.assert_exact_or_clear_error()
    assert steps(outcome) == []
    end = outcome.end
    assert isinstance(end, RunFailed) and end.partial_text


async def test_auto_run_is_a_single_timeline(
    wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    timeline = RunTimeline()
    await AutoTransport(wx, broken_socket(profile)).run(
        SendMessage("你好", scenario=FAST), timeline
    )
    metrics = timeline.metrics()
    assert metrics.transport == "auto" and metrics.completed and metrics.fallbacks == 1
    assert metrics.requests == 2  # the socket attempt and the chunked request


def silent_socket(profile: BackendProfile) -> BackendProfile:
    """The socket opens but its replies start only after a minute (scenario in the WS URL)."""
    return profile.with_options(ws_path="/ws/chat?scenario=ttft_ms%3D60000")


async def test_silent_tier_is_left_when_no_text_comes_in_time(
    wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    limit = seconds(1.0)
    outcome = await finish(
        AutoTransport(wx, silent_socket(profile), first_text_s=limit),
        SendMessage("你好", scenario="tps=2000,jitter_ms=0"),  # HTTP tiers: the 300 ms default
        stub.base_url,
    )
    outcome.assert_exact()
    assert steps(outcome) == [("websocket", "chunked")]
    fallback = next(e for e in outcome.timeline.events if isinstance(e, FallbackTaken))
    assert fallback.reason == f"no text within {limit:g} s"
    opened = [e for e in outcome.timeline.events if isinstance(e, ConnectionOpened)]
    assert opened and opened[0].detail == "socket open"  # it connected, then stayed silent
    assert not any(isinstance(e, RunStopped) for e in outcome.timeline.events)


async def test_last_tier_has_no_first_text_limit(
    wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    limit = seconds(0.15)
    ttft_ms = round(limit * 5 * 1000)  # every tier silent past the limit; sync still answers
    outcome = await finish(
        AutoTransport(wx, profile, first_text_s=limit),
        SendMessage("你好", scenario=f"ttft_ms={ttft_ms},tps=2000,jitter_ms=0"),
        stub.base_url,
    )
    outcome.assert_exact()
    assert steps(outcome) == [
        ("websocket", "chunked"),
        ("chunked", "download"),
        ("download", "sync"),
    ]
    reasons = {e.reason for e in outcome.timeline.events if isinstance(e, FallbackTaken)}
    assert reasons == {f"no text within {limit:g} s"}
