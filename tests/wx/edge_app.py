"""A tiny ASGI app for the wx runtime's edge cases: slow headers, statuses, drops, close codes."""

from __future__ import annotations

import asyncio
import functools
import json
import threading
import zlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect


async def echo(request: Request) -> Response:
    """The request as JSON: method, path, query, headers, body."""
    body = await request.body()
    return JSONResponse(
        {
            "method": request.method,
            "query": request.url.query,
            "headers": dict(request.headers),
            "body": body.decode("utf-8", errors="replace"),
        }
    )


async def status(request: Request) -> Response:
    code = int(request.path_params["code"])
    return Response(f"body of {code}", status_code=code, media_type="text/plain")


async def text(request: Request) -> Response:
    """`?body=` as text/plain, with an optional BOM."""
    body = request.query_params.get("body", "")
    raw = body.encode()
    if request.query_params.get("bom"):
        raw = b"\xef\xbb\xbf" + raw
    return Response(raw, media_type="text/plain", headers={"set-cookie": "sid=1; Path=/"})


async def slow(request: Request) -> Response:
    """Headers only after `?delay=` seconds."""
    await asyncio.sleep(float(request.query_params.get("delay", "5")))
    return Response("late")


GATES: dict[str, threading.Event] = {}
"""`?gate=NAME`: each part after the first waits until the test sets this event (the server
runs in the test's process), so a test that needs separate reads does not rely on a gap that
a busy machine can swallow."""


def gate(name: str) -> threading.Event:
    """The (cleared) event that lets `/chunks?gate=NAME` send its next part."""
    event = GATES.setdefault(name, threading.Event())
    event.clear()
    return event


async def chunks(request: Request) -> Response:
    """`?parts=` (JSON list of strings) written one by one, `?gap=` seconds apart;
    `?length=1` sends a Content-Length; `?drop=1` breaks the connection after the parts;
    `?gate=NAME` holds each later part until the test sets `gate(NAME)`."""
    parts = [p.encode() for p in json.loads(request.query_params.get("parts", '["a","b"]'))]
    gap = float(request.query_params.get("gap", "0.01"))
    drop = request.query_params.get("drop") == "1"
    held = GATES.get(request.query_params.get("gate", ""))

    async def body() -> AsyncIterator[bytes]:
        for i, part in enumerate(parts):
            if i and held is not None:
                await asyncio.to_thread(held.wait, 10.0)
                held.clear()
            yield part
            await asyncio.sleep(gap)
        if drop:
            raise RuntimeError("deliberate drop")

    headers: dict[str, str] = {}
    if request.query_params.get("length"):
        headers["content-length"] = str(sum(len(p) for p in parts))
    code = int(request.query_params.get("status", "200"))
    return StreamingResponse(body(), code, media_type="text/plain", headers=headers)


async def ws_echo(ws: WebSocket) -> None:
    """Echo text and binary frames; a text "close:<code>:<reason>" makes the server close."""
    await ws.accept(subprotocol=(ws.scope.get("subprotocols") or [None])[0])
    try:
        while True:
            msg = await ws.receive()
            if msg["type"] == "websocket.disconnect":
                return
            if msg.get("text") is not None:
                text_msg = msg["text"]
                if text_msg.startswith("close:"):
                    _, code, reason = text_msg.split(":", 2)
                    await ws.close(int(code), reason)
                    return
                await ws.send_text(text_msg)
            else:
                await ws.send_bytes(msg["bytes"])
    except WebSocketDisconnect:
        return


async def ws_reject(ws: WebSocket) -> None:
    await ws.close(1008)  # before accept: the handshake gets HTTP 403


async def ws_silent(ws: WebSocket) -> None:
    """Accepts, then never answers until the client leaves."""
    await ws.accept()
    try:
        while (await ws.receive())["type"] != "websocket.disconnect":
            pass
    except WebSocketDisconnect:
        return


async def charset(request: Request) -> Response:
    """`?body=` encoded in `?cs=` and declared so (or raw `?hex=` bytes as UTF-8 text)."""
    cs = request.query_params.get("cs", "utf-8")
    raw = bytes.fromhex(request.query_params.get("hex", "")) or request.query_params.get(
        "body", ""
    ).encode(cs)
    return Response(raw, headers={"content-type": f"text/plain; charset={cs}"})


async def redirect(request: Request) -> Response:
    return Response(status_code=302, headers={"location": "/echo", "set-cookie": "r=1"})


async def endless(request: Request) -> Response:
    """Misbehaving: a body that never ends (`?line=1`: one SSE line that never ends)."""
    piece = b"x" * 65536

    async def body() -> AsyncIterator[bytes]:
        if request.query_params.get("line"):
            yield b"data: "
        while True:
            yield piece
            await asyncio.sleep(0)

    media = "text/event-stream" if request.query_params.get("line") else "text/plain"
    return StreamingResponse(body(), media_type=media)


@functools.cache
def _bomb(mb: int) -> bytes:
    """gzip of `mb` MiB of zeros, built 1 MiB at a time (the bomb, not its payload, in memory)."""
    z = zlib.compressobj(9, wbits=31)
    block = bytes(1 << 20)
    return b"".join(z.compress(block) for _ in range(mb)) + z.flush()


async def bomb(request: Request) -> Response:
    """Misbehaving: a small gzip body that inflates to `?mb=` MiB."""
    data = _bomb(int(request.query_params.get("mb", "64")))
    return Response(data, headers={"content-encoding": "gzip", "content-type": "text/plain"})


async def ws_big(ws: WebSocket) -> None:
    """Misbehaving: one binary frame of `?mb=` MiB right after the handshake."""
    await ws.accept()
    try:
        await ws.send_bytes(b"\0" * (int(ws.query_params.get("mb", "4")) << 20))
        while (await ws.receive())["type"] != "websocket.disconnect":
            pass
    except (WebSocketDisconnect, RuntimeError):
        return


def create_edge_app() -> Starlette:
    return Starlette(
        routes=[
            Route("/echo", echo, methods=["GET", "POST", "PUT", "DELETE", "HEAD"]),
            Route("/status/{code:int}", status),
            Route("/text", text),
            Route("/slow", slow),
            Route("/chunks", chunks),
            Route("/charset", charset),
            Route("/redirect", redirect),
            Route("/endless", endless),
            Route("/bomb", bomb),
            WebSocketRoute("/ws/echo", ws_echo),
            WebSocketRoute("/ws/reject", ws_reject),
            WebSocketRoute("/ws/silent", ws_silent),
            WebSocketRoute("/ws/big", ws_big),
        ]
    )
