"""A DevTools-like network panel: one row per wx flow, filters, a waterfall, HAR export."""

from __future__ import annotations

import dataclasses
import functools
import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from simulator.session.registry import TRANSPORTS
from simulator.transports.events import (
    FallbackTaken,
    MessageSent,
    ReplyCompleted,
    RunEvent,
    RunStopped,
    TransportNote,
)
from simulator.ui.devtools.network_detail import FlowDetail
from simulator.ui.kit.formatting import ms, size
from simulator.wx import events as wx_events
from simulator.wx.flows import Flow, FlowChange, FlowLog

if TYPE_CHECKING:
    from simulator.har import FlowEvents

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
    """One line of the log: a wx flow (request, socket, download), a file read or a note."""

    transport: str
    kind: str
    flow: Flow | None = None
    url: str = ""
    note: str = ""
    at: float = 0.0
    events: list[Any] = dataclasses.field(default_factory=list)
    send_at: float | None = None
    """The `MessageSent` of the run that made it: the detail's times count from there."""
    uid: int = dataclasses.field(default_factory=lambda: next(_uids))
    run_ended: bool = False
    """Its run completed (or the user stopped it): an abort after that was the page's choice."""

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

    def har_flow(self) -> FlowEvents | None:
        from simulator.har import FlowEvents  # only when exporting: not on the start-up path

        return FlowEvents(self.transport, list(self.events)) if self.flow is not None else None


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
            return unquote(row.url) or row.note
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


def _end(flow: Flow) -> float | None:
    return flow.ended_at or flow.last_byte_at or flow.headers_at


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
    """DevTools' "name": the last path segment with the query, the whole URL if none."""
    parts = urlsplit(url)
    last = parts.path.rstrip("/").rsplit("/", 1)[-1] if parts.path else ""
    if not last:
        return unquote(url)
    return unquote(last + (f"?{parts.query}" if parts.query else ""))


def cell(row: LogRow, column: str) -> str:
    """The text of one cell (the waterfall column is painted, not written)."""
    flow = row.flow
    if column == "transport":
        return row.transport
    if column == "type":
        return _tr(row.type)
    if column == "name":
        return row.note or name_of(row.url)
    if flow is None:
        return ""
    if column == "method":
        return flow.method
    if column == "status":
        if _aborted_by_page(row):
            ended = _tr("(ended by page)")
            return f"{flow.status} {ended}" if flow.status is not None else ended
        if flow.status is not None and not _failed(row):
            return str(flow.status)
        return _tr("(failed)") if _failed(row) else _tr(flow.state)
    if column == "time":
        end = _end(flow)
        return ms(end - flow.started_at) if end else "…"
    if column == "size":
        return size(flow.bytes_received)
    return ""


class WaterfallDelegate(QStyledItemDelegate):
    """Paints a flow's bar on the log's common time scale: waiting, then receiving."""

    def __init__(self, model: NetworkLogModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().paint(painter, option, index)
        bar = index.data(BAR_ROLE)
        if not bar:
            return
        t0, t1 = self._model.time_span()
        rect = QRectF(option.rect).adjusted(2, 5, -2, -5)

        def x(t: float) -> float:
            return rect.left() + rect.width() * (t - t0) / (t1 - t0)

        start, response, _first, end = bar
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#95de64"))
        painter.drawRect(
            QRectF(x(start), rect.top(), max(1.0, x(response) - x(start)), rect.height())
        )
        painter.setBrush(QColor("#1890ff"))
        painter.drawRect(
            QRectF(x(response), rect.top(), max(1.0, x(end) - x(response)), rect.height())
        )
        painter.restore()


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


class NetworkLog(QWidget):
    """The log table with its filters and actions, and the detail tabs of the clicked flow."""

    def __init__(
        self,
        transports: tuple[str, ...],
        model: NetworkLogModel | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model or NetworkLogModel()
        self.proxy = FlowFilter()
        self.proxy.setSourceModel(self.model)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.filter_label = QLabel()
        self.filter = QComboBox()
        self.filter.addItem("*", None)
        for name in transports:
            self.filter.addItem(name, name)
        self.type_filter = QComboBox()
        self.type_filter.addItem("*", None)
        for name in TYPES:
            self.type_filter.addItem(name, name)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.on_clear_clicked)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.on_export_clicked)
        for box in (self.filter, self.type_filter):
            box.currentIndexChanged.connect(self.on_filter_changed)
        self.search.textChanged.connect(self.on_filter_changed)
        for widget in (self.filter_label, self.filter, self.type_filter):
            bar.addWidget(widget)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.clear_button)
        bar.addWidget(self.export_button)
        column.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setItemDelegateForColumn(
            COLUMNS.index("waterfall"), WaterfallDelegate(self.model, self.table)
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMNS.index("waterfall"), QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COLUMNS.index("waterfall"), 140)
        self.table.clicked.connect(self.on_row_clicked)
        self.model.rowsInserted.connect(self.table.viewport().update)
        splitter.addWidget(self.table)
        self._detail: FlowDetail | None = None
        """Built on the first click: nothing of it is needed for the window's first paint."""
        self._detail_slot = QWidget()
        splitter.addWidget(self._detail_slot)
        self.splitter = splitter
        splitter.setSizes([400, 300])
        column.addWidget(splitter)
        self.export_dialog: QFileDialog | None = None
        self.retranslate()

    @property
    def detail(self) -> FlowDetail:
        if self._detail is None:
            self._detail = FlowDetail()
            self.splitter.replaceWidget(1, self._detail)
            self._detail_slot.deleteLater()
            self.splitter.setSizes([400, 300])
        return self._detail

    def on_filter_changed(self, *_args: object) -> None:
        self.proxy.set_filters(
            self.filter.currentData(), self.type_filter.currentData(), self.search.text()
        )

    def on_row_clicked(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        self.detail.show_row(self.model.rows[source.row()])

    def on_clear_clicked(self) -> None:
        self.model.clear()
        if self._detail is not None:
            self._detail.show_row(None)

    def visible_rows(self) -> list[LogRow]:
        return [
            self.model.rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()]
            for r in range(self.proxy.rowCount())
        ]

    def on_export_clicked(self) -> None:
        # open(), not exec(): a nested event loop would run asyncio callbacks re-entrantly
        dialog = QFileDialog(self, self.tr("Export HAR"), str(Path.home() / "wx-stream-sim.har"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setNameFilter(self.tr("HAR files (*.har)"))
        dialog.setDefaultSuffix("har")
        dialog.fileSelected.connect(lambda path: self.export_har(Path(path)))
        self.export_dialog = dialog
        dialog.open()

    def export_har(self, path: Path) -> int:
        """Write the shown flows as HAR 1.2; returns the number of entries."""
        from simulator.har import write_har

        flows = [f for row in self.visible_rows() if (f := row.har_flow()) is not None]
        return write_har(flows, path)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.filter_label.setText(self.tr("Filter:"))
        self.filter.setItemText(0, self.tr("all transports"))
        self.type_filter.setItemText(0, self.tr("all types"))
        for i, name in enumerate(TYPES, start=1):
            self.type_filter.setItemText(i, _tr(name))
        self.search.setPlaceholderText(self.tr("Search URL"))
        self.clear_button.setText(self.tr("Clear"))
        self.export_button.setText(self.tr("Export HAR…"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
