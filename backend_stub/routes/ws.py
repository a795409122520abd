"""`WS /ws/chat`: the seed's raw framing or a JSON envelope that supports resume after a drop."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from fastapi import APIRouter, WebSocket
from starlette.websockets import WebSocketDisconnect

from backend_stub.config import Framing, framing_of
from backend_stub.errors import DeliberateDrop, StubError, error_response
from backend_stub.guards.access import check_reply_reader
from backend_stub.guards.budget import TokenBucket
from backend_stub.guards.inputs import chat_input, check_auth
from backend_stub.replies.inflight import Reply
from backend_stub.routes.eager import EagerSender, SlowReader
from backend_stub.scenario import Scenario
from backend_stub.state import StubState, stub_state
from backend_stub.wire.framing import WS_FRAMERS, Frame, envelope_chunk, ws_error_frame
from backend_stub.wire.sink import ScenarioSink

router = APIRouter()
logger = logging.getLogger(__name__)

SLOW_READER_CLOSE = 1013
"""Close code for a peer that fell more than `max_backlog_bytes` behind ("try again later":
it may reconnect and resume)."""

__all__ = ["envelope_chunk", "router"]


class _WsWriter:
    """One reply's frames onto one connection: text frames for str, binary for bytes."""

    byte_stream = False

    def __init__(self, conn: _Connection):
        self._conn = conn

    def write(self, frame: Frame) -> None:
        key = "text" if isinstance(frame, str) else "bytes"
        self._conn.sender.send({"type": "websocket.send", key: frame})

    def drop(self) -> None:
        self._conn.drop()

    def finish(self) -> None:
        self._conn.sinks.pop(self, None)


class _Connection:
    """One accepted socket: reads client messages, starts or resumes replies, writes frames."""

    def __init__(
        self, websocket: WebSocket, state: StubState, framing: Framing, scenario: Scenario
    ):
        self.websocket = websocket
        self.state = state
        self.framing = framing
        self.base_scenario = scenario
        self.framer = WS_FRAMERS[framing]()
        self.sender = EagerSender(
            websocket.send,
            on_error=self._on_send_error,
            max_backlog=state.limits.max_backlog_bytes,
            max_stall_s=state.limits.slow_reader_s,
        )
        self.sinks: dict[_WsWriter, ScenarioSink] = {}
        """Replies being written, by writer (a writer does not point back at its sink: a
        finished connection is freed by reference counting, not left to the collector)."""
        self.started: list[Reply] = []
        """Replies started on this socket (those in flight count towards its limit)."""
        self.client = websocket.client.host if websocket.client else ""
        limits = state.limits
        self.bucket = TokenBucket(limits.ws_messages_per_s, limits.ws_message_burst)
        self.dropped = asyncio.get_running_loop().create_future()
        self.slow = False

    def send_error(self, code: str, message: str, reply_id: str | None = None) -> None:
        self.sender.send(
            {"type": "websocket.send", "text": ws_error_frame(code, message, reply_id)}
        )

    def _on_send_error(self, exc: BaseException) -> None:
        self.slow = isinstance(exc, SlowReader)
        self.drop()

    def drop(self) -> None:
        if not self.dropped.done():
            self.dropped.set_result(None)

    async def run(self) -> None:
        try:
            while True:
                receive = asyncio.ensure_future(self.websocket.receive())
                await asyncio.wait({receive, self.dropped}, return_when=asyncio.FIRST_COMPLETED)
                if self.dropped.done():
                    logger.debug("! %s: dropping the connection", self.websocket.client)
                    receive.cancel()
                    with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect):
                        await receive
                    if self.slow:
                        await self._close_slow()
                        return
                    await self.sender.flush()
                    raise DeliberateDrop("scenario drop_after")
                message = receive.result()
                if message["type"] == "websocket.disconnect":
                    return
                self.handle(message.get("text"), message.get("bytes"))
        finally:
            for sink in list(self.sinks.values()):
                sink.close()
            self.sinks.clear()
            self.sender.close()

    async def _close_slow(self) -> None:
        """Close a connection whose peer fell too far behind: 1013 if the close frame can
        still be written within a second, else cut; its replies stay resumable."""
        for sink in list(self.sinks.values()):
            sink.close()
        self.sinks.clear()
        try:
            await asyncio.wait_for(
                self.websocket.close(SLOW_READER_CLOSE, "slow_reader: fell too far behind"), 1.0
            )
        except (TimeoutError, RuntimeError, OSError):
            raise DeliberateDrop("slow reader") from None

    def handle(self, text: str | None, data: bytes | None) -> None:
        """One client frame: a chat message or a resume request; errors answer an error frame."""
        try:
            if text is None:
                raise StubError(400, "malformed_json", "send JSON text frames, not binary")
            if len(text) > self.state.limits.max_body_bytes:
                raise StubError(413, "body_too_large", "frame over the size limit")
            if not self.bucket.take():
                limits = self.state.limits
                raise StubError(
                    429,
                    "rate_limited",
                    f"over {limits.ws_messages_per_s:g} frames/s (burst {limits.ws_message_burst})",
                )
            try:
                fields = json.loads(text)
            except (ValueError, RecursionError):
                raise StubError(400, "malformed_json", "frame is not valid JSON") from None
            if not isinstance(fields, dict):
                raise StubError(400, "malformed_json", "expected a JSON object")
            kind = fields.get("type", "message")
            if kind == "resume":
                self.resume(fields)
            elif kind in ("message", "chat"):
                self.chat(fields)
            else:
                raise StubError(400, "unknown_type", f"unknown frame type {kind!r}")
        except StubError as exc:
            logger.debug("! bad frame: %s %s", exc.code, exc.message)
            self.send_error(exc.code, exc.message)

    def chat(self, fields: dict[str, Any]) -> None:
        chat = chat_input(fields, self.state.limits)
        scenario = self.state.scenario_for(chat.scenario, base=self.base_scenario)
        limit = self.state.limits.max_connection_replies
        started = [r for r in self.started if not r.finished]
        if len(started) >= limit:
            raise StubError(
                429, "too_many_replies", f"{limit} replies in flight on this socket already"
            )
        reply = self.state.start_reply(chat.message, chat.user_id, scenario, self.client)
        started.append(reply)
        self.started = started
        logger.debug(
            "< message from %s: reply %s, %s", chat.user_id, reply.reply_id, scenario.spec()
        )
        self._attach(reply, 0, resumed=False)

    def resume(self, fields: dict[str, Any]) -> None:
        reply_id = fields.get("replyId")
        from_seq = fields.get("fromSeq", 0)
        if not isinstance(reply_id, str):
            raise StubError(400, "bad_param", "'replyId' must be a string")
        if not isinstance(from_seq, int) or isinstance(from_seq, bool) or from_seq < 0:
            raise StubError(400, "bad_param", "'fromSeq' must be a non-negative integer")
        reply = self.state.replies.get(reply_id)
        if reply is None:
            raise StubError(404, "unknown_reply", f"no reply {reply_id!r} (expired or never made)")
        check_reply_reader(reply, fields.get("userId"))
        if from_seq > len(reply.plan.pieces):
            raise StubError(400, "bad_param", f"fromSeq {from_seq} is past the end of the reply")
        logger.debug("< resume %s from seq %d", reply_id, from_seq)
        self._attach(reply, from_seq, resumed=True)

    def _attach(self, reply: Reply, from_seq: int, *, resumed: bool) -> None:
        writer = _WsWriter(self)
        sink = ScenarioSink(writer, self.framer, reply, resumed=resumed, from_seq=from_seq)
        self.sinks[writer] = sink
        sink.open()


@router.websocket("/ws/chat")
async def ws_chat(websocket: WebSocket) -> None:
    """Chat over a WebSocket; `?framing=raw|envelope`, `?scenario=` as on HTTP."""
    state = stub_state(websocket)
    params = websocket.query_params
    try:
        check_auth(websocket, state.config.token)
        try:
            framing = framing_of(params.get("framing", state.config.framing))
        except ValueError as exc:
            raise StubError(400, "bad_param", str(exc)) from None
        scenario = state.scenario_for(params.get("scenario"))
        if scenario.status is not None:
            raise StubError(
                scenario.status, "scenario_status", f"scenario status={scenario.status}"
            )
    except StubError as exc:
        # Refuse the handshake with a real HTTP status, as a failing gateway would.
        await websocket.send_denial_response(
            error_response(websocket.url.path, exc.status, exc.code, exc.message)
        )
        return
    await websocket.accept()
    await _Connection(websocket, state, framing, scenario).run()
