"""How a reply's chunks look on the wire for each HTTP streaming endpoint."""

from __future__ import annotations

import json
import time
from typing import Any, Protocol

from backend_stub.replies import ChunkRecord, Reply


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Framer(Protocol):
    media_type: str

    def chunk(self, reply: Reply, record: ChunkRecord) -> bytes: ...

    def malformed(self, reply: Reply, record: ChunkRecord) -> bytes:
        """A frame the client cannot parse, inserted before `record` (scenario malformed_at)."""

    def done(self, reply: Reply) -> bytes: ...

    def error(self, reply: Reply, code: str, message: str) -> bytes | None:
        """The in-band error of a failed reply; None means the format has none: cut instead."""


class PlainFramer:
    """`text/plain` as the seed's miniapp-stream: the bare text of each chunk, nothing else."""

    media_type = "text/plain; charset=utf-8"

    def chunk(self, reply: Reply, record: ChunkRecord) -> bytes:
        return record.text.encode()

    def malformed(self, reply: Reply, record: ChunkRecord) -> bytes:
        return b"\xff\xfe"  # never valid UTF-8

    def done(self, reply: Reply) -> bytes:
        return b""

    def error(self, reply: Reply, code: str, message: str) -> bytes | None:
        return None


class SseFramer:
    """`text/event-stream`: `id: <seq>` + JSON `data:` per chunk, `event: done` at the end."""

    media_type = "text/event-stream; charset=utf-8"

    def chunk(self, reply: Reply, record: ChunkRecord) -> bytes:
        data = dumps(
            {
                "seq": record.seq,
                "text": record.text,
                "emittedAt": record.emitted_at,
                "replyId": reply.reply_id,
            }
        )
        return f"id: {record.seq}\ndata: {data}\n\n".encode()

    def malformed(self, reply: Reply, record: ChunkRecord) -> bytes:
        return f'id: {record.seq}\ndata: {{"seq": {record.seq}, "text": \n\n'.encode()

    def done(self, reply: Reply) -> bytes:
        return b"event: done\ndata: [DONE]\n\n"

    def error(self, reply: Reply, code: str, message: str) -> bytes | None:
        data = dumps({"code": code, "message": message, "replyId": reply.reply_id})
        return f"event: error\ndata: {data}\n\n".encode()


class OpenAIFramer:
    """OpenAI's `chat.completion.chunk` SSE stream, ending with `data: [DONE]`."""

    media_type = "text/event-stream; charset=utf-8"

    def __init__(self, model: str):
        self.model = model
        self.created = int(time.time())

    def _event(self, reply: Reply, delta: dict[str, str], finish: str | None) -> bytes:
        body = {
            "id": "chatcmpl-" + reply.reply_id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {dumps(body)}\n\n".encode()

    def chunk(self, reply: Reply, record: ChunkRecord) -> bytes:
        delta = {"content": record.text}
        if record.seq == 0:
            delta = {"role": "assistant", "content": record.text}
        return self._event(reply, delta, None)

    def malformed(self, reply: Reply, record: ChunkRecord) -> bytes:
        return f'data: {{"id": "chatcmpl-{reply.reply_id}", "choices": [\n\n'.encode()

    def done(self, reply: Reply) -> bytes:
        return self._event(reply, {}, "stop") + b"data: [DONE]\n\n"

    def error(self, reply: Reply, code: str, message: str) -> bytes | None:
        body = {"error": {"message": message, "type": "server_error", "param": None, "code": code}}
        return f"data: {dumps(body)}\n\n".encode()
