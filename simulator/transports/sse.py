"""A push parser for Server-Sent Events fed pieces split anywhere (WHATWG event-stream rules)."""

from __future__ import annotations

from dataclasses import dataclass


class LineTooLong(ValueError):
    """A line longer than the parser's bound (an endless line must not grow memory)."""

    def __init__(self, limit: int, events: list[SseEvent]) -> None:
        super().__init__(f"line longer than {limit} characters")
        self.limit = limit
        self.events = events
        """Events completed in the same feed before the long line."""


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

    def __init__(self, max_line: int = 1 << 20) -> None:
        self.max_line = max_line
        """Longest line kept (characters); a longer one raises `LineTooLong`."""
        self._tail: list[str] = []  # the unterminated line, in pieces (no re-copying)
        self._tail_len = 0
        self._pending_cr = False
        self._event = ""
        self._data: list[str] = []
        self._has_data = False
        self._id: str | None = None
        self.last_event_id: str | None = None

    def feed(self, text: str) -> list[SseEvent]:
        """Add a piece of the stream; return the events it completed, in order.

        Linear in the piece: each character is scanned once, an open line is kept as parts.

        Raises:
            LineTooLong: a line grew past `max_line`; `.events` holds those completed first.
        """
        if self._pending_cr and text.startswith("\n"):
            text = text[1:]  # the LF of a CRLF whose CR ended the previous piece
        self._pending_cr = False
        events: list[SseEvent] = []
        pos, size = 0, len(text)
        cr, lf = text.find("\r"), text.find("\n")
        while True:
            if 0 <= cr < pos:
                cr = text.find("\r", pos)
            if 0 <= lf < pos:
                lf = text.find("\n", pos)
            if cr < 0 and lf < 0:
                break
            cut = lf if cr < 0 else cr if lf < 0 else min(cr, lf)
            line = text[pos:cut]
            if self._tail:
                line = "".join(self._tail) + line
                self._tail, self._tail_len = [], 0
            if len(line) > self.max_line:
                raise LineTooLong(self.max_line, events)
            sep_len = 1
            if text[cut] == "\r":
                if cut + 1 == size:
                    self._pending_cr = True  # maybe half of a CRLF: the LF may come next
                elif text[cut + 1] == "\n":
                    sep_len = 2
            pos = cut + sep_len
            event = self._line(line)
            if event is not None:
                events.append(event)
        if pos < size:
            self._tail.append(text[pos:])
            self._tail_len += size - pos
            if self._tail_len > self.max_line:
                self._tail, self._tail_len = [], 0
                raise LineTooLong(self.max_line, events)
        return events

    def close(self) -> bool:
        """End of stream; True when an event had started but was never terminated."""
        dangling = bool(self._tail) or self._has_data or bool(self._event)
        self._tail, self._tail_len, self._data, self._has_data, self._event = [], 0, [], False, ""
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
