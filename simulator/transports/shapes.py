"""Wire shapes as data: where a JSON envelope keeps the reply text, what ends a reply, and how
to tell text that still carries wire syntax (SSE field lines, JSON envelopes, `[DONE]`).

The probe classifies a backend's frames with these tables and the transports read the same
rows from the profile, so a shape is added once (a row), for both sides.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulator.transports.tables import row_of

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class JsonShape:
    """One common JSON envelope: the reply text lives at `path`."""

    name: str
    path: Path
    example: str
    """What one frame of it looks like (docs, findings)."""


JSON_SHAPES: tuple[JsonShape, ...] = (
    JsonShape("text", ("text",), '{"text": "…"}'),
    JsonShape("content", ("content",), '{"type": "delta", "content": "…"}'),
    JsonShape("delta", ("delta",), '{"type": "delta", "delta": "…"}'),
    JsonShape("delta.content", ("delta", "content"), '{"delta": {"content": "…"}}'),
    JsonShape(
        "choices", ("choices", 0, "delta", "content"), '{"choices": [{"delta": {"content": "…"}}]}'
    ),
    JsonShape("message.content", ("message", "content"), '{"message": {"content": "…"}}'),
    JsonShape("response", ("response",), '{"response": "…"}'),
)
"""In the order they are tried on a frame of unknown shape."""

JSON_SHAPE_BY_NAME = {shape.name: shape for shape in JSON_SHAPES}

DONE_TYPES = frozenset({"done", "end", "finish", "finished", "complete", "completed", "stop"})
"""`type`/`event` values that end a reply."""
ERROR_TYPES = frozenset({"error", "failed", "failure"})
DONE_MARKER = "[DONE]"


def json_shape(name: str) -> JsonShape:
    """The row called `name`.

    Raises:
        ValueError: unknown name.
    """
    return row_of(JSON_SHAPE_BY_NAME, name, "JSON envelope shape")


def at_path(obj: Any, path: Path) -> Any:
    for key in path:
        if isinstance(key, int):
            if not isinstance(obj, list) or len(obj) <= key:
                return None
            obj = obj[key]
        else:
            if not isinstance(obj, dict):
                return None
            obj = obj.get(key)
    return obj


def shape_of(obj: Any) -> JsonShape | None:
    """The first shape whose path holds a string in `obj` (None: no text anywhere known)."""
    return next((s for s in JSON_SHAPES if isinstance(at_path(obj, s.path), str)), None)


def text_of(obj: Any, shape: JsonShape | None = None) -> str | None:
    """The reply text `obj` carries: at `shape`'s path, else at the first path that has one."""
    found = shape or shape_of(obj)
    value = at_path(obj, found.path) if found is not None else None
    return value if isinstance(value, str) else None


def is_done(obj: Any) -> bool:
    """The envelope ends the reply: a done `type`/`event`, `done: true`, or OpenAI's
    `finish_reason` (a non-empty string on the last choice)."""
    if not isinstance(obj, dict):
        return False
    kind = obj.get("type", obj.get("event"))
    if isinstance(kind, str) and kind.lower() in DONE_TYPES:
        return True
    if obj.get("done") is True:
        return True
    reason = at_path(obj, ("choices", 0, "finish_reason"))
    return isinstance(reason, str) and bool(reason)


def is_error(obj: Any) -> str | None:
    """The backend's words when the envelope is an error, else None."""
    if not isinstance(obj, dict):
        return None
    kind = obj.get("type", obj.get("event"))
    if isinstance(kind, str) and kind.lower() in ERROR_TYPES:
        said = obj.get("message", obj.get("error", ""))
        return str(said if not isinstance(said, dict) else said.get("message", said))
    if isinstance(obj.get("error"), dict | str) and obj.get("error"):
        err = obj["error"]
        return str(err.get("message", err) if isinstance(err, dict) else err)
    return None


def load_json(text: str) -> Any:
    """`text` as JSON when it is an object, else None."""
    if not text.lstrip().startswith("{"):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def classify_frames(frames: Sequence[str]) -> JsonShape | None:
    """The JSON shape every text-carrying frame of a socket reply shares (None: not JSON)."""
    objs = [load_json(f) for f in frames]
    if not objs or any(o is None for o in objs):
        return None
    shapes = {s.name for o in objs if (s := shape_of(o)) is not None}
    return JSON_SHAPE_BY_NAME[shapes.pop()] if len(shapes) == 1 else None


# -- text that still carries wire syntax ---------------------------------------------------

_SSE_LINE = re.compile(r"^(?:(?:data|event|id|retry):|:[ ]?\S)", re.MULTILINE)
_ENVELOPE = re.compile(
    r'(?:^|\})\s*\{\s*"(?:type|choices|content|text|delta|object|done|event|seq|message)"\s*:',
    re.MULTILINE,
)


def wire_syntax(text: str) -> str | None:
    """A sample of the wire syntax left in `text` (a reply the framing was never parsed out
    of), or None when it reads as a reply.

    Looked for: two SSE field or comment lines, a JSON envelope at the start of a line or
    right after another one, or the `[DONE]` marker.
    """
    if DONE_MARKER in text:
        return _sample(text, text.index(DONE_MARKER))
    flat = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = list(_SSE_LINE.finditer(flat))
    if len(lines) >= 2:
        return _sample(flat, lines[0].start())
    envelope = _ENVELOPE.search(text)
    if envelope is not None:
        return _sample(text, envelope.start())
    return None


def _sample(text: str, at: int) -> str:
    return repr(text[max(0, at - 10) : at + 60])
