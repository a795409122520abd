"""Streaming HTTP endpoints: the seed's miniapp-stream (text/plain) and SSE for enableChunked."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from backend_stub.guards.access import client_host
from backend_stub.guards.inputs import chat_input, check_auth, read_fields
from backend_stub.routes.streaming import StreamedReply
from backend_stub.state import stub_state
from backend_stub.wire.framing import Framer, PlainFramer, SseFramer

router = APIRouter()

# The seed delays each element by 100 ms (`delayElements(Duration.ofMillis(100))`).
MINIAPP_INTERVAL_MS = 100.0


async def _stream(request: Request, framer: Framer, *, pace_ms: float | None = None) -> Response:
    state = stub_state(request)
    check_auth(request, state.config.token)
    chat = chat_input(await read_fields(request, state.limits), state.limits)
    scenario = state.scenario_for(chat.scenario)
    if pace_ms is not None and not {"tps", "interval_ms"} & scenario.given:
        scenario = scenario.with_fallback(interval_ms=pace_ms)
    reply = state.start_reply(chat.message, chat.user_id, scenario, client_host(request))
    return StreamedReply(
        reply,
        framer,
        max_backlog=state.limits.max_backlog_bytes,
        max_stall_s=state.limits.slow_reader_s,
    )


# One route per method: a shared route gives both the same OpenAPI operation id.
@router.get("/api/chat/miniapp-stream", operation_id="miniapp_stream_get")
@router.post("/api/chat/miniapp-stream", operation_id="miniapp_stream_post")
async def miniapp_stream(request: Request) -> Response:
    """The reply as chunked `text/plain`, one element about every 100 ms.

    GET as well as the seed's POST: `wx.downloadFile` can only send GET.
    """
    return await _stream(request, PlainFramer(), pace_ms=MINIAPP_INTERVAL_MS)


@router.get("/api/chat/sse", operation_id="sse_get")
@router.post("/api/chat/sse", operation_id="sse_post")
async def sse(request: Request) -> Response:
    """The reply as Server-Sent Events (for `wx.request` with `enableChunked`)."""
    return await _stream(request, SseFramer())
