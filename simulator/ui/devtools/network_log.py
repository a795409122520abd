"""A DevTools-like network panel: the table, its filters, the waterfall, detail and HAR export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from simulator.ui.devtools.network_detail import FlowDetail
from simulator.ui.devtools.network_model import FlowFilter, NetworkLogModel
from simulator.ui.devtools.network_rows import COLUMNS, TYPES, LogRow, _tr
from simulator.ui.devtools.network_waterfall import WaterfallDelegate

NAME_MIN_PX = 130
"""The name column's least width: "/api/chat/stream" whole, a longer path elided inside."""


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
        self.saved = QLabel()
        """Where the last HAR went: saving must say that it happened, and where."""
        self.saved.setObjectName("savedNote")
        self.saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.saved.hide()
        column.addWidget(self.saved)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        # one line per row, a URL's both ends kept (wrapped, its query went below the row)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setItemDelegateForColumn(
            COLUMNS.index("waterfall"), WaterfallDelegate(self.model, self.table)
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMNS.index("waterfall"), QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COLUMNS.index("waterfall"), 140)
        # the name takes the room left, but never less than NAME_MIN_PX: a narrow panel (race
        # mode) scrolls sideways instead of showing "/…e"
        header.sectionResized.connect(self._fit_name_column)
        self.table.viewport().installEventFilter(self)
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_name_column()
        return False

    def _fit_name_column(self, index: int = -1, *_sizes: int) -> None:
        if index == 0:
            return  # our own change
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(1, header.count()))
        room = self.table.viewport().width() - others
        mode = header.sectionResizeMode(0)
        if room < NAME_MIN_PX and mode != QHeaderView.ResizeMode.Interactive:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(0, NAME_MIN_PX)
        elif room >= NAME_MIN_PX and mode != QHeaderView.ResizeMode.Stretch:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

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

    def select_flow(self, lane: str, flow_id: int) -> LogRow | None:
        """Select the newest row of `lane`'s flow `flow_id` (clearing filters that hide it),
        scroll to it and show its detail; None when no row has it."""
        rows = self.model.rows
        at = next(
            (i for i in range(len(rows) - 1, -1, -1)
             if rows[i].transport == lane and rows[i].flow is not None
             and rows[i].flow.id == flow_id),  # type: ignore[union-attr]
            None,
        )  # fmt: skip
        if at is None:
            return None
        index = self.proxy.mapFromSource(self.model.index(at, 0))
        if not index.isValid():  # a filter hides it
            self.filter.setCurrentIndex(0)
            self.type_filter.setCurrentIndex(0)
            self.search.clear()
            index = self.proxy.mapFromSource(self.model.index(at, 0))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        self.detail.show_row(rows[at])
        return rows[at]

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
        dialog.fileSelected.connect(lambda path: self.save_har(Path(path)))
        self.export_dialog = dialog
        dialog.open()

    def save_har(self, path: Path) -> None:
        """Export, and say where it went (or why not)."""
        try:
            count = self.export_har(path)
        except OSError as exc:
            self.saved.setText(self.tr("Not saved: {0}").format(exc))
        else:
            self.saved.setText(self.tr("Saved {0} entries to {1}").format(count, path))
        self.saved.show()

    def export_har(self, path: Path) -> int:
        """Write the shown flow records as HAR 1.2; returns the number of entries."""
        from simulator.har import write_har

        flows = [row.flow for row in self.visible_rows() if row.flow is not None]
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
