"""Every transport over each emulated network profile: exact text, or a clear error when offline."""

from __future__ import annotations

import pytest

from backend_stub import EmbeddedStub
from simulator.transports import BackendProfile, FallbackTaken, RunFailed
from simulator.wx import NETWORK_PROFILES, WxConfig, WxRuntime
from tests.transports.conftest import run_named

TRANSPORTS = ("websocket", "chunked", "download", "polling", "longpoll", "sync", "auto")
SHORT = "ttft_ms=0,tps=2000,jitter_ms=0,length=40"


@pytest.mark.parametrize("name", TRANSPORTS)
@pytest.mark.parametrize(
    "network",
    [
        "wifi",
        "4g",
        pytest.param("3g", marks=pytest.mark.slow),
        pytest.param("2g", marks=pytest.mark.slow),
    ],
)
async def test_throttled_network_still_gives_the_exact_text(
    name: str, network: str, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    wx = WxRuntime(WxConfig(network=NETWORK_PROFILES[network]))
    try:
        outcome = await run_named(name, wx, profile, SHORT, stub.base_url)
    finally:
        await wx.aclose()
    outcome.assert_exact()
    latency = NETWORK_PROFILES[network].latency_ms / 1000
    assert outcome.metrics.first_byte_s is not None and outcome.metrics.first_byte_s >= latency


@pytest.mark.parametrize("name", TRANSPORTS)
async def test_offline_fails_clearly_without_text(
    name: str, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    wx = WxRuntime(WxConfig(network=NETWORK_PROFILES["offline"]))
    try:
        outcome = await run_named(name, wx, profile, SHORT, stub.base_url)
    finally:
        await wx.aclose()
    end = outcome.end
    assert isinstance(end, RunFailed) and end.error and end.partial_text == ""
    if name == "auto":
        steps = [
            (e.from_transport, e.to_transport)
            for e in outcome.timeline.events
            if isinstance(e, FallbackTaken)
        ]
        assert steps == [("websocket", "chunked"), ("chunked", "download"), ("download", "sync")]
