"""The network panel's table model (a view of the session's flow records plus run notes) and
its filter."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
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
from simulator.wx.flows import Flow, FlowChange

if TYPE_CHECKING:
    from simulator.session.flow_book import FlowSource


class NetworkLogModel(QAbstractTableModel):
    """A view of the session's flow records (one row per `Flow`, holding the record itself)
    plus run notes; it keeps no flow log of its own.

    Rows come from `source.flows()` at first and from its observers after, so a lane, a
    page's runtime or a settings change's new runtimes made later show up by themselves.
    `clear()` empties the view only: the session's record (its HAR) keeps the flows.
    """

    def __init__(self, source: FlowSource | None = None) -> None:
        super().__init__()
        self.rows: list[LogRow] = []
        self._by_flow: dict[int, LogRow] = {}
        """`id(flow)` to its row: a flow is its row's, alive while the row is."""
        self._send_at: dict[str, float] = {}
        self._index: dict[int, int] = {}
        self._span: tuple[float, float] | None = None
        self._unsubscribe: Callable[[], None] | None = None
        if source is not None:
            self.watch(source)

    # -- input ---------------------------------------------------------------------------------
    def watch(self, source: FlowSource) -> None:
        """Show `source`'s flow records from now on (the ones it has already, then changes)."""
        self.detach()
        for flow in source.flows():
            self.on_flow_changed("added", flow)
        self._unsubscribe = source.observe_flows(self.on_flow_changed)

    def detach(self) -> None:
        """Stop observing the source (the rows stay)."""
        unsubscribe, self._unsubscribe = self._unsubscribe, None
        if unsubscribe is not None:
            unsubscribe()

    def on_run_event_received(self, transport: str, event: RunEvent) -> None:
        """Transport notes and fallbacks get a line, so `auto`'s decisions are in the log."""
        if isinstance(event, MessageSent):
            self._send_at[transport] = event.at
        elif isinstance(event, TransportNote):
            note = LogRow(transport, "note", note=event.message, at=event.at, run_events=[event])
            self._add(note)
        elif isinstance(event, FallbackTaken):
            text = f"{event.from_transport} → {event.to_transport}: {event.reason}"
            self._add(LogRow(transport, "fallback", note=text, at=event.at, run_events=[event]))
        elif isinstance(event, ReplyCompleted | RunStopped):
            self._end_run(transport)

    def _end_run(self, transport: str) -> None:
        """Mark the flows of the transport's current run (the chunked one aborts after [DONE])."""
        send_at = self._send_at.get(transport)
        for i, row in enumerate(self.rows):
            if row.transport == transport and row.flow is not None and row.send_at == send_at:
                row.run_ended = True
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))

    def on_flow_changed(self, change: FlowChange, flow: Flow) -> None:
        """A flow record was added or changed in place (the session's observer)."""
        self._span = None
        if change == "added":
            row = LogRow.of_flow(flow, self._send_at.get(flow.lane))
            self._by_flow[id(flow)] = row
            self._add(row)
            return
        found = self._by_flow.get(id(flow))
        if found is None or found.flow is not flow:
            return  # cleared from the view, or past the view's bound
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
        """Empty the view; the session's record keeps the flows (`Session.flows()`, HAR)."""
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
