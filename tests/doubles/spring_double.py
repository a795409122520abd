"""A backend written to the seed's Spring contract, literally, for the tests (not our stub).

What the seed's Java shows, and nothing it does not:
- `/api/chat/miniapp-stream` is `@PostMapping(produces = TEXT_PLAIN)` reading
  `@RequestParam message` / `@RequestParam(required = false) userId`: parameters come from the
  query string or a form body, never from JSON; a missing one is Spring's 400, a GET is 405.
  The reply is a chunked text/plain body, one write per element (`delayElements`).
  `lenient=True` maps it for GET too (what a backend must do for `downloadFile`).
- `/ws/chat` (`TextWebSocketHandler`): the whole payload is the user message; every chunk is one
  raw `TextMessage`, no sequence numbers, no envelope. How a reply ends is not in the seed, so it
  is a switch: `"done"` (a `[DONE]` frame), `"close"` (close 1000), `"none"` (silence).
- `/api/chat/stream?sessionId=` (POST, JSON body) starts an async reply; `/api/chat/poll` answers
  the whole content so far (cumulative, the seed's `updateMessageContent(newContent)`); it knows
  no cursor and no wait; after the complete answer was read the session is cleaned up → 404.
- `/api/chat/send`: the sync fallback, JSON body, whole reply in `data.content`.
- `content_length=True` answers miniapp-stream with a Content-Length header (body still written
  piece by piece): what a non-chunking upstream looks like behind a proxy.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

WsEnd = Literal["done", "close", "none"]


def reply_chunks(message: str) -> list[str]:
    """The deterministic reply to `message`, as the pieces the backend writes."""
    topic = message.strip()[:12] or "空消息"
    text = (
        f"关于「{topic}」：小程序的 request 会等完整响应。"
        "WebSocket 可以逐帧推送，downloadFile 只在完成后可读。"
        "轮询每秒取一次全部内容。Spring double reply ends here."
    )
    return [text[i : i + 5] for i in range(0, len(text), 5)]


def reply_text(message: str) -> str:
    return "".join(reply_chunks(message))


@dataclass
class SpringConfig:
    ws_end: WsEnd = "done"
    lenient: bool = False
    content_length: bool = False
    chunk_delay_s: float = 0.03
    sse_stamps: bool = False
    """miniapp-stream answers SSE `data: {"text","emittedAt"}` (the emission-stamp convention of
    docs/backends.md: `time.monotonic()` seconds, same machine), then `data: [DONE]`."""
    token: str | None = None
    """When set, every endpoint wants `Authorization: Bearer <token>` (else 401)."""
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    """`METHOD path` of every request, so tests can bound what a client did."""


def _spring_error(status: int, error: str, message: str, path: str) -> JSONResponse:
    """Spring Boot's default error body."""
    body = {
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.000+00:00", time.gmtime()),
        "status": status,
        "error": error,
        "message": message,
        "path": path,
    }
    return JSONResponse(body, status_code=status)


def create_app(config: SpringConfig) -> Starlette:
    def denied(request: Request) -> Response | None:
        config.hits.append(f"{request.method} {request.url.path}")
        if config.token and request.headers.get("authorization") != f"Bearer {config.token}":
            return _spring_error(401, "Unauthorized", "Full authentication is required", "")
        return None

    async def request_param(request: Request, name: str) -> str | None:
        """`@RequestParam`: the query string, else a form body (Spring reads both, not JSON)."""
        if name in request.query_params:
            return request.query_params[name]
        if "application/x-www-form-urlencoded" in request.headers.get("content-type", ""):
            form = parse_qs((await request.body()).decode("utf-8"))
            return form[name][0] if name in form else None
        return None

    async def miniapp_stream(request: Request) -> Response:
        if (refused := denied(request)) is not None:
            return refused
        path = request.url.path
        if request.method != "POST" and not config.lenient:
            return _spring_error(
                405,
                "Method Not Allowed",
                f"Request method '{request.method}' is not supported",
                path,
            )
        message = await request_param(request, "message")
        if message is None:
            return _spring_error(
                400,
                "Bad Request",
                "Required request parameter 'message' for method parameter type String"
                " is not present",
                path,
            )
        pieces = reply_chunks(message)

        async def body() -> AsyncIterator[bytes]:
            for piece in pieces:
                await asyncio.sleep(config.chunk_delay_s)
                yield piece.encode()

        async def stamped() -> AsyncIterator[bytes]:
            for piece in pieces:
                await asyncio.sleep(config.chunk_delay_s)
                event = {"text": piece, "emittedAt": time.monotonic()}
                yield f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode()
            yield b"data: [DONE]\n\n"

        if config.sse_stamps:
            return StreamingResponse(stamped(), media_type="text/event-stream")
        headers = {"Cache-Control": "no-cache"}
        if config.content_length:
            headers["Content-Length"] = str(sum(len(p.encode()) for p in pieces))
        return StreamingResponse(body(), media_type="text/plain;charset=UTF-8", headers=headers)

    async def start(request: Request) -> Response:
        if (refused := denied(request)) is not None:
            return refused
        session = request.query_params.get("sessionId")
        try:
            payload = json.loads(await request.body())
            message = str(payload["message"])
        except (ValueError, KeyError, TypeError):
            return _spring_error(400, "Bad Request", "Required request body is missing", "")
        if not session:
            return _spring_error(400, "Bad Request", "Required parameter 'sessionId'", "")
        state: dict[str, Any] = {"content": "", "complete": False}
        config.sessions[session] = state

        async def generate() -> None:
            for piece in reply_chunks(message):
                await asyncio.sleep(config.chunk_delay_s)
                state["content"] += piece
            state["complete"] = True

        state["task"] = asyncio.get_running_loop().create_task(generate())
        return JSONResponse({"success": True, "data": {"sessionId": session}})

    async def poll(request: Request) -> Response:
        if (refused := denied(request)) is not None:
            return refused
        session = request.query_params.get("sessionId", "")
        state = config.sessions.get(session)
        if state is None:
            return JSONResponse({"success": False, "message": "session not found"}, status_code=404)
        if state["complete"]:
            del config.sessions[session]  # 自动清理: gone once the whole reply was read
        return JSONResponse(
            {"success": True, "data": {"content": state["content"], "complete": state["complete"]}}
        )

    async def send(request: Request) -> Response:
        if (refused := denied(request)) is not None:
            return refused
        try:
            message = str(json.loads(await request.body())["message"])
        except (ValueError, KeyError, TypeError):
            return _spring_error(400, "Bad Request", "Required request body is missing", "")
        return JSONResponse({"success": True, "data": {"content": reply_text(message)}})

    async def ws_chat(socket: WebSocket) -> None:
        config.hits.append("WS /ws/chat")
        auth = socket.headers.get("authorization")
        if config.token and auth != f"Bearer {config.token}":
            await socket.close(code=1008)
            return
        await socket.accept()
        try:
            while True:
                payload = await socket.receive_text()
                try:
                    message = str(json.loads(payload).get("message", payload))
                except (ValueError, AttributeError):
                    message = payload
                for piece in reply_chunks(message):
                    await asyncio.sleep(config.chunk_delay_s)
                    await socket.send_text(piece)
                if config.ws_end == "done":
                    await socket.send_text("[DONE]")
                elif config.ws_end == "close":
                    await socket.close(code=1000)
                    return
        except WebSocketDisconnect:
            return

    methods = ["GET", "POST"]
    return Starlette(
        routes=[
            Route("/api/chat/miniapp-stream", miniapp_stream, methods=methods),
            Route("/api/chat/stream", start, methods=["POST"]),
            Route("/api/chat/poll", poll, methods=["GET"]),
            Route("/api/chat/send", send, methods=["POST"]),
            WebSocketRoute("/ws/chat", ws_chat),
        ]
    )
