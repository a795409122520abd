# Over 400 lines: one incremental parser per wire format.
"""Reply framings: bytes in (split anywhere), reply text out — plain text, SSE, NDJSON, OpenAI."""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from typing import Any, Final, Literal, Protocol

from simulator.transports import shapes
from simulator.transports.failures import Failure, FailureKind
from simulator.transports.sse import LineTooLong, SseParser

TEXT_FRAMING: Final = "text"
SSE_FRAMING: Final = "sse"
NDJSON_FRAMING: Final = "ndjson"
OPENAI_FRAMING: Final = "openai"
FRAMINGS = (TEXT_FRAMING, SSE_FRAMING, NDJSON_FRAMING, OPENAI_FRAMING)
"""Stream framings a chunked/download body can use (see `make_parser`): the one table of their
names (tests/test_registries.py finds them spelled anywhere else)."""
WS_RAW: Final = "raw"
WS_ENVELOPE: Final = "envelope"
WS_JSON: Final = "json"
WS_FRAMINGS = (WS_RAW, WS_ENVELOPE, WS_JSON)
"""Socket framings (`BackendProfile.ws_framing`, typed `backend.WsFraming`; a test keeps the
two equal)."""
REPLACEMENT = "\ufffd"
MAX_LINE_CHARS = 1 << 20
"""Longest SSE / NDJSON line kept (1 Mi characters): past it the stream fails, memory stays
bounded and the text so far is kept."""


@dataclass(frozen=True, slots=True)
class Piece:
    """What one parsed unit of a stream means for the reply."""

    text: str = ""
    seq: int | None = None
    emitted_at: float | None = None
    reply_id: str | None = None
    done: bool = False
    error: str | None = None
    malformed: str | None = None
    """A frame that could not be understood (kept out of the text; the transport decides)."""
    altered: str | None = None
    """The text shown is not what the bytes said (invalid UTF-8 shown as U+FFFD): why."""
    limit: str | None = None
    """The stream broke a bound of the page's parser (an endless line): which, and its size.
    The backend's doing, but not an error the backend reported (that is `error`)."""
    invalid: str | None = None
    """Bytes of a framed stream that are not UTF-8: the stream fails here (no text is made up)."""


class StreamParser(Protocol):
    """Feed raw bytes as the network delivers them; drain the pieces they complete."""

    def feed(self, data: bytes) -> list[Piece]: ...

    def close(self) -> list[Piece]: ...


class Utf8Decoder:
    """Incremental UTF-8 as a page's `TextDecoder` (not fatal) reads it: a character split
    between pieces is held back until it is whole; each invalid sequence becomes one U+FFFD
    (Python's "replace" rule) and is counted in `replaced`, so a U+FFFD the server really sent
    is never mistaken for one we made."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.replaced = 0

    def decode(self, data: bytes, final: bool = False) -> str:
        out: list[str] = []
        while True:
            held = self._decoder.getstate()[0]  # a strict decoder keeps its buffer on error
            try:
                out.append(self._decoder.decode(data, final))
                return "".join(out)
            except UnicodeDecodeError as exc:
                raw = held + data
                out.append(raw[: exc.start].decode("utf-8") + REPLACEMENT)
                self.replaced += 1
                self._decoder.reset()
                data = raw[exc.end :]

    def flush(self) -> str:
        """End of stream: an incomplete trailing character becomes U+FFFD (visible, not dropped)."""
        return self.decode(b"", final=True)


class CheckedUtf8:
    """Incremental strict UTF-8 for framed streams: on the first invalid sequence it yields
    the valid text before it and sets `invalid`; nothing after it is decoded (text a run
    calls exact is never silently altered by U+FFFD or dropped bytes)."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.invalid: str | None = None

    def decode(self, data: bytes, final: bool = False) -> str:
        if self.invalid is not None:
            return ""
        held = self._decoder.getstate()[0]  # a strict decoder keeps its buffer on error
        try:
            return self._decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            raw = held + data
            self.invalid = (
                f"invalid UTF-8 at byte {exc.start} of a piece: the text would be altered"
            )
            return raw[: exc.start].decode("utf-8", "ignore")

    def error_piece(self) -> list[Piece]:
        """The failure to report once the stream had invalid bytes (empty otherwise)."""
        return [Piece(invalid=self.invalid)] if self.invalid is not None else []


class TextParser:
    """A plain text body (the seed's miniapp-stream): every decoded character is reply text.

    The page decodes the ArrayBuffer itself, as a `TextDecoder` does: bytes that are not
    UTF-8 (not a character split between reads, which waits for its next byte) show as
    U+FFFD, and an `altered` piece says so: the text is then not what the server sent.
    """

    def __init__(self) -> None:
        self._utf8 = Utf8Decoder()

    def feed(self, data: bytes) -> list[Piece]:
        return self._pieces(self._utf8.decode(data))

    def close(self) -> list[Piece]:
        return self._pieces(self._utf8.flush())

    def _pieces(self, text: str) -> list[Piece]:
        pieces = [Piece(text=text)] if text else []
        if self._utf8.replaced:
            count, self._utf8.replaced = self._utf8.replaced, 0
            pieces.append(Piece(altered=f"{count} invalid UTF-8 sequence(s) shown as U+FFFD"))
        return pieces


class _EventStreamParser:
    """Shared SSE plumbing; subclasses turn one event into a piece."""

    def __init__(self) -> None:
        self._utf8 = CheckedUtf8()
        self._sse = SseParser(MAX_LINE_CHARS)
        self.dangling = False
        self._failed = False

    def feed(self, data: bytes) -> list[Piece]:
        return self._parse(data, final=False)

    def close(self) -> list[Piece]:
        pieces = self._parse(b"", final=True)
        self.dangling = self._sse.close()
        return pieces

    def _parse(self, data: bytes, final: bool) -> list[Piece]:
        """Decode then split into events; a bad byte or an endless line fails the stream
        once (an `error` piece after the events completed before it)."""
        if self._failed:
            return []
        text = self._utf8.decode(data, final)
        try:
            events = self._sse.feed(text)
            tail: list[Piece] = []
        except LineTooLong as exc:
            events, tail = exc.events, [Piece(limit=f"SSE {exc} (the page's line limit)")]
        tail = tail or self._utf8.error_piece()
        self._failed = bool(tail)
        return [self._piece(e.event, e.data, e.id) for e in events] + tail

    def _piece(self, event: str, data: str, event_id: str | None) -> Piece:
        raise NotImplementedError


class SseParserStub(_EventStreamParser):
    """SSE of any common shape: the stub's `data: {"seq","text","emittedAt","replyId"}`, a bare
    `data: <text>`, or `data: {JSON}` of a `shapes.JSON_SHAPES` envelope; it ends at
    `event: done`, `data: [DONE]` or a done envelope, and `event: error` is the backend's error.
    """

    def _piece(self, event: str, data: str, event_id: str | None) -> Piece:
        if event == "done" or data.strip() == RAW_DONE:
            return Piece(done=True, reply_id=_try_reply_id(data))
        if event == "error":
            return Piece(error=_error_text(data))
        if not data.lstrip().startswith("{"):
            return Piece(text=data, seq=_int_or_none(event_id))
        obj = shapes.load_json(data)
        if not isinstance(obj, dict):
            return Piece(malformed=data[:80])
        if (said := shapes.is_error(obj)) is not None:
            return Piece(error=said or "error event without a reason")
        text = shapes.text_of(obj)
        if text is None:
            if shapes.is_done(obj):
                return Piece(done=True, reply_id=_try_reply_id(data))
            return Piece(malformed=data[:80])
        return Piece(
            text=text,
            seq=_int_or_none(obj.get("seq", event_id)),
            emitted_at=_float_or_none(obj.get("emittedAt")),
            reply_id=obj.get("replyId") if isinstance(obj.get("replyId"), str) else None,
            done=shapes.is_done(obj),
        )


class OpenAiParser(_EventStreamParser):
    """OpenAI-compatible streaming: `data: {chat.completion.chunk}` deltas, then `data: [DONE]`."""

    def _piece(self, event: str, data: str, event_id: str | None) -> Piece:
        if data.strip() == "[DONE]":
            return Piece(done=True)
        try:
            obj = json.loads(data)
        except ValueError:
            return Piece(malformed=data[:80])
        if not isinstance(obj, dict):
            return Piece(malformed=data[:80])
        if "error" in obj:
            return Piece(error=_error_text(json.dumps(obj["error"])))
        return Piece(text=_openai_delta(obj), reply_id=obj.get("id") if "id" in obj else None)


_NDJSON_LIMIT = f"NDJSON line longer than {MAX_LINE_CHARS} characters (the page's line limit)"


class NdjsonParser:
    """One JSON object per line (Ollama-like): `text`, `content`, `response`, `message.content`."""

    def __init__(self) -> None:
        self._utf8 = CheckedUtf8()
        self._tail: list[str] = []  # the open line in parts: each byte is scanned once
        self._tail_len = 0
        self._failed = False

    def feed(self, data: bytes) -> list[Piece]:
        return self._parse(data, final=False)

    def close(self) -> list[Piece]:
        pieces = self._parse(b"", final=True)
        line, self._tail, self._tail_len = "".join(self._tail), [], 0
        piece = None if self._failed else self._line(line)
        return pieces + ([piece] if piece is not None else [])

    def _parse(self, data: bytes, final: bool) -> list[Piece]:
        if self._failed:
            return []
        text = self._utf8.decode(data, final)
        pieces: list[Piece] = []
        pos = 0
        while (cut := text.find("\n", pos)) >= 0:
            line = text[pos:cut]
            if self._tail:
                line, self._tail, self._tail_len = "".join(self._tail) + line, [], 0
            pos = cut + 1
            if len(line) > MAX_LINE_CHARS:
                return self._fail(pieces, Piece(limit=_NDJSON_LIMIT))
            piece = self._line(line)
            if piece is not None:
                pieces.append(piece)
        if pos < len(text):
            self._tail.append(text[pos:])
            self._tail_len += len(text) - pos
            if self._tail_len > MAX_LINE_CHARS:
                self._tail, self._tail_len = [], 0
                return self._fail(pieces, Piece(limit=_NDJSON_LIMIT))
        bad = self._utf8.error_piece()
        if bad:
            self._tail, self._tail_len = [], 0
            return self._fail(pieces, bad[0])
        return pieces

    def _fail(self, pieces: list[Piece], why: Piece) -> list[Piece]:
        self._failed = True
        return [*pieces, why]

    def _line(self, line: str) -> Piece | None:
        if not line.strip():
            return None
        try:
            obj = json.loads(line)
        except ValueError:
            return Piece(malformed=line[:80])
        if not isinstance(obj, dict):
            return Piece(malformed=line[:80])
        if obj.get("error"):
            return Piece(error=_error_text(json.dumps(obj["error"])))
        message = obj.get("message")
        text = next(
            (
                v
                for v in (obj.get("text"), obj.get("content"), obj.get("response"))
                if isinstance(v, str)
            ),
            message.get("content", "") if isinstance(message, dict) else "",
        )
        return Piece(
            text=text if isinstance(text, str) else "",
            seq=_int_or_none(obj.get("seq")),
            emitted_at=_float_or_none(obj.get("emittedAt")),
            done=bool(obj.get("done")),
        )


def stream_failure(piece: Piece) -> Failure | None:
    """The run's failure for a piece that ends the stream, blaming the right side: the
    backend's own error event, a bound of the page's parser, or bytes that are not UTF-8."""
    if piece.error is not None:
        detail = f"server error event: {piece.error}"
        return Failure(FailureKind.BACKEND_ERROR, detail, reason=piece.error)
    if piece.limit is not None:
        return Failure(FailureKind.TOO_LARGE, f"stream over a limit: {piece.limit}")
    if piece.invalid is not None:
        return Failure(FailureKind.MALFORMED, f"stream is not valid UTF-8: {piece.invalid}")
    return None


def make_parser(framing: str) -> StreamParser:
    """A fresh parser for one of `FRAMINGS`.

    Raises:
        ValueError: unknown framing.
    """
    parsers: dict[str, type[StreamParser]] = {
        "text": TextParser,
        "sse": SseParserStub,
        "openai": OpenAiParser,
        "ndjson": NdjsonParser,
    }
    try:
        return parsers[framing]()
    except KeyError:
        raise ValueError(f"unknown framing {framing!r}; expected one of {FRAMINGS}") from None


def parse_openai_message(body: Any) -> str | None:
    """Text of a non-streaming OpenAI chat completion, or None when the shape is not one."""
    try:
        content = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        return None
    return content if isinstance(content, str) else None


def error_message(body: Any) -> str:
    """A readable reason from an error body (ours: `{success: false, error: {code, message}}`)."""
    if isinstance(body, (bytes, bytearray)):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        text = body
        try:
            body = json.loads(text)
        except ValueError:
            return text.strip()[:200]
    if isinstance(body, dict):
        err = body.get("error", body)
        if isinstance(err, dict):
            code, msg = err.get("code"), err.get("message")
            if msg:
                return f"{code}: {msg}" if code else str(msg)
        elif isinstance(err, str):
            return str(err)
    return json.dumps(body, ensure_ascii=False)[:200]


def _openai_delta(obj: dict[str, Any]) -> str:
    try:
        content = obj["choices"][0]["delta"].get("content")
    except (KeyError, IndexError, TypeError, AttributeError):
        return ""
    return content if isinstance(content, str) else ""


def _error_text(data: str) -> str:
    return error_message(data) or "error event without a reason"


def _try_reply_id(data: str) -> str | None:
    try:
        obj = json.loads(data)
    except ValueError:
        return None
    rid = obj.get("replyId") if isinstance(obj, dict) else None
    return rid if isinstance(rid, str) else None


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _float_or_none(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


# -- WebSocket frames ------------------------------------------------------------------------
# A WebSocket message is already whole (no byte splits), so these parse one frame each.

RAW_DONE = "[DONE]"
"""The seed-style raw framing's end-of-reply frame."""

WsFrameKind = Literal["start", "chunk", "done", "error", "binary", "malformed", "unexpected"]


@dataclass(frozen=True, slots=True)
class WsFrame:
    """What one WebSocket frame means for the reply."""

    kind: WsFrameKind
    text: str = ""
    """chunk: its reply text; malformed/unexpected: the frame as received."""
    seq: int | None = None
    reply_id: str | None = None
    emitted_at: float | None = None
    code: str | None = None
    """error: the backend's error code."""
    reason: str = ""
    """error: the backend's own message."""


def parse_envelope_frame(text: str) -> WsFrame:
    """One frame of the stub's envelope framing: `{"type": start|chunk|done|error, ...}`."""
    try:
        frame = json.loads(text)
        kind = frame["type"]
    except (ValueError, KeyError, TypeError):
        return WsFrame("malformed", text)
    rid = frame.get("replyId")
    reply_id = rid if isinstance(rid, str) else None
    seq = frame.get("seq") if isinstance(frame.get("seq"), int) else None
    if kind == "error":
        code = frame.get("code")
        return WsFrame(
            "error",
            reply_id=reply_id,
            code=None if code is None else str(code),
            reason=str(frame.get("message")),
        )
    if kind in ("start", "done"):
        return WsFrame(kind, seq=seq, reply_id=reply_id)
    chunk_text = frame.get("text")
    if kind != "chunk" or seq is None or not isinstance(chunk_text, str):
        return WsFrame("unexpected", text, reply_id=reply_id)
    return WsFrame("chunk", chunk_text, seq, reply_id, _float_or_none(frame.get("emittedAt")))


def parse_raw_frame(data: str | bytes, binary_text: bool = False) -> WsFrame:
    """One frame of the seed's raw framing: text frames of reply text, then `[DONE]`.

    A binary frame is not part of the reply unless `binary_text` (a backend that sends its
    text as binary UTF-8 frames): then it is decoded strictly, and bytes that are not UTF-8
    make it malformed. The stub answers errors as JSON even in raw framing.
    """
    if not isinstance(data, str):
        if not binary_text:
            return WsFrame("binary")
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            return WsFrame("malformed", f"binary frame is not UTF-8 ({exc.reason} at {exc.start})")
    if data.startswith('{"type":"error"'):
        parsed = parse_envelope_frame(data)
        return parsed if parsed.kind == "error" else WsFrame("error", reason=data)
    if data.strip() == RAW_DONE:
        return WsFrame("done")
    return WsFrame("chunk", data)


def parse_json_frame(data: str | bytes, shape: str | None = None) -> WsFrame:
    """One frame of a JSON-envelope socket (`shapes.JSON_SHAPES`): its text, its end (a done
    type, `done: true`, a finish reason, or a bare `[DONE]`), an error, or a frame without
    text (a start or keep-alive: `start`). Not JSON at all: malformed (never reply text)."""
    if not isinstance(data, str):
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            return WsFrame("malformed", "binary frame is not UTF-8")
    if data.strip() == RAW_DONE:
        return WsFrame("done")
    obj = shapes.load_json(data)
    if not isinstance(obj, dict):
        return WsFrame("malformed", data)
    if (said := shapes.is_error(obj)) is not None:
        code = obj.get("code")
        return WsFrame("error", code=None if code is None else str(code), reason=said)
    row = shapes.json_shape(shape) if shape else None
    text = shapes.text_of(obj, row)
    if text:
        return WsFrame("chunk", text, emitted_at=_float_or_none(obj.get("emittedAt")))
    return WsFrame("done" if shapes.is_done(obj) else "start")


def parse_socket_frame(
    framing: str, data: str | bytes, *, json_shape: str | None = None, binary_text: bool = False
) -> WsFrame:
    """One socket frame as the profile's `ws_framing` reads it ("raw", "envelope", "json")."""
    if framing == WS_ENVELOPE:
        text = data if isinstance(data, str) else bytes(data).decode("utf-8", "replace")
        return parse_envelope_frame(text)
    if framing == WS_JSON:
        return parse_json_frame(data, json_shape)
    return parse_raw_frame(data, binary_text)
