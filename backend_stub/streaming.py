"""An HTTP response that streams a reply as the scheduler emits it (chunked transfer)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Literal

from starlette.background import BackgroundTask
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from backend_stub.eager import EagerSender
from backend_stub.errors import DeliberateDrop, error_response
from backend_stub.framing import Framer
from backend_stub.replies import ChunkRecord, Reply

Outcome = Literal["done", "drop", "gone"]

UPSTREAM_HEAD_WAIT_S = 30.0
"""Longest wait for a live upstream's first piece before the headers go out anyway."""


class _HttpSink:
    """Writes framed chunks as body messages, re-sliced into `slice_bytes` pieces if asked."""

    def __init__(
        self, sender: EagerSender, framer: Framer, reply: Reply, outcome: asyncio.Future[Outcome]
    ):
        self._sender = sender
        self._framer = framer
        self._scenario = reply.scenario
        self._outcome = outcome
        self.written = 0

    def on_chunk(self, reply: Reply, record: ChunkRecord) -> None:
        if record.seq == self._scenario.malformed_at:
            self._write(self._framer.malformed(reply, record))
        self._write(self._framer.chunk(reply, record))
        self.written += 1
        drop_after = self._scenario.drop_after
        if drop_after is not None and self.written >= drop_after:
            reply.detach(self)
            self._settle("drop")

    def on_end(self, reply: Reply) -> None:
        if reply.error is None:
            self._write(self._framer.done(reply))
            self._settle("done")
            return
        data = self._framer.error(reply, *reply.error)
        if data is None:
            self._settle("drop")
        else:
            self._write(data)
            self._settle("done")

    def _write(self, data: bytes) -> None:
        if not data:
            return
        step = self._scenario.slice_bytes or len(data)
        for start in range(0, len(data), step):
            self._sender.send(
                {
                    "type": "http.response.body",
                    "body": data[start : start + step],
                    "more_body": True,
                }
            )

    def _settle(self, outcome: Outcome) -> None:
        if not self._outcome.done():
            self._outcome.set_result(outcome)


class StreamedReply(Response):
    """Status 200, headers at once, then the reply's frames as they are emitted.

    A client that goes away cancels the reply; scenario `drop_after` cuts the connection
    after that many chunks (the peer sees an unfinished chunked body).
    """

    def __init__(self, reply: Reply, framer: Framer, background: BackgroundTask | None = None):
        # No `body`, so no Content-Length: the server falls back to chunked transfer.
        self.status_code = 200
        self.media_type = framer.media_type
        self.background = background
        self.init_headers(
            {"X-Reply-Id": reply.reply_id, "Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        )
        self._reply = reply
        self._framer = framer

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
                outcome.set_result("gone")

        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        sender = EagerSender(send, on_error=on_send_error)
        sink = _HttpSink(sender, self._framer, self._reply, outcome)
        drop_now = reply.scenario.drop_after == 0
        if drop_now:
            outcome.set_result("drop")
        else:
            reply.attach(sink)
        disconnect = asyncio.ensure_future(_until_disconnect(receive))
        try:
            await asyncio.wait((outcome, disconnect), return_when=asyncio.FIRST_COMPLETED)
        finally:
            reply.detach(sink)
            disconnect.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await disconnect
        result: Outcome = outcome.result() if outcome.done() else "gone"
        if result == "gone":
            sender.cancel()
            reply.fail("client_gone", "the client closed the connection")
            return
        await sender.flush()
        if result == "drop":
            reply.fail("dropped", "connection dropped by scenario drop_after")
            raise DeliberateDrop("scenario drop_after")
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        if self.background is not None:
            await self.background()


async def _until_disconnect(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
