"""A push parser for Server-Sent Events fed pieces split anywhere (WHATWG event-stream rules)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SseEvent:
    """One dispatched event: `event` defaults to "message", `data` lines joined with newlines."""

    event: str
    data: str
    id: str | None = None


class SseParser:
    """Turns an event stream into events, whatever the piece boundaries.

    Feed decoded text with `feed` (a line or a CRLF may be split between two calls), take the
    events each call completes; `close` dispatches nothing (an unterminated event is dropped,
    as the spec says) but reports whether such a tail was pending.
    """

    def __init__(self) -> None:
        self._buffer = ""
        self._pending_cr = False
        self._event = ""
        self._data: list[str] = []
        self._has_data = False
        self._id: str | None = None
        self.last_event_id: str | None = None

    def feed(self, text: str) -> list[SseEvent]:
        """Add a piece of the stream; return the events it completed, in order."""
        if self._pending_cr and text.startswith("\n"):
            text = text[1:]  # the LF of a CRLF whose CR ended the previous piece
        self._pending_cr = False
        self._buffer += text
        events: list[SseEvent] = []
        while True:
            cut = _line_end(self._buffer)
            if cut is None:
                break
            line, sep_len = self._buffer[:cut], 1
            if self._buffer[cut] == "\r":
                if cut + 1 == len(self._buffer):
                    self._pending_cr = True  # maybe half of a CRLF: the LF may come next
                elif self._buffer[cut + 1] == "\n":
                    sep_len = 2
            self._buffer = self._buffer[cut + sep_len :]
            event = self._line(line)
            if event is not None:
                events.append(event)
        return events

    def close(self) -> bool:
        """End of stream; True when an event had started but was never terminated."""
        dangling = bool(self._buffer) or self._has_data or bool(self._event)
        self._buffer, self._data, self._has_data, self._event = "", [], False, ""
        return dangling

    def _line(self, line: str) -> SseEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None  # comment / keep-alive
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
            self._has_data = True
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        return None  # "retry" and unknown fields are ignored

    def _dispatch(self) -> SseEvent | None:
        if self._id is not None:
            self.last_event_id = self._id
        if not self._has_data:
            self._event = ""
            return None
        event = SseEvent(self._event or "message", "\n".join(self._data), self._id)
        self._event, self._data, self._has_data, self._id = "", [], False, None
        return event


def _line_end(buffer: str) -> int | None:
    """Index of the first CR or LF, or None."""
    cr, lf = buffer.find("\r"), buffer.find("\n")
    found = [i for i in (cr, lf) if i >= 0]
    return min(found) if found else None
