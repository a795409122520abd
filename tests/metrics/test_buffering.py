"""Buffering detection: behind a buffering proxy first byte ≈ last byte, and the metrics say so."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backend_stub import EmbeddedStub, ServerThread
from simulator.transports import ChunkedTransport, SendMessage, stub_profile
from simulator.wx import WxConfig, WxRuntime
from tests.transports.conftest import finish

PACED = "ttft_ms=0,tps=40,jitter_ms=0,length=24"
"""Roughly 0.3 s between the first and the last emission (tokens are not characters)."""


def buffering_proxy(upstream: str) -> Starlette:
    """Like nginx with `proxy_buffering on`: reads the whole upstream body, then answers."""

    async def relay(request: Request) -> Response:
        async with httpx.AsyncClient(trust_env=False) as client:
            upstream_response = await client.request(
                request.method,
                f"{upstream}{request.url.path}?{request.url.query}",
                content=await request.body(),
                headers={"content-type": request.headers.get("content-type", "application/json")},
            )
        keep = {
            k: v
            for k, v in upstream_response.headers.items()
            if k.lower() in ("content-type", "x-reply-id")
        }
        return Response(
            upstream_response.content, status_code=upstream_response.status_code, headers=keep
        )

    return Starlette(routes=[Route("/api/chat/sse", relay, methods=["POST"])])


@pytest.fixture
async def wx() -> AsyncIterator[WxRuntime]:
    runtime = WxRuntime(WxConfig())
    yield runtime
    await runtime.aclose()


async def test_direct_stream_is_not_flagged(wx: WxRuntime, stub: EmbeddedStub) -> None:
    profile = stub_profile(stub.base_url, stub.ws_url)
    outcome = await finish(
        ChunkedTransport(wx, profile), SendMessage("你好", scenario=PACED), stub.base_url
    )
    outcome.assert_exact()
    m = outcome.metrics
    assert m.buffered is False
    assert m.arrival_spread_s is not None and m.emission_spread_s is not None
    assert m.arrival_spread_s > 0.5 * m.emission_spread_s


async def test_buffering_proxy_shows_first_byte_equal_to_last_byte(
    wx: WxRuntime, stub: EmbeddedStub
) -> None:
    with ServerThread(buffering_proxy(stub.base_url)) as proxy:
        profile = stub_profile(f"http://127.0.0.1:{proxy.port}", stub.ws_url)
        outcome = await finish(
            ChunkedTransport(wx, profile), SendMessage("你好", scenario=PACED), stub.base_url
        )
    outcome.assert_exact()  # the text survives; only its timing is lost
    m = outcome.metrics
    assert m.buffered is True
    assert m.emission_spread_s is not None and m.emission_spread_s > 0.2
    assert m.arrival_spread_s is not None and m.arrival_spread_s < 0.1 * m.emission_spread_s
    # The first emitted chunk waited for the whole reply.
    assert m.delivery_delays[0] > 0.8 * m.emission_spread_s
