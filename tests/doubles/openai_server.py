"""A real OpenAI-compatible streaming server on 127.0.0.1 for tests (not a mock of a client).

    from tests.doubles.openai_server import Stream, openai_server, variable_stream

    with openai_server(Stream(pieces=("你", "好"), delays_s=(0.05, 0.01))) as llm:
        llm.base_url            # "http://127.0.0.1:PORT/v1"; POST {base_url}/chat/completions
        llm.script = Stream(status=429)      # switch what later requests get
        llm.script = lambda body: Stream(…)  # or decide per request body (a dict)
        llm.requests            # every request received: method, path, headers, body
        llm.clients_gone        # True once every client hung up (even mid-pause)

`Stream` says what one answer is: `pieces` as `chat.completion.chunk` deltas, each sent
`delays_s[i]` after the previous one (the first after the request); `status` ≠ 200 answers
an OpenAI-style JSON error instead; `cut_after=N` closes the connection after N pieces, in
the middle of the chunked body and without `[DONE]`; `hold_after_done` keeps the connection
open after `data: [DONE]` until the client closes it. Plain asyncio in its own thread, HTTP/1.1
with chunked transfer, one request per connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found",
           429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
           503: "Service Unavailable"}  # fmt: skip


@dataclass(frozen=True)
class Stream:
    """One answer of the double (see the module docstring)."""

    pieces: Sequence[str] = ("Hello", ",", " world", "!")
    delays_s: Sequence[float] = ()
    """Pause before each piece; missing entries are 0."""
    status: int = 200
    error_message: str = "scripted failure"
    cut_after: int | None = None
    hold_after_done: bool = False
    model: str = "double-1"

    def delay(self, index: int) -> float:
        return self.delays_s[index] if index < len(self.delays_s) else 0.0


def variable_stream(count: int, seed: int = 1, low_ms: float = 1.0, high_ms: float = 12.0,
                    **options: Any) -> Stream:  # fmt: skip
    """`count` short mixed CJK/Latin pieces with seeded uniform gaps in [low_ms, high_ms]."""
    rng = random.Random(seed)
    words = ("你好", "，", "世界", " stream", "ing", " 测", "试", "。", "\n", " ok", "数据")
    pieces = tuple(f"{rng.choice(words)}{i % 10}" for i in range(count))
    delays = tuple(rng.uniform(low_ms, high_ms) / 1000.0 for _ in range(count))
    return Stream(pieces=pieces, delays_s=delays, **options)


@dataclass
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class OpenAIDouble:
    script: Stream | Callable[[Any], Stream] = field(default_factory=Stream)
    requests: list[ReceivedRequest] = field(default_factory=list)
    port: int = 0
    open_writers: set[asyncio.StreamWriter] = field(default_factory=set)
    _readers: dict[asyncio.StreamWriter, asyncio.StreamReader] = field(default_factory=dict)

    @property
    def clients_gone(self) -> bool:
        """Every connection still being answered was closed by its client (seen as EOF)."""
        return all(reader.at_eof() for reader in list(self._readers.values()))

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def _answer_for(self, body: Any) -> Stream:
        return self.script(body) if callable(self.script) else self.script

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.open_writers.add(writer)
        self._readers[writer] = reader
        try:
            await self._serve(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:
            pass  # the double is stopping; ending normally keeps asyncio from logging it
        finally:
            self.open_writers.discard(writer)
            self._readers.pop(writer, None)
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        request_line, *header_lines = head.rstrip("\r\n").split("\r\n")
        method, path, _ = request_line.split(" ", 2)
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        raw = await reader.readexactly(int(headers.get("content-length", "0")))
        body = json.loads(raw) if raw else None
        self.requests.append(ReceivedRequest(method, path, headers, body))
        if method != "POST" or not path.endswith("/chat/completions"):
            await _json(writer, 404, {"error": {"message": "no such route", "code": None}})
            return
        answer = self._answer_for(body)
        if answer.status != 200:
            kind = "rate_limit_error" if answer.status == 429 else "api_error"
            error = {"message": answer.error_message, "type": kind, "code": None}
            await _json(writer, answer.status, {"error": error})
            return
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                     b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")  # fmt: skip
        await writer.drain()
        _event(writer, {"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]})
        for index, piece in enumerate(answer.pieces):
            if answer.cut_after is not None and index >= answer.cut_after:
                await writer.drain()
                writer.transport.abort()  # mid-body, no terminating chunk, no [DONE]
                return
            await asyncio.sleep(answer.delay(index))
            _event(writer, {"id": "chatcmpl-double", "object": "chat.completion.chunk",
                            "model": answer.model,
                            "choices": [{"index": 0, "delta": {"content": piece},
                                         "finish_reason": None}]})  # fmt: skip
            await writer.drain()
        _event(writer, {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        _chunk(writer, b"data: [DONE]\n\n")
        await writer.drain()
        if answer.hold_after_done:
            await reader.read()  # until the client closes
            return
        writer.write(b"0\r\n\r\n")
        await writer.drain()


def _chunk(writer: asyncio.StreamWriter, data: bytes) -> None:
    writer.write(b"%x\r\n%s\r\n" % (len(data), data))


def _event(writer: asyncio.StreamWriter, body: dict[str, Any]) -> None:
    _chunk(writer, b"data: " + json.dumps(body, ensure_ascii=False).encode() + b"\n\n")


async def _json(writer: asyncio.StreamWriter, status: int, body: dict[str, Any]) -> None:
    data = json.dumps(body).encode()
    writer.write(
        f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode()
        + data
    )
    await writer.drain()


@contextlib.contextmanager
def openai_server(script: Stream | Callable[[Any], Stream] | None = None) -> Iterator[OpenAIDouble]:
    """Serve the double on 127.0.0.1 (a free port) in a thread; stopped on exit."""
    double = OpenAIDouble(script=script or Stream())
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
        # Held connections (`hold_after_done`) must not keep the thread alive.
        for writer in list(double.open_writers):
            writer.transport.abort()
        others = asyncio.all_tasks(loop) - {asyncio.current_task(loop)}
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    if not ready.wait(10):
        raise RuntimeError("openai double did not start")
    try:
        yield double
    finally:

        def finish() -> None:
            if stop is not None and not stop.done():
                stop.set_result(None)

        loop.call_soon_threadsafe(finish)
        thread.join(10)
        loop.close()
