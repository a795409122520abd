"""Platform switches of the wx runtime, seen by the transports: PC, DevTools, lenient downloads."""

from __future__ import annotations

from backend_stub import EmbeddedStub
from simulator.transports import ChunkReceived, RunFailed, TransportNote, stub_profile
from simulator.wx import WxConfig, WxRuntime
from tests.transports.conftest import FAST, Outcome, run_named

PACED = "ttft_ms=0,tps=100,jitter_ms=0,interval_ms=20,length=40"


async def run_on(config: WxConfig, name: str, scenario: str, stub: EmbeddedStub) -> Outcome:
    wx = WxRuntime(config)
    try:
        return await run_named(
            name, wx, stub_profile(stub.base_url, stub.ws_url), scenario, stub.base_url
        )
    finally:
        await wx.aclose()


def notes(outcome: Outcome) -> list[str]:
    return [e.message for e in outcome.timeline.events if isinstance(e, TransportNote)]


async def test_pc_wechat_delivers_no_chunks_but_the_text_arrives_whole(stub: EmbeddedStub) -> None:
    outcome = await run_on(WxConfig(platform="pc"), "chunked", PACED, stub)
    outcome.assert_exact()
    assert any("whole body came with success" in n for n in notes(outcome))
    assert outcome.metrics.buffered is True  # what a PC user sees: no streaming at all


async def test_devtools_error_status_is_read_from_the_body_at_the_end(stub: EmbeddedStub) -> None:
    outcome = await run_on(WxConfig(platform="devtools"), "chunked", f"{FAST},status=503", stub)
    end = outcome.end
    assert (
        isinstance(end, RunFailed)
        and "HTTP 503" in end.error
        and "scenario status=503" in end.error
    )


async def test_strict_download_delivers_the_reply_at_once_and_says_why(stub: EmbeddedStub) -> None:
    outcome = await run_on(WxConfig(download_fidelity="strict"), "download", PACED, stub)
    outcome.assert_exact()
    assert any("partial read refused" in n for n in notes(outcome))
    assert outcome.metrics.buffered is True
    assert outcome.metrics.first_byte_s == outcome.metrics.last_byte_s


async def test_lenient_download_streams_through_partial_reads(stub: EmbeddedStub) -> None:
    outcome = await run_on(WxConfig(download_fidelity="lenient"), "download", PACED, stub)
    outcome.assert_exact()
    assert not any("partial read refused" in n for n in notes(outcome))
    assert sum(isinstance(e, ChunkReceived) for e in outcome.timeline.events) > 3
    assert outcome.metrics.buffered is False
