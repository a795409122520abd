"""Auto: the seed's degradation order, each step logged with its reason; no repeated text."""

from __future__ import annotations

from backend_stub import EmbeddedStub
from simulator.metrics import RunTimeline
from simulator.transports import (
    AutoTransport,
    BackendProfile,
    FallbackTaken,
    MessageSent,
    RequestMade,
    RunFailed,
    SendMessage,
    TransportNote,
)
from simulator.wx import WxConfig, WxRuntime
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
