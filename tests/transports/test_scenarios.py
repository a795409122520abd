"""Every transport × every stub scenario, against the real stub: exact text or a clear error."""

from __future__ import annotations

import pytest

from backend_stub import EmbeddedStub
from simulator.transports import BackendProfile, ReplyCompleted, RunFailed, TransportNote
from simulator.wx import WxRuntime
from tests.transports.conftest import FAST, run_named

TRANSPORTS = ("websocket", "chunked", "download", "polling", "longpoll", "sync", "auto")
STREAMING = ("websocket", "chunked", "auto")
"""Transports whose text reaches the page while the stub is still writing (strict mode)."""


@pytest.mark.parametrize("name", TRANSPORTS)
@pytest.mark.parametrize(
    "scenario",
    [
        FAST,
        "ttft_ms=0,tps=2000,jitter_ms=0,malformed_at=3",
        "ttft_ms=0,tps=2000,jitter_ms=0,slice_bytes=1",
    ],
    ids=["plain", "malformed-frame", "one-byte-slices"],
)
async def test_reply_text_is_exact(
    name: str, scenario: str, wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    outcome = await run_named(name, wx, profile, scenario, stub.base_url)
    if name == "download" and "malformed_at" in scenario:
        # The stub's plain body then holds bytes that are not UTF-8: the page shows U+FFFD
        # where they were and the run says its text is altered (never exact, issue 28)
        end, trace = outcome.end, outcome.trace
        assert isinstance(end, ReplyCompleted) and end.altered and trace is not None
        assert "\ufffd" in end.text and end.text.replace("\ufffd", "") == trace.text
        return
    outcome.assert_exact()


@pytest.mark.parametrize("name", TRANSPORTS)
async def test_slow_first_token_delays_the_first_byte_not_the_text(
    name: str, wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    outcome = await run_named(name, wx, profile, "ttft_ms=300,tps=2000,jitter_ms=0", stub.base_url)
    outcome.assert_exact()
    assert outcome.metrics.first_byte_s is not None and outcome.metrics.first_byte_s >= 0.3


@pytest.mark.parametrize("name", TRANSPORTS)
async def test_stall_mid_reply_shows_as_a_gap_and_the_text_is_exact(
    name: str, wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    scenario = "ttft_ms=0,tps=1000,jitter_ms=0,stall_at=3,stall_ms=400"
    outcome = await run_named(name, wx, profile, scenario, stub.base_url)
    outcome.assert_exact()
    if name in STREAMING:
        assert max(outcome.metrics.gaps) >= 0.35


@pytest.mark.parametrize("name", TRANSPORTS)
async def test_drop_mid_reply_ends_exact_or_in_a_clear_error(
    name: str, wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    outcome = await run_named(name, wx, profile, f"{FAST},drop_after=5", stub.base_url)
    outcome.assert_exact_or_clear_error()
    if name in ("websocket", "auto"):
        outcome.assert_exact()  # resumed: nothing lost, nothing repeated
    if name == "chunked":
        end = outcome.end
        assert isinstance(end, RunFailed) and "INCOMPLETE_CHUNKED" in end.error
        assert len(end.partial_text) > 0


@pytest.mark.parametrize("name", TRANSPORTS)
async def test_http_error_status_fails_clearly_with_the_server_reason(
    name: str, wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    outcome = await run_named(name, wx, profile, f"{FAST},status=503", stub.base_url)
    end = outcome.end
    assert isinstance(end, RunFailed)
    assert "scenario status=503" in end.error and end.partial_text == ""


@pytest.mark.parametrize("name", TRANSPORTS)
async def test_in_band_error_keeps_the_text_received_so_far(
    name: str, wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    outcome = await run_named(name, wx, profile, f"{FAST},error_at=4", stub.base_url)
    outcome.assert_exact_or_clear_error()
    assert isinstance(outcome.end, RunFailed)
    if name in STREAMING:
        assert "upstream_error" in outcome.end.error and outcome.end.partial_text


@pytest.mark.parametrize("name", ("websocket", "chunked", "download"))
async def test_malformed_frame_is_logged(
    name: str, wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    outcome = await run_named(name, wx, profile, f"{FAST},malformed_at=3", stub.base_url)
    notes = [e.message for e in outcome.timeline.events if isinstance(e, TransportNote)]
    if name == "download":  # bytes that are not UTF-8 in a plain body: shown as U+FFFD
        assert any("text altered" in n for n in notes), notes
        assert isinstance(outcome.end, ReplyCompleted) and outcome.end.altered
    else:
        assert any("malformed" in n for n in notes), notes
