"""A DevTools-like network log of what the wx runtime did, filterable by transport."""

from __future__ import annotations

import dataclasses
import functools
from typing import Any, cast
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from simulator.transports.events import FallbackTaken, RunEvent, TransportNote
from simulator.ui.formatting import ms, size
from simulator.wx import events as wx_events
from simulator.wx.flows import Flow, FlowLog

MAX_ROWS = 1000
COLUMNS = cast(
    tuple[str, ...],
    (
        QT_TRANSLATE_NOOP("NetworkLog", "transport"),
        QT_TRANSLATE_NOOP("NetworkLog", "kind"),
        QT_TRANSLATE_NOOP("NetworkLog", "method"),
        QT_TRANSLATE_NOOP("NetworkLog", "url"),
        QT_TRANSLATE_NOOP("NetworkLog", "status"),
        QT_TRANSLATE_NOOP("NetworkLog", "time"),
        QT_TRANSLATE_NOOP("NetworkLog", "size"),
        QT_TRANSLATE_NOOP("NetworkLog", "chunks"),
        QT_TRANSLATE_NOOP("NetworkLog", "state"),
    ),
)
AnyIndex = QModelIndex | QPersistentModelIndex


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


class NetworkLogModel(QAbstractTableModel):
    """Rows from the runtimes' flow logs (one `FlowLog` per transport tag) plus run notes."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[LogRow] = []
        self._by_flow: dict[tuple[str, int], int] = {}
        self._logs: dict[str, FlowLog] = {}

    # -- input ---------------------------------------------------------------------------------
    def on_wx_event_received(self, transport: str, event: wx_events.WxEvent) -> None:
        log = self._logs.get(transport)
        if log is None:
            log = self._logs[transport] = FlowLog(limit=MAX_ROWS)
            log.observe(functools.partial(self._on_flow, transport))
        log.handle(event)
        row = self._by_flow.get((transport, event.flow_id))
        if row is not None:
            self.rows[row].events.append(event)
        elif isinstance(event, wx_events.FileRead):
            self._add(LogRow(transport, "file", url=event.path, at=event.at, events=[event]))

    def on_run_event_received(self, transport: str, event: RunEvent) -> None:
        """Transport notes and fallbacks get a line, so `auto`'s decisions are in the log."""
        if isinstance(event, TransportNote):
            self._add(LogRow(transport, "note", note=event.message, at=event.at, events=[event]))
        elif isinstance(event, FallbackTaken):
            text = f"{event.from_transport} → {event.to_transport}: {event.reason}"
            self._add(LogRow(transport, "fallback", note=text, at=event.at, events=[event]))

    def _on_flow(self, transport: str, change: str, flow: Flow) -> None:
        key = (transport, flow.id)
        row = self._by_flow.get(key)
        if row is None:
            self._add(LogRow(transport, flow.kind, flow=flow, url=flow.url, at=flow.started_at))
            self._by_flow[key] = len(self.rows) - 1
            return
        self.rows[row].flow = flow
        self.dataChanged.emit(self.index(row, 4), self.index(row, len(COLUMNS) - 1))

    def _add(self, row: LogRow) -> None:
        if len(self.rows) >= MAX_ROWS:
            self.beginResetModel()
            del self.rows[: MAX_ROWS // 2]
            self._by_flow = {
                (r.transport, r.flow.id): i for i, r in enumerate(self.rows) if r.flow is not None
            }
            self.endResetModel()
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(row)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self.rows.clear()
        self._by_flow.clear()
        self.endResetModel()

    # -- Qt model --------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _header(COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell(row, COLUMNS[index.column()])
        if role == Qt.ItemDataRole.ForegroundRole and row.flow and row.flow.error:
            return QColor("#d4380d")
        if role == Qt.ItemDataRole.UserRole:
            return row.transport
        return None


def cell(row: LogRow, column: str) -> str:
    """The text of one cell."""
    flow = row.flow
    if column == "transport":
        return row.transport
    if column == "kind":
        return row.kind
    if column == "url":
        if row.note:
            return row.note
        parts = urlsplit(row.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "") if parts.path else row.url
        return unquote(path)
    if flow is None:
        return ""
    if column == "method":
        return flow.method
    if column == "status":
        return "" if flow.status is None else str(flow.status)
    if column == "time":
        end = flow.ended_at or flow.last_byte_at or flow.headers_at
        return ms(end - flow.started_at) if end else "…"
    if column == "size":
        return size(flow.bytes_received)
    if column == "chunks":
        return str(flow.chunks)
    if column == "state":
        return flow.error or flow.state
    return ""


def details(row: LogRow) -> str:
    """The detail pane: the flow's record, then every event with its time after the start."""
    lines = [f"{row.transport} · {row.kind}", unquote(row.url) or row.note, ""]
    if row.flow is not None:
        for f in dataclasses.fields(row.flow):
            lines.append(f"{f.name}: {getattr(row.flow, f.name)}")
        lines.append("")
    start = row.flow.started_at if row.flow is not None else row.at
    for event in row.events:
        fields = ", ".join(
            f"{f.name}={getattr(event, f.name)!r}"
            for f in dataclasses.fields(event)
            if f.name not in ("flow_id", "at")
        )
        lines.append(f"+{ms(event.at - start):>9}  {type(event).__name__}  {fields}")
    return "\n".join(lines)


def _header(name: str) -> str:
    return QCoreApplication.translate("NetworkLog", name)


class TransportFilter(QSortFilterProxyModel):
    """Keeps the rows of one transport (or all), matching the model's UserRole exactly."""

    def __init__(self) -> None:
        super().__init__()
        self.setFilterRole(Qt.ItemDataRole.UserRole)
        self.setFilterKeyColumn(0)

    def set_transport(self, transport: str | None) -> None:
        pattern = "" if transport is None else f"^{QRegularExpression.escape(transport)}$"
        self.setFilterRegularExpression(pattern)


class NetworkLog(QWidget):
    """The log table, a transport filter, and the details of the clicked line."""

    def __init__(self, transports: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = NetworkLogModel()
        self.proxy = TransportFilter()
        self.proxy.setSourceModel(self.model)
        column = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.filter_label = QLabel()
        self.filter = QComboBox()
        self.filter.addItem("*", None)
        for name in transports:
            self.filter.addItem(name, name)
        self.filter.currentIndexChanged.connect(self.on_filter_changed)
        bar.addWidget(self.filter_label)
        bar.addWidget(self.filter)
        bar.addStretch(1)
        column.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.clicked.connect(self.on_row_clicked)
        splitter.addWidget(self.table)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setObjectName("logDetails")
        splitter.addWidget(self.details)
        splitter.setSizes([500, 200])
        column.addWidget(splitter)
        self.retranslate()

    def on_filter_changed(self, _index: int) -> None:
        self.proxy.set_transport(self.filter.currentData())

    def on_row_clicked(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        self.details.setPlainText(details(self.model.rows[source.row()]))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.filter_label.setText(self.tr("Transport:"))
        self.filter.setItemText(0, self.tr("all"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
