"""`WS /ws/chat`: the seed's raw framing or a JSON envelope that supports resume after a drop."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from json.encoder import encode_basestring
from typing import Any, cast

from fastapi import APIRouter, WebSocket
from starlette.websockets import WebSocketDisconnect

from backend_stub.config import Framing
from backend_stub.eager import EagerSender
from backend_stub.errors import DeliberateDrop, StubError, error_response
from backend_stub.framing import dumps
from backend_stub.inputs import chat_input, check_auth
from backend_stub.replies import ChunkRecord, Reply
from backend_stub.scenario import Scenario
from backend_stub.state import StubState, stub_state

router = APIRouter()
logger = logging.getLogger(__name__)

END_MARKER = "[DONE]"
"""Raw framing: the frame that ends a reply (the seed leaves the end implicit)."""


def envelope_chunk(reply_id: str, record: ChunkRecord) -> str:
    """The envelope chunk frame, formatted by hand: this runs 20,000 times a second under load
    and `json.dumps` of a dict costs several times more (the ids are plain ASCII)."""
    return (
        f'{{"type":"chunk","replyId":"{reply_id}","seq":{record.seq},'
        f'"text":{encode_basestring(record.text)},"emittedAt":{record.emitted_at!r}}}'
    )


class _WsSink:
    """Frames one reply onto one connection; counts chunks for `drop_after`."""

    def __init__(self, conn: _Connection, reply: Reply, *, resumed: bool, from_seq: int = 0):
        self._conn = conn
        self._resumed = resumed
        self._from_seq = from_seq
        self._scenario = reply.scenario
        self.written = 0

    def on_chunk(self, reply: Reply, record: ChunkRecord) -> None:
        if record.seq < self._from_seq:  # resumed ahead of the generation: skip what they have
            return
        conn = self._conn
        if record.seq == self._scenario.malformed_at and not self._resumed:
            conn.send_malformed(reply, record)
        if conn.framing == "raw":
            conn.send_text(record.text)
        else:
            conn.send_text(envelope_chunk(reply.reply_id, record))
        self.written += 1
        drop_after = self._scenario.drop_after
        # Only the first connection of a reply drops; a resumed one must be able to finish.
        if drop_after is not None and not self._resumed and self.written >= drop_after:
            reply.detach(self)
            conn.drop()

    def on_end(self, reply: Reply) -> None:
        conn = self._conn
        if reply.error is not None:
            code, message = reply.error
            conn.send_error(code, message, reply.reply_id)
        elif conn.framing == "raw":
            conn.send_text(END_MARKER)
        else:
            seq = reply.emitted_count
            conn.send_text(
                dumps(
                    {
                        "type": "done",
                        "replyId": reply.reply_id,
                        "seq": seq,
                        "emittedAt": reply.finished_at,
                    }
                )
            )
        conn.sinks.pop(self, None)


class _Connection:
    """One accepted socket: reads client messages, starts or resumes replies, writes frames."""

    def __init__(
        self, websocket: WebSocket, state: StubState, framing: Framing, scenario: Scenario
    ):
        self.websocket = websocket
        self.state = state
        self.framing = framing
        self.base_scenario = scenario
        self.sender = EagerSender(websocket.send, on_error=lambda exc: self.drop())
        self.sinks: dict[_WsSink, Reply] = {}
        self.dropped = asyncio.get_running_loop().create_future()

    def send_text(self, text: str) -> None:
        self.sender.send({"type": "websocket.send", "text": text})

    def send_error(self, code: str, message: str, reply_id: str | None = None) -> None:
        frame: dict[str, Any] = {"type": "error", "code": code, "message": message}
        if reply_id is not None:
            frame["replyId"] = reply_id
        self.send_text(dumps(frame))

    def send_malformed(self, reply: Reply, record: ChunkRecord) -> None:
        if self.framing == "raw":
            # Raw text frames can say anything, so "malformed" is a frame that is not text.
            self.sender.send(
                {"type": "websocket.send", "bytes": b"\xff\xfe" + record.text.encode()}
            )
        else:
            self.send_text(
                f'{{"type":"chunk","replyId":"{reply.reply_id}","seq":{record.seq},"text":'
            )

    def drop(self) -> None:
        if not self.dropped.done():
            self.dropped.set_result(None)

    async def run(self) -> None:
        try:
            while True:
                receive = asyncio.ensure_future(self.websocket.receive())
                await asyncio.wait({receive, self.dropped}, return_when=asyncio.FIRST_COMPLETED)
                if self.dropped.done():
                    logger.debug("! %s: dropping the connection (scenario)", self.websocket.client)
                    receive.cancel()
                    with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect):
                        await receive
                    await self.sender.flush()
                    raise DeliberateDrop("scenario drop_after")
                message = receive.result()
                if message["type"] == "websocket.disconnect":
                    return
                self.handle(message.get("text"), message.get("bytes"))
        finally:
            for sink, reply in list(self.sinks.items()):
                reply.detach(sink)
            self.sinks.clear()
            self.sender.cancel()

    def handle(self, text: str | None, data: bytes | None) -> None:
        """One client frame: a chat message or a resume request; errors answer an error frame."""
        try:
            if text is None:
                raise StubError(400, "malformed_json", "send JSON text frames, not binary")
            if len(text) > self.state.limits.max_body_bytes:
                raise StubError(413, "body_too_large", "frame over the size limit")
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
        reply = self.state.start_reply(chat.message, chat.user_id, scenario)
        logger.debug(
            "< message from %s: reply %s, %s", chat.user_id, reply.reply_id, scenario.spec()
        )
        if self.framing == "envelope":
            self.send_text(dumps({"type": "start", "replyId": reply.reply_id}))
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
        user_id = fields.get("userId")
        if user_id is not None and user_id != reply.user_id:
            raise StubError(403, "foreign_reply", "this reply belongs to another user")
        if from_seq > len(reply.plan.pieces):
            raise StubError(400, "bad_param", f"fromSeq {from_seq} is past the end of the reply")
        logger.debug("< resume %s from seq %d", reply_id, from_seq)
        self._attach(reply, from_seq, resumed=True)

    def _attach(self, reply: Reply, from_seq: int, *, resumed: bool) -> None:
        sink = _WsSink(self, reply, resumed=resumed, from_seq=from_seq)
        self.sinks[sink] = reply
        if reply.scenario.drop_after == 0 and not resumed:
            self.drop()
            return
        reply.attach(sink, from_seq)


@router.websocket("/ws/chat")
async def ws_chat(websocket: WebSocket) -> None:
    """Chat over a WebSocket; `?framing=raw|envelope`, `?scenario=` as on HTTP."""
    state = stub_state(websocket)
    params = websocket.query_params
    try:
        check_auth(websocket, state.config.token)
        framing = params.get("framing", state.config.framing)
        if framing not in ("raw", "envelope"):
            raise StubError(400, "bad_param", "'framing' must be raw or envelope")
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
    await _Connection(websocket, state, cast(Framing, framing), scenario).run()
