"""Chunked: `request` + `enableChunked` + `onChunkReceived`, decoded and parsed across any split."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, ClassVar

from simulator.transports.base import SendMessage, TimedTransport
from simulator.transports.events import EmitEvent
from simulator.transports.failures import Failure, FailureKind
from simulator.transports.framing import Piece, StreamParser, make_parser, stream_failure
from simulator.transports.reply import (
    ReplyRun,
    as_bytes,
    begin_run,
    http_error,
    message_request,
    scenario_of,
    settle,
    status_of,
)

if TYPE_CHECKING:
    pass

ERROR_BODY_LIMIT = 4096


class ChunkedTransport(TimedTransport):
    """The platform's real streaming answer since base library 2.20.1 (the seed missed it).

    Chunks follow network reads, not server writes (wx-api-semantics §1.9): a piece may end
    inside a UTF-8 character or an SSE line, or hold two events, so bytes go through an
    incremental decoder and a push parser. `success` still fires at the end with an empty
    body, so an error status is read from the chunks.
    """

    name: ClassVar[str] = "chunked"

    async def run(self, message: SendMessage, emit: EmitEvent) -> None:
        run, endpoint = begin_run(self, message, emit, self.backend.chunked, "chunked endpoint")
        if endpoint is None:
            return
        parser = make_parser(endpoint.framing)
        loop = asyncio.get_running_loop()
        finished: asyncio.Future[tuple[bool, dict[str, Any]]] = loop.create_future()
        state = _State()

        def on_headers(res: dict[str, Any]) -> None:
            state.status = status_of(res)
            run.opened(f"headers {state.status if state.status is not None else '(no statusCode)'}")
            header = res.get("header") or {}
            run.learn_reply_id(_header(header, "x-reply-id"))

        def on_chunk(res: dict[str, Any]) -> None:
            data = as_bytes(res.get("data"))
            state.chunks += 1
            # Kept for the error message: without statusCode (DevTools) an error body
            # is only recognised as one at `success` (wx-api-semantics §1.8).
            state.head += data[: ERROR_BODY_LIMIT - len(state.head)]
            if state.status is not None and state.status >= 400:
                run.empty("frame", len(data))
                return
            self._pieces(parser.feed(data), len(data), run, state)
            if run.ended and not finished.done():  # over the run's budget: failed already
                settle(finished, (False, {"errMsg": "over the run's budget"}))
                task.abort()
            elif state.error and not finished.done():
                task.abort()
            elif state.done and not finished.done():
                # The end event is the end of the reply, even if the server keeps the
                # connection open after it (OpenAI-compatible servers may).
                settle(finished, (True, {"statusCode": state.status, "data": b""}))
                task.abort()

        url, data, extra = message_request(
            self.backend,
            endpoint,
            message,
            stream=True,
            scenario=scenario_of(self.backend, message),
        )
        if endpoint.framing != "text":
            extra["Accept"] = "text/event-stream"
        run.request("request", url)
        task = self.wx.request(
            url=url,
            method=endpoint.method,
            data=data,
            header=self.backend.request_headers(extra),
            timeout=self.timeout_ms,
            dataType="text",
            responseType="arraybuffer",
            enableChunked=True,
            success=lambda res: settle(finished, (True, res)),
            fail=lambda res: settle(finished, (False, res)),
        )
        task.onHeadersReceived(on_headers)
        task.onChunkReceived(on_chunk)
        try:
            ok, res = await finished
        except asyncio.CancelledError:
            task.abort()
            run.stop()
            raise
        self._finish(ok, res, parser, run, state)

    def _pieces(self, pieces: list[Piece], nbytes: int, run: ReplyRun, state: _State) -> None:
        """Turn parsed pieces into page events; the wire bytes go with the first text piece."""
        for piece in pieces:
            run.learn_reply_id(piece.reply_id)
            broken = stream_failure(piece)
            if broken is not None:
                state.error = state.error or broken
            elif piece.altered is not None:
                run.alter(piece.altered)
            elif piece.malformed is not None:
                state.malformed += 1
                run.note(f"malformed event ignored: {piece.malformed!r}")
            elif piece.done:
                state.done = True
            elif piece.text:
                if piece.seq is not None:
                    if state.next_seq is not None and piece.seq != state.next_seq:
                        state.gaps.append(state.next_seq)
                    state.next_seq = piece.seq + 1
                run.chunk(piece.text, nbytes, piece.seq, piece.emitted_at)
                nbytes = 0
        if nbytes:
            run.empty("frame", nbytes)

    def _finish(
        self, ok: bool, res: dict[str, Any], parser: StreamParser, run: ReplyRun, state: _State
    ) -> None:
        if not ok:
            run.fail(state.error or run.wx_failure(res))
            return
        status = status_of(res) or state.status
        whole = as_bytes(res.get("data"))
        error = http_error(status, state.head or whole)
        if error is not None:
            run.fail(error)
            return
        if state.chunks == 0 and whole:
            # PC WeChat: no chunks, whole body in success (wx-api-semantics §1.9)
            run.note("no chunk arrived: the whole body came with success")
            self._pieces(parser.feed(whole), len(whole), run, state)
        self._pieces(parser.close(), 0, run, state)
        endpoint = self.backend.chunked
        # A framed stream ends at its end event, unless the profile says the backend ends it
        # by ending the body (a cut body never gets here: wx fails it).
        framed_end = endpoint is not None and endpoint.framing != "text" and endpoint.end != "close"
        if state.error:
            run.fail(state.error)
        elif state.gaps:
            detail = f"stream is missing chunk(s) {state.gaps[:5]} (malformed or lost events)"
            run.fail(Failure(FailureKind.PROTOCOL, detail))
        elif framed_end and not state.done:
            run.fail(Failure(FailureKind.PROTOCOL, "stream ended before its end-of-reply event"))
        else:
            run.complete()


class _State:
    """What the callbacks learned during one request."""

    def __init__(self) -> None:
        self.status: int | None = None
        self.error: Failure | None = None
        self.head = b""
        self.chunks = 0
        self.done = False
        self.malformed = 0
        self.next_seq: int | None = None
        self.gaps: list[int] = []


def _header(header: dict[str, Any], name: str) -> str | None:
    for key, value in header.items():
        if key.lower() == name:
            return str(value)
    return None
