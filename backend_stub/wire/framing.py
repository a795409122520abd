"""One framer per wire format: how a reply's chunks, end, error and faults look on the wire.

A frame is `bytes` (a piece of an HTTP body, or a binary WebSocket frame) or `str` (a text
WebSocket frame). Framers only shape frames; `sink.ScenarioSink` decides when to write them
and applies the scenario's faults, the same way for every route.
"""

from __future__ import annotations

import json
import time
from json.encoder import encode_basestring
from typing import Any, Protocol

from backend_stub.replies.inflight import ChunkRecord, Reply

Frame = bytes | str

WS_END_MARKER = "[DONE]"
"""Raw WebSocket framing: the frame that ends a reply (the seed leaves the end implicit)."""


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def ws_error_frame(code: str, message: str, reply_id: str | None = None) -> str:
    """The WebSocket error frame, in both framings (also for a bad client frame)."""
    frame: dict[str, Any] = {"type": "error", "code": code, "message": message}
    if reply_id is not None:
        frame["replyId"] = reply_id
    return dumps(frame)


class Framer(Protocol):
    media_type: str
    """Content type of an HTTP response in this format ('' for WebSocket framings)."""

    def start(self, reply: Reply) -> Frame | None:
        """The frame that opens a new reply, if the format has one."""

    def chunk(self, reply: Reply, record: ChunkRecord) -> Frame: ...

    def malformed(self, reply: Reply, record: ChunkRecord) -> Frame:
        """A frame the client cannot parse, inserted before `record` (scenario malformed_at)."""

    def done(self, reply: Reply) -> Frame | None:
        """The end of a complete reply; None when the format ends by closing the stream."""

    def error(self, reply: Reply, code: str, message: str) -> Frame | None:
        """The in-band error of a failed reply; None means the format has none: cut instead."""


class PlainFramer:
    """`text/plain` as the seed's miniapp-stream: the bare text of each chunk, nothing else."""

    media_type = "text/plain; charset=utf-8"

    def start(self, reply: Reply) -> Frame | None:
        return None

    def chunk(self, reply: Reply, record: ChunkRecord) -> Frame:
        return record.text.encode()

    def malformed(self, reply: Reply, record: ChunkRecord) -> Frame:
        return b"\xff\xfe"  # never valid UTF-8

    def done(self, reply: Reply) -> Frame | None:
        return None

    def error(self, reply: Reply, code: str, message: str) -> Frame | None:
        return None


class SseFramer:
    """`text/event-stream`: `id: <seq>` + JSON `data:` per chunk, `event: done` at the end."""

    media_type = "text/event-stream; charset=utf-8"

    def start(self, reply: Reply) -> Frame | None:
        return None

    def chunk(self, reply: Reply, record: ChunkRecord) -> Frame:
        data = dumps(
            {
                "seq": record.seq,
                "text": record.text,
                "emittedAt": record.emitted_at,
                "replyId": reply.reply_id,
            }
        )
        return f"id: {record.seq}\ndata: {data}\n\n".encode()

    def malformed(self, reply: Reply, record: ChunkRecord) -> Frame:
        return f'id: {record.seq}\ndata: {{"seq": {record.seq}, "text": \n\n'.encode()

    def done(self, reply: Reply) -> Frame | None:
        return b"event: done\ndata: [DONE]\n\n"

    def error(self, reply: Reply, code: str, message: str) -> Frame | None:
        data = dumps({"code": code, "message": message, "replyId": reply.reply_id})
        return f"event: error\ndata: {data}\n\n".encode()


class OpenAIFramer:
    """OpenAI's `chat.completion.chunk` SSE stream, ending with `data: [DONE]`."""

    media_type = "text/event-stream; charset=utf-8"

    def __init__(
        self, model: str, created: int | None = None, usage_prompt_tokens: int | None = None
    ):
        self.model = model
        self.created = int(time.time()) if created is None else created
        self.usage_prompt_tokens = usage_prompt_tokens
        """Set when the request asked `stream_options.include_usage`: a last chunk with empty
        `choices` and the `usage` goes before `[DONE]`, as OpenAI sends it."""

    def _event(self, reply: Reply, delta: dict[str, str], finish: str | None) -> bytes:
        body = {
            "id": "chatcmpl-" + reply.reply_id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {dumps(body)}\n\n".encode()

    def start(self, reply: Reply) -> Frame | None:
        return None

    def chunk(self, reply: Reply, record: ChunkRecord) -> Frame:
        delta = {"content": record.text}
        if record.seq == 0:
            delta = {"role": "assistant", "content": record.text}
        return self._event(reply, delta, None)

    def malformed(self, reply: Reply, record: ChunkRecord) -> Frame:
        return f'data: {{"id": "chatcmpl-{reply.reply_id}", "choices": [\n\n'.encode()

    def done(self, reply: Reply) -> Frame | None:
        return self._event(reply, {}, "stop") + self._usage(reply) + b"data: [DONE]\n\n"

    def _usage(self, reply: Reply) -> bytes:
        if self.usage_prompt_tokens is None:
            return b""
        tokens = reply.emitted_count * reply.scenario.chunk_tokens
        prompt = self.usage_prompt_tokens
        body = {
            "id": "chatcmpl-" + reply.reply_id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "choices": [],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": tokens,
                "total_tokens": prompt + tokens,
            },
        }
        return f"data: {dumps(body)}\n\n".encode()

    def error(self, reply: Reply, code: str, message: str) -> Frame | None:
        body = {"error": {"message": message, "type": "server_error", "param": None, "code": code}}
        return f"data: {dumps(body)}\n\n".encode()


class WsRawFramer:
    """The seed's WebSocket framing: each text frame is a piece of the reply, `[DONE]` ends it."""

    media_type = ""

    def start(self, reply: Reply) -> Frame | None:
        return None

    def chunk(self, reply: Reply, record: ChunkRecord) -> Frame:
        return record.text

    def malformed(self, reply: Reply, record: ChunkRecord) -> Frame:
        # Raw text frames can say anything, so "malformed" is a frame that is not text.
        return b"\xff\xfe" + record.text.encode()

    def done(self, reply: Reply) -> Frame | None:
        return WS_END_MARKER

    def error(self, reply: Reply, code: str, message: str) -> Frame | None:
        return ws_error_frame(code, message, reply.reply_id)


def envelope_chunk(reply_id: str, record: ChunkRecord) -> str:
    """The envelope chunk frame, formatted by hand: this runs 20,000 times a second under load
    and `json.dumps` of a dict costs several times more (the ids are plain ASCII)."""
    return (
        f'{{"type":"chunk","replyId":"{reply_id}","seq":{record.seq},'
        f'"text":{encode_basestring(record.text)},"emittedAt":{record.emitted_at!r}}}'
    )


class WsEnvelopeFramer:
    """JSON envelopes: `start`, `chunk` (with seq and emission stamp), `done`, `error`."""

    media_type = ""

    def start(self, reply: Reply) -> Frame | None:
        return dumps({"type": "start", "replyId": reply.reply_id})

    def chunk(self, reply: Reply, record: ChunkRecord) -> Frame:
        return envelope_chunk(reply.reply_id, record)

    def malformed(self, reply: Reply, record: ChunkRecord) -> Frame:
        return f'{{"type":"chunk","replyId":"{reply.reply_id}","seq":{record.seq},"text":'

    def done(self, reply: Reply) -> Frame | None:
        return dumps(
            {
                "type": "done",
                "replyId": reply.reply_id,
                "seq": reply.emitted_count,
                "emittedAt": reply.finished_at,
            }
        )

    def error(self, reply: Reply, code: str, message: str) -> Frame | None:
        return ws_error_frame(code, message, reply.reply_id)


WS_FRAMERS: dict[str, type[WsRawFramer] | type[WsEnvelopeFramer]] = {
    "raw": WsRawFramer,
    "envelope": WsEnvelopeFramer,
}
"""WebSocket framing name (`?framing=`) -> its framer."""
