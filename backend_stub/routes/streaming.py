"""An HTTP response that streams a reply as the scheduler emits it (chunked transfer)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Literal

from starlette.background import BackgroundTask
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from backend_stub.errors import DeliberateDrop, error_response
from backend_stub.hosting.protocol import connection_of
from backend_stub.replies.inflight import Reply
from backend_stub.routes.eager import EagerSender, SlowReader
from backend_stub.wire.framing import Frame, Framer
from backend_stub.wire.sink import ScenarioSink

Outcome = Literal["done", "drop", "gone", "slow"]

UPSTREAM_HEAD_WAIT_S = 30.0
"""Longest wait for a live upstream's first piece before the headers go out anyway."""


class _HttpWriter:
    """Writes frames as chunked body messages; settles the response's outcome."""

    byte_stream = True

    def __init__(self, sender: EagerSender, outcome: asyncio.Future[Outcome]):
        self._sender = sender
        self._outcome = outcome

    def write(self, frame: Frame) -> None:
        body = frame.encode() if isinstance(frame, str) else frame
        self._sender.send({"type": "http.response.body", "body": body, "more_body": True})

    def drop(self) -> None:
        self.settle("drop")

    def finish(self) -> None:
        self.settle("done")

    def settle(self, outcome: Outcome) -> None:
        if not self._outcome.done():
            self._outcome.set_result(outcome)


class StreamedReply(Response):
    """Status 200, headers at once, then the reply's frames as they are emitted.

    A client that goes away cancels the reply; scenario `drop_after` cuts the connection
    after that many chunks (the peer sees an unfinished chunked body).
    """

    def __init__(
        self,
        reply: Reply,
        framer: Framer,
        background: BackgroundTask | None = None,
        *,
        max_backlog: int | None = None,
        max_stall_s: float | None = None,
    ):
        # No `body`, so no Content-Length: the server falls back to chunked transfer.
        self.status_code = 200
        self.media_type = framer.media_type
        self.background = background
        self.init_headers(
            {"X-Reply-Id": reply.reply_id, "Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        )
        self._reply = reply
        self._framer = framer
        self._max_backlog = max_backlog
        self._max_stall_s = max_stall_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        reply = self._reply
        if reply.plan.open and not reply.emitted_count:
            # A live upstream: hold the headers until its first piece, so a refusal (401, 429,
            # unreachable) becomes this response's 502 with the upstream's reason.
            await reply.wait_change(UPSTREAM_HEAD_WAIT_S)
            failure = reply.plan.failure
            if failure is not None and not reply.emitted_count:
                response = error_response(scope["path"], 502, *failure)
                response.headers["X-Reply-Id"] = reply.reply_id
                await response(scope, receive, send)
                return
        loop = asyncio.get_running_loop()
        outcome: asyncio.Future[Outcome] = loop.create_future()

        def on_send_error(exc: BaseException) -> None:
            if not outcome.done():
                outcome.set_result("slow" if isinstance(exc, SlowReader) else "gone")

        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        sender = EagerSender(
            send,
            on_error=on_send_error,
            max_backlog=self._max_backlog,
            max_stall_s=self._max_stall_s,
        )
        sink = ScenarioSink(_HttpWriter(sender, outcome), self._framer, reply)
        sink.open()
        disconnect = asyncio.ensure_future(_until_disconnect(receive))
        try:
            await asyncio.wait((outcome, disconnect), return_when=asyncio.FIRST_COMPLETED)
        finally:
            sink.close()
            disconnect.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await disconnect
        result: Outcome = outcome.result() if outcome.done() else "gone"
        if result == "gone":
            sender.cancel()
            reply.fail("client_gone", "the client closed the connection")
            return
        if result == "slow":
            # Bounded memory: what the peer did not read is dropped, and so is the connection.
            sender.cancel()
            reply.fail("slow_reader", f"the client read too slowly ({sender.failed})")
            _cut(scope)
        await sender.flush()
        if isinstance(sender.failed, SlowReader):  # the reply ended, its reader fell behind
            _cut(scope)
        if result == "drop":
            reply.fail("dropped", "connection dropped by scenario drop_after")
            raise DeliberateDrop("scenario drop_after")
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        if self.background is not None:
            await self.background()


def _cut(scope: Scope) -> None:
    """Drop a slow reader's connection now, unread bytes and all (a close would first wait
    for the peer to read them); without the stub's protocol, let uvicorn close it."""
    connection = connection_of(scope)
    if connection is None:
        raise DeliberateDrop("slow reader")
    connection.abort()


async def _until_disconnect(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
