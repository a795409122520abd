"""A seed-contract backend written byte by byte, for what a library server would never send.

Invalid UTF-8 inside a WebSocket text message (in one frame or across fragments), a recorded
stream with corrupted bytes, a connection cut at any byte, an endless body or socket, a gzip
bomb, 100,000 response headers, a 100 MB SSE line: no HTTP or WebSocket library is used to
write them, so nothing on the server side repairs, refuses or buffers them.

    with raw_wire() as wire:                 # 127.0.0.1, a free port, in its own thread
        wire.routes["/api/chat/miniapp-stream"] = http_stream([b"\\xe4\\xbd", b"\\xa0"])
        wire.routes["/ws/chat"] = ws_stream([text_frame("你好"), text_frame("[DONE]")])
        spring_profile(wire.base_url)        # the seed's paths, as the transports use them

A route is `(request) -> async iterator of bytes`: every piece is written as it comes (the
helpers below build the usual ones); `cut_after(route, n)` closes the connection after `n`
bytes. Unknown paths get 404. `python tests/doubles/raw_wire.py MODE` serves one misbehaving
backend on every seed path until killed (the client-memory bench runs it in its own process).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import itertools
import json
import struct
import sys
import threading
import zlib
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass, field

WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, BINARY, CONT, CLOSE = 0x1, 0x2, 0x0, 0x8


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    reader: asyncio.StreamReader


Route = Callable[[Request], AsyncIterator[bytes]]


# -- HTTP ------------------------------------------------------------------------------------


def head(
    status: int = 200,
    content_type: str = "text/plain; charset=utf-8",
    *,
    length: int | None = None,
    extra: Iterable[tuple[str, str]] = (),
) -> bytes:
    """A response head: chunked unless `length` is given; the connection closes after it."""
    lines = [f"HTTP/1.1 {status} X", f"Content-Type: {content_type}", "Connection: close"]
    lines.append(
        f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"
    )
    lines += [f"{k}: {v}" for k, v in extra]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def http_stream(
    pieces: Iterable[bytes], content_type: str = "text/plain; charset=utf-8", gap_s: float = 0.0
) -> Route:
    """A chunked body: each piece one HTTP chunk, `gap_s` apart, then the last chunk."""
    parts = list(pieces)

    async def route(request: Request) -> AsyncIterator[bytes]:
        yield head(200, content_type)
        for piece in parts:
            if piece:
                yield chunk(piece)
            if gap_s:
                await asyncio.sleep(gap_s)
        yield b"0\r\n\r\n"

    return route


def http_body(body: bytes, content_type: str = "application/json; charset=utf-8") -> Route:
    """A whole body with Content-Length."""

    async def route(request: Request) -> AsyncIterator[bytes]:
        yield head(200, content_type, length=len(body)) + body

    return route


def json_body(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def cut_after(route: Route, nbytes: int) -> Route:
    """`route`'s output, but the connection is closed after `nbytes` bytes (mid-anything)."""

    async def cut(request: Request) -> AsyncIterator[bytes]:
        left = nbytes
        async for piece in route(request):
            if len(piece) >= left:
                yield piece[:left]
                return
            left -= len(piece)
            yield piece

    return cut


# -- WebSocket -------------------------------------------------------------------------------


def frame(opcode: int, payload: bytes, fin: bool = True) -> bytes:
    """One unmasked server frame."""
    first = (0x80 if fin else 0) | opcode
    size = len(payload)
    if size < 126:
        return bytes((first, size)) + payload
    if size < 1 << 16:
        return bytes((first, 126)) + struct.pack("!H", size) + payload
    return bytes((first, 127)) + struct.pack("!Q", size) + payload


def text_frame(text: str | bytes) -> bytes:
    return frame(TEXT, text.encode() if isinstance(text, str) else text)


def fragments(payload: bytes, cuts: Iterable[int]) -> list[bytes]:
    """One text message as a TEXT frame and CONT frames, cut at the byte offsets `cuts`."""
    at = [0, *sorted({c for c in cuts if 0 < c < len(payload)}), len(payload)]
    parts = [payload[a:b] for a, b in itertools.pairwise(at)]
    return [
        frame(TEXT if i == 0 else CONT, part, fin=i == len(parts) - 1)
        for i, part in enumerate(parts)
    ]


def handshake(request: Request) -> bytes:
    key = request.headers.get("sec-websocket-key", "").encode()
    accept = base64.b64encode(hashlib.sha1(key + WS_GUID).digest()).decode()
    return (
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Accept: {accept}\r\n\r\n"
    ).encode()


async def read_client_frame(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """One masked client frame: (opcode, payload)."""
    b0, b1 = await reader.readexactly(2)
    size = b1 & 0x7F
    if size == 126:
        (size,) = struct.unpack("!H", await reader.readexactly(2))
    elif size == 127:
        (size,) = struct.unpack("!Q", await reader.readexactly(8))
    mask = await reader.readexactly(4) if b1 & 0x80 else b"\0\0\0\0"
    data = await reader.readexactly(size)
    return b0 & 0x0F, bytes(c ^ mask[i % 4] for i, c in enumerate(data))


def ws_stream(frames: Iterable[bytes], *, wait_message: bool = True, close: bool = False) -> Route:
    """Handshake, wait for the page's message, write `frames`; then answer a close with a close
    (`close=True`: send close 1000 right after the frames)."""
    wire = list(frames)

    async def route(request: Request) -> AsyncIterator[bytes]:
        yield handshake(request)
        if wait_message:
            await read_client_frame(request.reader)
        for data in wire:
            yield data
        if close:
            yield frame(CLOSE, struct.pack("!H", 1000))
        while True:  # until the client's close (echoed) or EOF
            opcode, payload = await read_client_frame(request.reader)
            if opcode == CLOSE:
                yield frame(CLOSE, payload[:2])
                return

    return route


# -- the double ------------------------------------------------------------------------------


@dataclass
class RawWire:
    routes: dict[str, Route] = field(default_factory=dict)
    port: int = 0
    requests: list[Request] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await _read_request(reader)
            self.requests.append(request)
            route = self.routes.get(request.path, _not_found)
            async for piece in route(request):
                writer.write(piece)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            writer.transport.abort()  # no lingering close: a cut is a cut


async def _read_request(reader: asyncio.StreamReader) -> Request:
    raw = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    line, *lines = raw.rstrip("\r\n").split("\r\n")
    method, target, _ = line.split(" ", 2)
    headers = {}
    for item in lines:
        name, _, value = item.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
    path, _, query = target.partition("?")
    return Request(method, path, query, headers, body, reader)


async def _not_found(request: Request) -> AsyncIterator[bytes]:
    yield head(404, "text/plain", length=9) + b"not found"


@contextlib.contextmanager
def raw_wire(routes: dict[str, Route] | None = None) -> Iterator[RawWire]:
    """Serve the double on 127.0.0.1 (a free port) in a thread; stopped on exit."""
    double = RawWire(dict(routes or {}))
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    stop: asyncio.Future[None] | None = None

    async def main() -> None:
        nonlocal stop
        stop = loop.create_future()
        server = await asyncio.start_server(double.handle, "127.0.0.1", 0)
        double.port = server.sockets[0].getsockname()[1]
        ready.set()
        await stop
        server.close()
        others = asyncio.all_tasks(loop) - {asyncio.current_task(loop)}
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    if not ready.wait(10):
        raise RuntimeError("raw wire double did not start")
    try:
        yield double
    finally:
        loop.call_soon_threadsafe(lambda: stop is not None and stop.set_result(None))
        thread.join(10)
        loop.close()


# -- misbehaving backends (tests and the client-memory bench) --------------------------------

PIECE = b"x" * 65536


async def endless_chunked(request: Request) -> AsyncIterator[bytes]:
    """text/plain that never ends."""
    yield head()
    while True:
        yield chunk(PIECE)


async def endless_socket(request: Request) -> AsyncIterator[bytes]:
    """Raw text frames of 64 KiB, never a `[DONE]`, never a close."""
    yield handshake(request)
    data = text_frame(PIECE)
    while True:
        yield data


def gzip_bomb(mib: int) -> bytes:
    """gzip of `mib` MiB of 'x' (a few hundred bytes per MiB on the wire)."""
    z = zlib.compressobj(9, wbits=31)
    block = b"x" * (1 << 20)
    return b"".join(z.compress(block) for _ in range(mib)) + z.flush()


def gzip_bomb_chunked(mib: int) -> Route:
    """A chunked text/plain body, gzip-encoded, that inflates to `mib` MiB."""
    bomb = gzip_bomb(mib)

    async def route(request: Request) -> AsyncIterator[bytes]:
        yield head(extra=[("Content-Encoding", "gzip")])
        for at in range(0, len(bomb), 16384):
            yield chunk(bomb[at : at + 16384])
        yield b"0\r\n\r\n"

    return route


def many_headers(count: int) -> Route:
    """`count` response headers before an ordinary short body."""

    async def route(request: Request) -> AsyncIterator[bytes]:
        yield b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n"
        block = b"".join(b"X-H%d: v\r\n" % i for i in range(1000))
        for _ in range(count // 1000):
            yield block
        yield b"Content-Length: 2\r\n\r\nok"

    return route


def sse_line(mib: int) -> Route:
    """One SSE `data:` line of `mib` MiB without a newline, then the end of the body."""

    async def route(request: Request) -> AsyncIterator[bytes]:
        yield head(content_type="text/event-stream")
        yield chunk(b"data: ")
        for _ in range(mib * 16):
            yield chunk(PIECE)
        yield b"0\r\n\r\n"

    return route


def poll_snapshots(step_mib: int) -> dict[str, Route]:
    """Polling whose cumulative content grows by `step_mib` MiB per poll, never complete."""
    start = http_body(json_body({"success": True, "data": {"sessionId": "s", "replyId": "r"}}))
    sizes = iter(range(1, 1 << 30))

    async def poll(request: Request) -> AsyncIterator[bytes]:
        content = "x" * ((next(sizes) * step_mib) << 20)
        async for piece in http_body(json_body({"data": {"content": content}}))(request):
            yield piece

    return {"/api/chat/stream": start, "/api/chat/poll": poll}


def endless_json(request: Request) -> AsyncIterator[bytes]:
    """A sync answer (Content-Length: 1 GiB) whose body never stops coming."""

    async def route() -> AsyncIterator[bytes]:
        yield head(200, "application/json", length=1 << 30)
        yield b'{"success":true,"data":{"content":"'
        while True:
            yield PIECE

    return route()


REPLY = "你好世界！"
BAD = REPLY.encode()[:9] + b"\xff" + REPLY.encode()[10:]
"""The reply with one byte of 界 replaced: not UTF-8."""


def seed_reply(pieces: list[bytes]) -> dict[str, Route]:
    """Every seed path answering with `pieces` (raw frames + [DONE], a plain body, JSON)."""
    content = b"".join(pieces)
    data = b'{"success":true,"data":{"content":"' + content + b'","replyId":"r1","complete":true}}'
    return {
        "/api/chat/miniapp-stream": http_stream(pieces),
        "/ws/chat": ws_stream([*(text_frame(p) for p in pieces), text_frame("[DONE]")]),
        "/ws/frag": ws_stream([*fragments(content, [4, 10, 12]), text_frame("[DONE]")]),
        "/api/chat/send": http_body(data),
        "/api/chat/stream": http_body(json_body({"success": True, "data": {"replyId": "r1"}})),
        "/api/chat/poll": http_body(data),
    }


MODES: dict[str, Callable[[], dict[str, Route]]] = {
    "normal": lambda: seed_reply([REPLY.encode()[:6], REPLY.encode()[6:]]),
    "altered": lambda: seed_reply([BAD[:6], BAD[6:]]),
    "endless": lambda: {
        "/api/chat/miniapp-stream": endless_chunked,
        "/ws/chat": endless_socket,
        "/api/chat/send": endless_json,
        **poll_snapshots(4),
    },
    "bomb": lambda: {"/api/chat/miniapp-stream": gzip_bomb_chunked(1024)},
    "headers": lambda: {
        "/api/chat/miniapp-stream": many_headers(100_000),
        "/ws/chat": many_headers(100_000),
    },
    "sse-line": lambda: {
        "/api/chat/miniapp-stream": sse_line(100),
        "/v1/chat/completions": sse_line(100),
    },
}
"""`python tests/doubles/raw_wire.py MODE`: the misbehaving backends the bench attacks with
(built on demand: the bomb takes a few seconds to compress)."""


def main() -> None:
    mode = sys.argv[1]
    with raw_wire(MODES[mode]()) as double:
        print(double.base_url, flush=True)
        threading.Event().wait()


if __name__ == "__main__":
    main()
