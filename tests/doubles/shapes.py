"""Backends of many wire shapes, written for the tests (independent of `backend_stub`).

One app serves the seed's endpoints (`/api/chat/miniapp-stream`, `/ws/chat`, `/api/chat/stream`
+ `/api/chat/poll`, `/api/chat/send`), each in the shape its `Shape` names:

- the stream body: plain text, or SSE with LF/CRLF/CR line endings, `: ping` comments (one
  first, then about every `ping_s`), `event:`/`id:`/`retry:` fields, data as plain text or as
  JSON of a common shape, ending by `data: [DONE]` or by closing;
- socket frames: raw text, binary UTF-8, or JSON envelopes (`{"type":"delta","content"}`,
  `{"content"}`, `{"type":"message","text"}`, OpenAI's `choices[0].delta.content`), ending
  by an end marker (`[DONE]` or the envelope's done type), a close 1000, or nothing;
- polls whose `content` is cumulative or only the delta since the last poll (a cursor
  honoured only when `poll_cursor`);
- `piece_s` between pieces (a slow backend: 0.3), `drop_after` pieces then the connection is
  cut without an end (no terminating chunk, no close frame).

`hits` logs every request as `METHOD path host` (the tests read it: which URL was asked).
`golden()` writes each shape's exact bytes and frames; `SHAPES` names the shapes the tests use.
Run `python -m tests.doubles.shapes tests/fixtures/wire_shapes.json` to regenerate the golden
file.
"""

from __future__ import annotations

import asyncio
import base64
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect

Body = Literal["text", "sse"]
SseData = Literal["plain", "json-text", "json-content", "json-delta", "openai"]
Frames = Literal["raw", "binary", "json-delta", "json-content", "json-text", "json-choices"]
End = Literal["marker", "close", "none"]


@dataclass(frozen=True)
class Shape:
    name: str
    body: Body = "text"
    newline: str = "\n"
    comments: bool = False
    fields: bool = False
    """`event: message`, `id: n` and a first `retry: 3000` on the SSE events."""
    sse_data: SseData = "plain"
    sse_end: Literal["marker", "close"] = "marker"
    frames: Frames = "raw"
    ws_end: End = "marker"
    poll: Literal["cumulative", "delta"] = "cumulative"
    poll_cursor: bool = False
    piece_s: float = 0.01
    piece_chars: int = 5
    drop_after: int | None = None
    ping_s: float = 1.0
    first_s: float | None = None
    """Before the first piece (default `piece_s`)."""
    buffered: bool = False
    """The stream endpoint writes its whole body at once, at the end (a backend that does not
    flush: no proxy involved)."""


def reply_text(message: str) -> str:
    """The deterministic reply to `message` (a paragraph break inside, as Markdown has)."""
    topic = message.strip()[:10] or "空"
    return (
        f"关于「{topic}」：流式输出逐块到达。\n\n"
        "WebSocket 逐帧推送, SSE 逐事件; 轮询取全部内容。Shape double ends here."
    )


def pieces(shape: Shape, message: str) -> list[str]:
    text = reply_text(message)
    n = shape.piece_chars
    return [text[i : i + n] for i in range(0, len(text), n)]


# -- encoders: one piece → the bytes / frame the backend writes -------------------------------


def _json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


SSE_DATA: dict[str, Callable[[str], str]] = {
    "plain": lambda piece: piece,
    "json-text": lambda piece: _json({"text": piece}),
    "json-content": lambda piece: _json({"content": piece}),
    "json-delta": lambda piece: _json({"type": "delta", "delta": piece}),
    "openai": lambda piece: _json(
        {"object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": piece}}]}
    ),
}

WS_FRAMES: dict[str, tuple[Callable[[str], str], str]] = {
    "raw": (lambda piece: piece, "[DONE]"),
    "binary": (lambda piece: piece, "[DONE]"),
    "json-delta": (lambda piece: _json({"type": "delta", "content": piece}), '{"type":"done"}'),
    "json-content": (lambda piece: _json({"content": piece}), '{"done":true}'),
    "json-text": (lambda piece: _json({"type": "message", "text": piece}), '{"type":"end"}'),
    "json-choices": (
        lambda piece: _json({"choices": [{"index": 0, "delta": {"content": piece}}]}),
        _json({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}),
    ),
}


def sse_event(shape: Shape, piece: str, index: int) -> str:
    nl = shape.newline
    lines: list[str] = []
    if shape.fields:
        if index == 0:
            lines.append("retry: 3000")
        lines += ["event: message", f"id: {index}"]
    data = SSE_DATA[shape.sse_data](piece)
    lines += [f"data: {line}" for line in data.split("\n")]
    return nl.join(lines) + nl + nl


def sse_end(shape: Shape) -> str:
    nl = shape.newline
    return f"data: [DONE]{nl}{nl}" if shape.sse_end == "marker" else ""


def body_writes(shape: Shape, message: str) -> list[bytes]:
    """The stream endpoint's writes (one per piece; a ping first when `comments`)."""
    out: list[bytes] = []
    if shape.body == "sse" and shape.comments:
        out.append(f": ping{shape.newline}".encode())
    for i, piece in enumerate(pieces(shape, message)):
        out.append((sse_event(shape, piece, i) if shape.body == "sse" else piece).encode())
    if shape.body == "sse" and shape.sse_end == "marker":
        out.append(sse_end(shape).encode())
    return out


def ws_frames(shape: Shape, message: str) -> list[str]:
    encode, done = WS_FRAMES[shape.frames]
    frames = [encode(p) for p in pieces(shape, message)]
    return frames + ([done] if shape.ws_end == "marker" else [])


# -- the app ---------------------------------------------------------------------------------


@dataclass
class ShapeBackend:
    shape: Shape
    hits: list[str] = field(default_factory=list)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)

    def log(self, method: str, path: str, host: str | None) -> None:
        self.hits.append(f"{method} {path} {host or ''}".rstrip())


def create_app(backend: ShapeBackend) -> Starlette:
    shape = backend.shape

    async def message_of(request: Request) -> str:
        if "message" in request.query_params:
            return request.query_params["message"]
        raw = await request.body()
        if "form" in request.headers.get("content-type", ""):
            from urllib.parse import parse_qs

            return parse_qs(raw.decode()).get("message", [""])[0]
        try:
            return str(json.loads(raw)["message"])
        except (ValueError, KeyError, TypeError):
            return ""

    async def stream(request: Request) -> Response:
        backend.log(request.method, request.url.path, request.headers.get("host"))
        writes = body_writes(shape, await message_of(request))
        media = "text/event-stream" if shape.body == "sse" else "text/plain;charset=UTF-8"
        head = 1 if shape.body == "sse" and shape.comments else 0
        return _CutStream(writes, shape, media, head)

    async def start(request: Request) -> Response:
        backend.log(request.method, request.url.path, request.headers.get("host"))
        session = request.query_params.get("sessionId", "")
        state: dict[str, Any] = {"content": "", "complete": False, "read": 0}
        backend.sessions[session] = state
        parts = pieces(shape, await message_of(request))

        async def generate() -> None:
            await asyncio.sleep(shape.first_s if shape.first_s is not None else shape.piece_s)
            for i, piece in enumerate(parts):
                if i:
                    await asyncio.sleep(shape.piece_s)
                state["content"] += piece
            state["complete"] = True

        state["task"] = asyncio.get_running_loop().create_task(generate())
        return JSONResponse({"success": True, "data": {"sessionId": session}})

    async def poll(request: Request) -> Response:
        backend.log(request.method, request.url.path, request.headers.get("host"))
        state = backend.sessions.get(request.query_params.get("sessionId", ""))
        if state is None:
            return JSONResponse({"success": False, "message": "session not found"}, 404)
        content, complete = state["content"], state["complete"]
        cursor = request.query_params.get("cursor")
        if shape.poll == "delta":
            out, state["read"] = content[state["read"] :], len(content)
        elif shape.poll_cursor and cursor is not None and cursor.isdigit():
            out = content[int(cursor) :]
        else:
            out = content
        return JSONResponse({"success": True, "data": {"content": out, "complete": complete}})

    async def send(request: Request) -> Response:
        backend.log(request.method, request.url.path, request.headers.get("host"))
        message = await message_of(request)
        await asyncio.sleep(shape.piece_s * len(pieces(shape, message)))
        return JSONResponse({"success": True, "data": {"content": reply_text(message)}})

    async def ws_chat(socket: WebSocket) -> None:
        backend.log("WS", socket.url.path, socket.headers.get("host"))
        await socket.accept()
        try:
            payload = await socket.receive_text()
        except WebSocketDisconnect:
            return
        try:
            message = str(json.loads(payload).get("message", payload))
        except (ValueError, AttributeError):
            message = payload
        frames = ws_frames(shape, message)
        try:
            await asyncio.sleep(shape.first_s if shape.first_s is not None else shape.piece_s)
            for i, frame in enumerate(frames):
                if i:
                    await asyncio.sleep(shape.piece_s)
                if shape.drop_after is not None and i >= shape.drop_after:
                    return  # returning without a close: uvicorn cuts the TCP connection
                if shape.frames == "binary":
                    await socket.send_bytes(frame.encode())
                else:
                    await socket.send_text(frame)
            if shape.ws_end == "close":
                await socket.close(1000)
                return
            await socket.receive_text()  # keep the socket open until the client closes it
        except WebSocketDisconnect:
            return

    async def models(request: Request) -> Response:
        backend.log(request.method, request.url.path, request.headers.get("host"))
        return JSONResponse({"detail": "Not Found"}, 404)

    return Starlette(
        routes=[
            Route("/api/chat/miniapp-stream", stream, methods=["GET", "POST"]),
            Route("/api/chat/stream", start, methods=["POST"]),
            Route("/api/chat/poll", poll, methods=["GET"]),
            Route("/api/chat/send", send, methods=["POST"]),
            Route("/v1/models", models, methods=["GET"]),
            WebSocketRoute("/ws/chat", ws_chat),
        ]
    )


class _CutStream(Response):
    """A chunked body written piece by piece; after `drop_after` pieces the ASGI call returns
    without finishing the body, so uvicorn closes the connection: no terminating chunk."""

    def __init__(self, writes: list[bytes], shape: Shape, media: str, head: int) -> None:
        super().__init__()
        self.writes, self.shape, self.head = writes, shape, head
        self.raw_headers = [(b"content-type", media.encode()), (b"cache-control", b"no-cache")]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        shape = self.shape
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        if shape.buffered:
            await asyncio.sleep(shape.piece_s * len(self.writes))
            body = b"".join(self.writes)
            await send({"type": "http.response.body", "body": body, "more_body": False})
            return
        last_ping = time.monotonic()
        for i, data in enumerate(self.writes):
            if i >= self.head:
                first = i == self.head
                wait = shape.first_s if first and shape.first_s is not None else shape.piece_s
                await asyncio.sleep(wait)
                if shape.drop_after is not None and i - self.head >= shape.drop_after:
                    return  # cut: uvicorn closes the connection mid-body
            if shape.comments and time.monotonic() - last_ping >= shape.ping_s:
                last_ping = time.monotonic()
                await send(
                    {"type": "http.response.body", "body": f": ping{shape.newline}".encode(),
                     "more_body": True}
                )  # fmt: skip
            await send({"type": "http.response.body", "body": data, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})


# -- the catalogue of shapes the tests use -----------------------------------------------------

SHAPES: dict[str, Shape] = {
    s.name: s
    for s in (
        Shape("seed"),
        Shape("sse-crlf-ping-close", "sse", "\r\n", comments=True, sse_end="close",
              fields=True),
        Shape("sse-cr-fields-json", "sse", "\r", fields=True, sse_data="json-content"),
        Shape("sse-ping-first", "sse", comments=True, sse_end="close"),
        Shape("sse-openai-lf", "sse", sse_data="openai"),
        Shape("ws-json-delta", frames="json-delta"),
        Shape("ws-json-content", frames="json-content"),
        Shape("ws-json-text", frames="json-text"),
        Shape("ws-json-choices", frames="json-choices"),
        Shape("ws-binary", frames="binary"),
        Shape("ws-close", ws_end="close"),
        Shape("poll-delta", poll="delta"),
        Shape("poll-cursor", poll_cursor=True),
        Shape("drop-mid", drop_after=3),
    )
}  # fmt: skip
"""Quick shapes (10 ms a piece). The slow ones are built by `slow()` and `silent()`."""


def slow(piece_s: float = 0.3, piece_chars: int = 5) -> Shape:
    """The seed contract at `piece_s` per piece (0.3 s, 1 char: a ~25 s reply)."""
    return Shape("slow-seed", piece_s=piece_s, piece_chars=piece_chars)


def silent(piece_s: float = 3.5) -> Shape:
    """A frame-only socket: no end marker, no close, `piece_s` between frames."""
    return Shape("ws-silent", ws_end="none", piece_s=piece_s, piece_chars=12)


# -- what a probe should find ----------------------------------------------------------------

WS_JSON = {"json-delta": "content", "json-content": "content", "json-text": "text",
           "json-choices": "choices"}  # fmt: skip
"""The `simulator.transports.shapes.JSON_SHAPES` row each JSON frame shape is."""


def expected_profile(shape: Shape) -> dict[str, Any]:
    """The profile fields a probe of `shape` must set (how its wire is read)."""
    return {
        "stream_framing": shape.body,
        "stream_end": shape.sse_end if shape.body == "sse" else "marker",
        "ws_framing": "json" if shape.frames in WS_JSON else "raw",
        "ws_json": WS_JSON.get(shape.frames),
        "ws_binary_text": shape.frames == "binary",
        "ws_end": {"marker": "marker", "close": "close", "none": "silence"}[shape.ws_end],
        "poll_content": shape.poll,
        "poll_cursor": shape.poll_cursor,
    }


# -- golden frames ---------------------------------------------------------------------------

GOLDEN_MESSAGE = "golden"


def golden() -> dict[str, Any]:
    """Each shape's exact writes (HTTP body and socket frames) for `GOLDEN_MESSAGE`."""
    cases = []
    for shape in SHAPES.values():
        writes = body_writes(shape, GOLDEN_MESSAGE)
        frames = ws_frames(shape, GOLDEN_MESSAGE)
        cases.append(
            {
                "shape": shape.name,
                "config": {k: v for k, v in vars(shape).items() if k != "name"},
                "body_writes": [base64.b64encode(w).decode() for w in writes],
                "frames": [
                    {"type": "bytes" if shape.frames == "binary" else "text", "text": f}
                    for f in frames
                ],
                "text": reply_text(GOLDEN_MESSAGE),
                "profile": expected_profile(shape),
            }
        )
    return {"version": 1, "message": GOLDEN_MESSAGE, "cases": cases}


def with_shape(name: str, **changes: Any) -> Shape:
    return replace(SHAPES[name], **changes)


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.write_text(json.dumps(golden(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
