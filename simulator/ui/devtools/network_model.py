"""The network panel's table model (rows from the runtimes' flows plus run notes) and filter."""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import unquote

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from simulator.transports.events import (
    FallbackTaken,
    MessageSent,
    ReplyCompleted,
    RunEvent,
    RunStopped,
    TransportNote,
)
from simulator.ui.devtools.network_rows import (
    BAR_ROLE,
    COLUMNS,
    MAX_ROWS,
    TEXT_ROLE,
    TYPE_ROLE,
    AnyIndex,
    LogRow,
    _aborted_by_page,
    _bar,
    _end,
    _failed,
    _tr,
    cell,
    note_text,
)
from simulator.wx import events as wx_events
from simulator.wx.flows import Flow, FlowChange, FlowLog


class NetworkLogModel(QAbstractTableModel):
    """Rows from the runtimes' flows plus run notes.

    Each transport's runtime numbers its flows from 1, and a settings change or a backend
    restart makes new runtimes: a `TaskStarted` whose id is already known therefore starts a
    new generation (a fresh `FlowLog`) instead of overwriting the old row.
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[LogRow] = []
        self._by_flow: dict[tuple[str, int], LogRow] = {}
        self._logs: dict[str, FlowLog] = {}
        self._send_at: dict[str, float] = {}
        self._index: dict[int, int] = {}
        self._span: tuple[float, float] | None = None

    # -- input ---------------------------------------------------------------------------------
    def on_wx_event_received(self, transport: str, event: wx_events.WxEvent) -> None:
        log = self._logs.get(transport)
        if log is None or (
            isinstance(event, wx_events.TaskStarted) and log.get(event.flow_id) is not None
        ):
            log = self._logs[transport] = FlowLog(limit=MAX_ROWS)
            log.observe(functools.partial(self._on_flow, transport))
        log.handle(event)
        row = self._by_flow.get((transport, event.flow_id))
        if row is not None:
            row.events.append(event)
        elif isinstance(event, wx_events.FileRead):
            self._add(LogRow(transport, "file", url=event.path, at=event.at, events=[event]))

    def on_run_event_received(self, transport: str, event: RunEvent) -> None:
        """Transport notes and fallbacks get a line, so `auto`'s decisions are in the log."""
        if isinstance(event, MessageSent):
            self._send_at[transport] = event.at
        elif isinstance(event, TransportNote):
            self._add(LogRow(transport, "note", note=event.message, at=event.at, events=[event]))
        elif isinstance(event, FallbackTaken):
            text = f"{event.from_transport} → {event.to_transport}: {event.reason}"
            self._add(LogRow(transport, "fallback", note=text, at=event.at, events=[event]))
        elif isinstance(event, ReplyCompleted | RunStopped):
            self._end_run(transport)

    def _end_run(self, transport: str) -> None:
        """Mark the flows of the transport's current run (the chunked one aborts after [DONE])."""
        send_at = self._send_at.get(transport)
        for i, row in enumerate(self.rows):
            if row.transport == transport and row.flow is not None and row.send_at == send_at:
                row.run_ended = True
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))

    def _on_flow(self, transport: str, change: FlowChange, flow: Flow) -> None:
        self._span = None
        key = (transport, flow.id)
        if change == "added":
            row = LogRow(transport, flow.kind, flow=flow, url=flow.url, at=flow.started_at)
            row.send_at = self._send_at.get(transport)
            self._by_flow[key] = row
            self._add(row)
            return
        found = self._by_flow.get(key)
        if found is None or found.flow is not flow:
            return
        i = self._index.get(found.uid)
        if i is not None:
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))

    def _add(self, row: LogRow) -> None:
        if len(self.rows) >= MAX_ROWS:
            self.beginResetModel()
            del self.rows[: MAX_ROWS // 2]
            self._span = None
            self._reindex()
            self.endResetModel()
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(row)
        self._index[row.uid] = len(self.rows) - 1
        self.endInsertRows()

    def _reindex(self) -> None:
        self._index = {r.uid: i for i, r in enumerate(self.rows)}
        kept = set(self._index)
        self._by_flow = {k: r for k, r in self._by_flow.items() if r.uid in kept}

    def clear(self) -> None:
        self._span = None
        self.beginResetModel()
        self.rows.clear()
        self._by_flow.clear()
        self._index.clear()
        self.endResetModel()

    def time_span(self) -> tuple[float, float]:
        """The first start and last end over all flows: the waterfall's scale.

        Every painted bar asks; it is recomputed only after the rows changed.
        """
        if self._span is None:
            flows = [r.flow for r in self.rows if r.flow is not None]
            if not flows:
                return 0.0, 1.0
            t0 = min(f.started_at for f in flows)
            t1 = max((_end(f) or f.started_at) for f in flows)
            self._span = (t0, max(t1, t0 + 1e-3))
        return self._span

    # -- Qt model --------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == "name":
            return unquote(row.url) or note_text(row)
        if role == Qt.ItemDataRole.ToolTipRole and column == "status" and _aborted_by_page(row):
            return _tr("The page ended the task after its reply had completed: a normal end.")
        if role == Qt.ItemDataRole.ForegroundRole and _failed(row):
            return QColor("#d4380d")
        if role == Qt.ItemDataRole.UserRole:
            return row.transport
        if role == TYPE_ROLE:
            return row.type
        if role == TEXT_ROLE:
            return f"{row.url} {row.note}"
        if role == BAR_ROLE and row.flow is not None:
            return _bar(row.flow)
        return None


class FlowFilter(QSortFilterProxyModel):
    """Keeps the rows matching a transport, a type and a text (any of them may be empty)."""

    def __init__(self) -> None:
        super().__init__()
        self.transport: str | None = None
        self.type: str | None = None
        self.text = ""

    def set_filters(self, transport: str | None, type_: str | None, text: str) -> None:
        self.beginFilterChange()  # Qt 6.9+: invalidateFilter() is deprecated
        self.transport, self.type, self.text = transport, type_, text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self.transport and index.data(Qt.ItemDataRole.UserRole) != self.transport:
            return False
        if self.type and index.data(TYPE_ROLE) != self.type:
            return False
        return not self.text or self.text in str(index.data(TEXT_ROLE)).lower()
