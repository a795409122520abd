"""The network panel's rows: one per flow record (request, socket, download, file read) or run
note, and how each reads."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any, cast
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from simulator.session.registry import TRANSPORTS
from simulator.transports.events import (
    FallbackTaken,
)
from simulator.ui.kit.formatting import ms, size
from simulator.ui.kit.messages import translate_message
from simulator.wx.flows import Flow

MAX_ROWS = 1000
COLUMNS = cast(
    tuple[str, ...],
    (
        QT_TRANSLATE_NOOP("NetworkLog", "name"),
        QT_TRANSLATE_NOOP("NetworkLog", "method"),
        QT_TRANSLATE_NOOP("NetworkLog", "status"),
        QT_TRANSLATE_NOOP("NetworkLog", "type"),
        QT_TRANSLATE_NOOP("NetworkLog", "transport"),
        QT_TRANSLATE_NOOP("NetworkLog", "size"),
        QT_TRANSLATE_NOOP("NetworkLog", "time"),
        QT_TRANSLATE_NOOP("NetworkLog", "waterfall"),
    ),
)
TYPES = cast(
    tuple[str, ...],
    (
        QT_TRANSLATE_NOOP("NetworkLog", "request"),
        QT_TRANSLATE_NOOP("NetworkLog", "chunked"),
        QT_TRANSLATE_NOOP("NetworkLog", "download"),
        QT_TRANSLATE_NOOP("NetworkLog", "socket"),
        QT_TRANSLATE_NOOP("NetworkLog", "poll"),
        QT_TRANSLATE_NOOP("NetworkLog", "file"),
        QT_TRANSLATE_NOOP("NetworkLog", "note"),
        QT_TRANSLATE_NOOP("NetworkLog", "fallback"),
    ),
)
"""The type column's values (a row of the type filter each)."""
_CLOSED = QT_TRANSLATE_NOOP("NetworkLog", "closed {0}")
STATES = (
    QT_TRANSLATE_NOOP("NetworkLog", "started"),
    QT_TRANSLATE_NOOP("NetworkLog", "queued"),
    QT_TRANSLATE_NOOP("NetworkLog", "open"),
    QT_TRANSLATE_NOOP("NetworkLog", "done"),
    QT_TRANSLATE_NOOP("NetworkLog", "failed"),
    QT_TRANSLATE_NOOP("NetworkLog", "closed"),
)
"""A flow's states as shown while it has no status yet (marked for lupdate)."""
ENDINGS = (
    QT_TRANSLATE_NOOP("NetworkLog", "(failed)"),
    QT_TRANSLATE_NOOP("NetworkLog", "(ended by page)"),
)
"""The status column's words for a flow that failed, or that the page itself ended."""
POLL_TRANSPORTS = frozenset(s.name for s in TRANSPORTS if "poll" in s.needs)
"""Transports whose requests are polls of one reply (they need the backend's poll endpoint)."""
TYPE_ROLE = Qt.ItemDataRole.UserRole + 1
TEXT_ROLE = Qt.ItemDataRole.UserRole + 2
BAR_ROLE = Qt.ItemDataRole.UserRole + 3
AnyIndex = QModelIndex | QPersistentModelIndex

_uids = itertools.count(1)
"""Row ids: unique for the app session, whatever runtime or backend a flow came from."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("NetworkLog", text)


@dataclasses.dataclass
class LogRow:
    """One line of the log: a flow record of the session (request, socket, download, file
    read), or a run's note. A flow row holds the record itself, never a copy of it."""

    transport: str
    kind: str
    flow: Flow | None = None
    url: str = ""
    note: str = ""
    at: float = 0.0
    run_events: list[Any] = dataclasses.field(default_factory=list)
    """A note's own run event (a flow row's events are its record's)."""
    send_at: float | None = None
    """The `MessageSent` of the run that made it: the detail's times count from there."""
    uid: int = dataclasses.field(default_factory=lambda: next(_uids))
    run_ended: bool = False
    """Its run completed (or the user stopped it): an abort after that was the page's choice."""

    @classmethod
    def of_flow(cls, flow: Flow, send_at: float | None = None) -> LogRow:
        """The row of a flow record (`send_at`: the send of the run that made it)."""
        return cls(flow.lane, flow.kind, flow, flow.url, at=flow.started_at, send_at=send_at)

    @property
    def events(self) -> list[Any]:
        """The flow's runtime events as its record keeps them, or the note's event."""
        return self.flow.events if self.flow is not None else self.run_events

    @property
    def type(self) -> str:
        flow = self.flow
        if flow is None:
            return self.kind
        if flow.kind != "request":
            return flow.kind
        if self.transport in POLL_TRANSPORTS:
            return "poll"
        return "chunked" if flow.chunks else "request"


def _end(flow: Flow) -> float | None:
    return flow.ended_at or flow.last_byte_at or flow.headers_at


def aborted_by_page(row: LogRow) -> bool:
    """Public name for the detail tab."""
    return _aborted_by_page(row)


def _aborted_by_page(row: LogRow) -> bool:
    """The page aborted the task after its run had ended: not a network failure."""
    flow = row.flow
    return (
        row.run_ended
        and flow is not None
        and flow.state == "failed"
        and (flow.error or "").endswith("fail abort")
    )


def _failed(row: LogRow) -> bool:
    flow = row.flow
    return (
        flow is not None
        and flow.error is not None
        and flow.state == "failed"
        and not _aborted_by_page(row)
    )


def _bar(flow: Flow) -> tuple[float, float, float | None, float]:
    """(start, response start, first byte, end) of the waterfall bar."""
    end = _end(flow) or flow.started_at
    return flow.started_at, flow.headers_at or end, flow.first_byte_at, end


def name_of(url: str) -> str:
    """The path and query, decoded (the host is the same for every row; the tooltip has it)."""
    parts = urlsplit(url)
    if not parts.path.strip("/"):
        return unquote(url)
    return unquote(parts.path + (f"?{parts.query}" if parts.query else ""))


def note_text(row: LogRow) -> str:
    """A note or fallback row's text in the UI language (its variable parts as they came)."""
    event = row.events[0] if row.events else None
    if isinstance(event, FallbackTaken):
        reason = translate_message(event.reason)
        return f"{event.from_transport} → {event.to_transport}: {reason}"
    return translate_message(row.note)


def socket_status(row: LogRow) -> str:
    """DevTools' "101" once the handshake switched protocols; the close code apart from it.

    From the record: a socket's `headers_at` is its open, its `status` the close code."""
    flow = row.flow
    if flow is None:
        return ""
    if flow.headers_at is None:
        return _tr("(failed)") if _failed(row) else _tr(flow.state)
    if flow.status is None:
        return "101"
    return "101 · " + _tr("closed {0}").format(flow.status)


def cell(row: LogRow, column: str) -> str:
    """The text of one cell (the waterfall column is painted, not written)."""
    flow = row.flow
    if column == "transport":
        return row.transport
    if column == "type":
        return _tr(row.type)
    if column == "name":
        return note_text(row) or name_of(row.url)
    if flow is None:
        return ""
    if column == "method":
        return flow.method
    if column == "status":
        if flow.kind == "file":
            return ""  # a read has no status; its size says what it got
        if flow.kind == "socket":
            return socket_status(row)
        if _aborted_by_page(row):  # after [DONE]: the normal end of a chunked stream
            return str(flow.status) if flow.status is not None else _tr("(ended by page)")
        if flow.status is not None and not _failed(row):
            return str(flow.status)
        return _tr("(failed)") if _failed(row) else _tr(flow.state)
    if column == "time":
        end = _end(flow)
        return ms(end - flow.started_at) if end else "…"
    if column == "size":
        return size(flow.bytes_received)
    return ""
