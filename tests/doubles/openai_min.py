"""A minimal OpenAI-compatible server: SSE deltas, `data: [DONE]`, then the connection stays open.

A client that waits for the connection to close never ends; one that ends at `[DONE]` does.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

REPLY = "Streaming works: each delta is one SSE event. 流式输出逐块到达。The end."


def deltas() -> list[str]:
    return [REPLY[i : i + 4] for i in range(0, len(REPLY), 4)]


@dataclass
class OpenAiConfig:
    delay_s: float = 0.02
    hold_open_s: float = 30.0
    token: str | None = None


def create_app(config: OpenAiConfig) -> Starlette:
    def refused(request: Request) -> Response | None:
        if config.token and request.headers.get("authorization") != f"Bearer {config.token}":
            error = {"message": "Incorrect API key provided", "type": "invalid_request_error"}
            return JSONResponse({"error": error}, status_code=401)
        return None

    async def completions(request: Request) -> Response:
        if (no := refused(request)) is not None:
            return no
        body = json.loads(await request.body() or b"{}")
        model = body.get("model", "mini")
        if not body.get("stream"):
            message = {"role": "assistant", "content": REPLY}
            return JSONResponse(
                {
                    "id": "cmpl-1",
                    "object": "chat.completion",
                    "model": model,
                    "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                }
            )

        async def events() -> AsyncIterator[bytes]:
            for piece in deltas():
                await asyncio.sleep(config.delay_s)
                chunk = {
                    "id": "cmpl-1",
                    "object": "chat.completion.chunk",
                    "model": model,
                    "choices": [{"index": 0, "delta": {"content": piece}}],
                }
                yield f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode()
            yield b"data: [DONE]\n\n"
            await asyncio.sleep(config.hold_open_s)  # keep the connection open after [DONE]

        return StreamingResponse(events(), media_type="text/event-stream")

    async def models(request: Request) -> Response:
        if (no := refused(request)) is not None:
            return no
        return JSONResponse({"object": "list", "data": [{"id": "mini", "object": "model"}]})

    return Starlette(
        routes=[
            Route("/v1/chat/completions", completions, methods=["POST"]),
            Route("/v1/models", models, methods=["GET"]),
        ]
    )
