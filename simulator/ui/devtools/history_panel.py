"""The history tab: runs from the SQLite history grouped by their conditions, reset, CSV export."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from simulator.history import (
    EMBEDDED_STUB,
    FIGURES,
    GROUP_KEYS,
    HistoryGroup,
    HistoryRecord,
    HistoryStore,
)
from simulator.session.registry import NETWORK_PROFILES
from simulator.ui.kit.elided import ElidedLabel
from simulator.ui.kit.formatting import ms
from simulator.ui.kit.tasks import spawn
from simulator.verdict import Status

SHOWN_FIGURES = ("first_byte_s", "first_paint_s", "last_paint_s")
assert set(SHOWN_FIGURES) <= set(FIGURES)


SCENARIO_WIDTH = 180
"""The scenario column's width in pixels (the user may drag it wider)."""


class HistoryPanel(QWidget):
    """Groups of like runs (same transport, backend, network, scenario, verdict), newest first.

    The database is read and written in worker threads: a slow disk never stalls a frame, and
    nothing touches it before the window's first paint.
    """

    def __init__(self, store: HistoryStore | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.groups: list[HistoryGroup] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.path_label = ElidedLabel()  # a long path keeps its file name and its start
        self.path_label.setObjectName("historyPath")
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(self.on_reset_clicked)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.on_export_clicked)
        bar.addWidget(self.path_label, 1)
        bar.addWidget(self.reset_button)
        bar.addWidget(self.export_button)
        column.addLayout(bar)
        self.saved = QLabel()
        """Where the last export went: saving must say that it happened, and where."""
        self.saved.setObjectName("savedNote")
        self.saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.saved.hide()
        column.addWidget(self.saved)
        self.table = QTableWidget(0, len(GROUP_KEYS) + 1 + len(SHOWN_FIGURES))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        # a long scenario spec would push the verdict and the figures off a laptop's screen:
        # its column has a width of its own (elided; the tooltip has the whole spec)
        scenario = GROUP_KEYS.index("scenario")
        self.table.horizontalHeader().setSectionResizeMode(
            scenario, QHeaderView.ResizeMode.Interactive
        )
        self.table.horizontalHeader().resizeSection(scenario, SCENARIO_WIDTH)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        column.addWidget(self.table, 1)
        self.export_dialog: QFileDialog | None = None
        self._loaded = False
        for button in (self.reset_button, self.export_button):
            button.setEnabled(store is not None)
        self.retranslate()

    # -- data ------------------------------------------------------------------------------
    async def reload(self) -> None:
        """Read the groups again (in a worker thread) and show them."""
        if self.store is None:
            return
        groups = await asyncio.to_thread(self.store.groups)
        if Shiboken.isValid(self):
            self._loaded = True
            self.show_groups(groups)

    async def add(self, record: HistoryRecord) -> None:
        """Store one run, then show the new groups."""
        if self.store is None:
            return
        await asyncio.to_thread(self.store.add, record)
        await self.reload()

    def show_groups(self, groups: list[HistoryGroup]) -> None:
        self.groups = groups
        self.table.setRowCount(len(groups))
        for row, group in enumerate(groups):
            cells = [*group.key, str(group.runs)]
            cells += [ms(group.medians.get(name)) for name in SHOWN_FIGURES]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(self._translated_cell(col, text))
                if col == 0:
                    item.setToolTip(time.strftime("%Y-%m-%d %H:%M", time.localtime(group.last_at)))
                elif col == GROUP_KEYS.index("scenario"):
                    item.setToolTip(text)
                self.table.setItem(row, col, item)

    def _translated_cell(self, col: int, text: str) -> str:
        """Stored values are the same in every language; shown, they are translated."""
        key = GROUP_KEYS[col] if col < len(GROUP_KEYS) else ""
        return self.values.get(key, {}).get(text, text)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._loaded and self.store is not None:
            spawn(self.reload(), name="history-load")
        super().showEvent(event)

    # -- actions ---------------------------------------------------------------------------
    def on_reset_clicked(self) -> None:
        if self.store is not None:
            spawn(self._reset(), name="history-reset")

    async def _reset(self) -> None:
        assert self.store is not None
        await asyncio.to_thread(self.store.reset)
        await self.reload()

    def on_export_clicked(self) -> None:
        # open(), not exec(): a nested event loop would run asyncio callbacks re-entrantly
        dialog = QFileDialog(self, self.tr("Export CSV"), str(Path.home() / "wx-stream-sim.csv"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setNameFilter(self.tr("CSV files (*.csv)"))
        dialog.setDefaultSuffix("csv")
        dialog.fileSelected.connect(self.export_csv)
        self.export_dialog = dialog
        dialog.open()

    def export_csv(self, path: str) -> None:
        if self.store is not None:
            spawn(self._export_csv(self.store, Path(path)), name="history-csv")

    async def _export_csv(self, store: HistoryStore, path: Path) -> None:
        try:
            count = await asyncio.to_thread(store.export_csv, path)
        except OSError as exc:
            text = self.tr("Not saved: {0}").format(exc)
        else:
            text = self.tr("Saved {0} runs to {1}").format(count, path)
        if Shiboken.isValid(self):
            self.saved.setText(text)
            self.saved.show()

    # -- language --------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        path = str(self.store.path) if self.store is not None else self.tr("not kept")
        self.path_label.setText(self.tr("History file: {0}").format(path))
        self.reset_button.setText(self.tr("Reset"))
        self.export_button.setText(self.tr("Export CSV…"))
        self.values: dict[str, dict[str, str]] = {
            "verdict": {  # every word of simulator.verdict.VERDICTS
                Status.EXACT: self.tr("exact"),
                Status.CONSISTENT: self.tr("consistent"),
                Status.UNVERIFIED: self.tr("unverified"),
                Status.FAILED: self.tr("failed"),
                Status.UNSUPPORTED: self.tr("unsupported"),
                Status.STOPPED: self.tr("stopped"),
            },
            "backend": {EMBEDDED_STUB: self.tr("embedded stub")},
            "network": {
                name: QCoreApplication.translate("Networks", p.label)
                for name, p in NETWORK_PROFILES.items()
                if p.label
            },
            "scenario": {"default": self.tr("default")},
        }
        names = {
            "transport": self.tr("transport"),
            "backend": self.tr("backend"),
            "network": self.tr("network"),
            "scenario": self.tr("scenario"),
            "verdict": self.tr("verdict"),
        }
        figures = {
            "first_byte_s": self.tr("first content byte p50"),
            "first_paint_s": self.tr("first char p50"),
            "last_paint_s": self.tr("last char p50"),
        }
        labels = [names[k] for k in GROUP_KEYS] + [self.tr("runs")]
        labels += [figures[k] for k in SHOWN_FIGURES]
        self.table.setHorizontalHeaderLabels(labels)
        self.show_groups(self.groups)
