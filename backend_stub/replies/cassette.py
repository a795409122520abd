"""Cassettes: recorded replies (prompt, chunk boundaries, arrival times) as versioned JSONL.

One JSON object per line, so a file is append-safe (a reply is written at once, after it ended)
and diffable (one line per chunk). Format version 1, line by line:

    {"type":"cassette","format":"wx-stream-sim/cassette","version":1,"createdAt":"…"}
    {"type":"reply","id":3,"prompt":"你好","source":"upstream","model":"qwen2.5",
     "recordedAt":"2026-12-01T11:20:00Z","stubVersion":"0.1.0"}
    {"type":"chunk","id":3,"seq":0,"t":0.412305,"text":"你好"}
    …
    {"type":"end","id":3,"chunks":57,"text":"你好！…","error":null}

`t` is seconds from the request to the chunk's arrival (microsecond resolution). `text` on the
end line is the full reply; `error` is `{"code","message"}` when the recorded stream failed.
A reply counts only once its `end` line is read, so a file cut mid-write (a crash) loses only
that reply. Unknown keys are ignored; a newer `version` is refused. No token, header or
credential is ever written.
"""

from __future__ import annotations

import datetime
import json
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

FORMAT = "wx-stream-sim/cassette"
VERSION = 1


class CassetteError(ValueError):
    """A file that is not a cassette this version can read; the message says where and why."""


@dataclass(frozen=True)
class RecordedReply:
    """One recorded reply: chunk `i` is `pieces[i]`, arriving `offsets[i]` s after the request."""

    prompt: str
    pieces: tuple[str, ...]
    offsets: tuple[float, ...]
    source: str = "fake"
    """Who produced it: `fake` (the stub's fake LLM), `upstream` (a real LLM), `client`
    (recorded by the simulator from a user's backend)."""
    model: str | None = None
    recorded_at: str | None = None
    error: tuple[str, str] | None = None
    """(code, message) when the recorded stream failed after its chunks."""
    meta: dict[str, Any] = field(default_factory=dict)
    """Other header keys (e.g. `backend`, `transport`, `scenario`), kept as read."""

    @property
    def text(self) -> str:
        return "".join(self.pieces)


def public_url(url: str) -> str:
    """`url` without user info, query or fragment (where tokens hide): fit for a cassette."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def now_iso() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def stub_version() -> str:
    try:
        return metadata.version("wx-stream-sim")
    except metadata.PackageNotFoundError:
        return "unknown"


def from_arrivals(
    prompt: str,
    arrivals: Iterable[tuple[float, str]],
    *,
    sent_at: float,
    source: str = "client",
    **meta: Any,
) -> RecordedReply:
    """A reply from `(arrival_time, text)` pieces taken on one clock, `sent_at` on the same."""
    pieces = [(at, text) for at, text in arrivals if text]
    return RecordedReply(
        prompt=prompt,
        pieces=tuple(text for _, text in pieces),
        offsets=tuple(max(0.0, at - sent_at) for at, _ in pieces),
        source=source,
        model=meta.pop("model", None),
        recorded_at=now_iso(),
        error=meta.pop("error", None),
        meta=meta,
    )


def entry_lines(reply: RecordedReply, reply_id: int) -> list[str]:
    """The lines (without newlines) that store `reply` under `reply_id`."""
    head: dict[str, Any] = {
        "type": "reply",
        "id": reply_id,
        "prompt": reply.prompt,
        "source": reply.source,
        "model": reply.model,
        "recordedAt": reply.recorded_at or now_iso(),
        "stubVersion": stub_version(),
    }
    head.update({k: v for k, v in reply.meta.items() if k not in head})
    lines = [_dumps(head)]
    for seq, (offset, text) in enumerate(zip(reply.offsets, reply.pieces, strict=True)):
        lines.append(
            _dumps(
                {"type": "chunk", "id": reply_id, "seq": seq, "t": round(offset, 6), "text": text}
            )
        )
    error = None if reply.error is None else {"code": reply.error[0], "message": reply.error[1]}
    lines.append(
        _dumps(
            {
                "type": "end",
                "id": reply_id,
                "chunks": len(reply.pieces),
                "text": reply.text,
                "error": error,
            }
        )
    )
    return lines


class CassetteWriter:
    """Appends replies to a cassette file; thread-safe, each reply one write and flush."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self._lock = threading.Lock()
        existing = read_cassette(self.path) if self.path.exists() else []
        self._next_id = len(existing)
        if not self.path.exists() or self.path.stat().st_size == 0:
            header = {"type": "cassette", "format": FORMAT, "version": VERSION}
            header["createdAt"] = now_iso()
            self._append([_dumps(header)])

    def write(self, reply: RecordedReply) -> None:
        with self._lock:
            reply_id = self._next_id
            self._next_id += 1
            self._append(entry_lines(reply, reply_id))

    def _append(self, lines: Sequence[str]) -> None:
        data = "".join(line + "\n" for line in lines)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(data)
            out.flush()


def read_cassette(path: str | os.PathLike[str]) -> list[RecordedReply]:
    """Every complete reply in file order.

    Raises:
        CassetteError: no header, another format, a newer version, or a broken line that is
            not the last one (a last line cut by a crash is skipped).
    """
    raw_lines = Path(path).read_text(encoding="utf-8").splitlines()
    replies: list[RecordedReply] = []
    open_replies: dict[Any, tuple[dict[str, Any], list[tuple[float, str]]]] = {}
    for number, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
        except json.JSONDecodeError:
            if number == len(raw_lines) and number > 1:
                break  # cut by a crash mid-write
            raise CassetteError(f"{path}:{number}: not JSON") from None
        if not isinstance(line, dict):
            raise CassetteError(f"{path}:{number}: not a JSON object")
        kind = line.get("type")
        if number == 1 or kind == "cassette":
            _check_header(line, f"{path}:{number}")
        elif kind == "reply":
            open_replies[line.get("id")] = (line, [])
        elif kind == "chunk":
            entry = open_replies.get(line.get("id"))
            if entry is None:
                raise CassetteError(f"{path}:{number}: chunk of an unknown reply")
            try:
                entry[1].append((float(line["t"]), str(line["text"])))
            except (KeyError, TypeError, ValueError):
                raise CassetteError(f"{path}:{number}: a chunk needs a number t and text") from None
        elif kind == "end":
            entry = open_replies.pop(line.get("id"), None)
            if entry is None:
                raise CassetteError(f"{path}:{number}: end of an unknown reply")
            replies.append(_reply(entry[0], entry[1], line))
    return replies


def _check_header(line: dict[str, Any], where: str) -> None:
    if line.get("type") != "cassette" or line.get("format") != FORMAT:
        raise CassetteError(f"{where}: not a {FORMAT} file (no header line)")
    version = line.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise CassetteError(f"{where}: cassette version {version!r}, this build reads {VERSION}")


_HEAD_KEYS = {"type", "id", "prompt", "source", "model", "recordedAt"}


def _reply(
    head: dict[str, Any], chunks: list[tuple[float, str]], end: dict[str, Any]
) -> RecordedReply:
    error = end.get("error")
    return RecordedReply(
        prompt=str(head.get("prompt", "")),
        pieces=tuple(text for _, text in chunks),
        offsets=tuple(at for at, _ in chunks),
        source=str(head.get("source", "fake")),
        model=head.get("model"),
        recorded_at=head.get("recordedAt"),
        error=(str(error["code"]), str(error["message"])) if isinstance(error, dict) else None,
        meta={k: v for k, v in head.items() if k not in _HEAD_KEYS},
    )


def _dumps(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
