"""A race at a glance: one row per lane with its live figures, the best of each column in bold."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from simulator.metrics import RunMetrics
from simulator.metrics.live import LiveFigures
from simulator.session.run import RunHandle
from simulator.transports.events import ReplyCompleted, RunFailed, RunStopped
from simulator.ui.devtools.chars_chart import TRANSPORT_COLORS
from simulator.ui.kit.formatting import ms

Figure = Callable[[LiveFigures], float | None]

TIMED: dict[str, Figure] = {
    "connect": lambda m: m.connected_s,
    "first byte": lambda m: m.first_byte_s,
    "first char": lambda m: m.first_paint_s,
    "last byte": lambda m: m.last_byte_s,
}
"""Columns where lower is better: the lowest value of the race is shown in bold (for the last
byte, only among the lanes that completed: a lane still streaming has no last byte yet)."""
COLUMNS = ("transport", *TIMED, "gaps p50/max", "requests", "state")
"""No bytes column: each lane says its bytes under its bubble; the state needs the room."""
ROW_HEIGHT = 22


def gap_pair(m: LiveFigures) -> str:
    """Gap p50 / max, short: "41/67 ms", "1.02/1.05 s" (one unit when both share it)."""
    p50, top = m.gap_p50(), max(m.gaps, default=None)
    if p50 is not None and top is not None and top < 1.0:
        return f"{p50 * 1000:.0f}/{top * 1000:.0f} ms"
    if p50 is not None and top is not None and p50 >= 1.0:
        return f"{p50:.2f}/{top:.2f} s"
    return f"{ms(p50)}/{ms(top)}"


def two_lines(label: str) -> str:
    """A header of several words on two lines: the column is as wide as its figures."""
    head, _, rest = label.partition(" ")
    return f"{head}\n{rest}" if rest else label


def still_typing(run: RunHandle) -> bool:
    """Every character has arrived but the bubble has not painted them all yet."""
    painted = run.live.painted[-1][1] if run.live.painted else 0
    return run.ended and painted < run.live.chars


class RaceTable(QTableWidget):
    """Rows follow the lanes' order; call `show_runs` on every refresh while the race runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("raceTable")
        self.verticalHeader().hide()
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)  # the state column takes what is left, elided
        header.setMinimumSectionSize(24)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header.geometriesChanged.connect(self.fit_height)  # two-line headers, a new font
        # every column but the last is as wide as its figures; the last one gives way
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.retranslate()

    def show_runs(self, runs: Sequence[RunHandle], finals: dict[int, RunMetrics]) -> None:
        """One row per run, in order; `finals` are the whole-run metrics measured so far."""
        if self.rowCount() != len(runs):
            self.setRowCount(len(runs))
            self.fit_height()
        completed = [r for r in runs if isinstance(r.outcome, ReplyCompleted)]
        best = {
            key: _lowest(fn(r.live) for r in (completed if key == "last byte" else runs))
            for key, fn in TIMED.items()
        }
        for row, run in enumerate(runs):
            m = run.live
            cells = [run.transport]
            cells += [ms(fn(m)) for fn in TIMED.values()]
            cells += [gap_pair(m), str(m.requests)]
            cells.append(self.state_of(run, finals.get(run.id)))
            for col, text in enumerate(cells):
                item = self._cell(row, col)
                item.setText(text)
                key = COLUMNS[col]
                if key in TIMED:
                    value = TIMED[key](m)
                    font = item.font()
                    counted = key != "last byte" or isinstance(run.outcome, ReplyCompleted)
                    font.setBold(counted and value is not None and value == best[key])
                    item.setFont(font)
                elif key == "state":
                    item.setToolTip(text)  # the column gives way first: its text may be cut
                    failed = isinstance(run.outcome, RunFailed)
                    item.setForeground(QBrush(QColor("#fa5151" if failed else "#191919")))
            swatch = self._cell(row, 0)
            swatch.setBackground(QBrush(QColor(TRANSPORT_COLORS.get(run.transport, "#888"))))
            swatch.setForeground(QBrush(QColor("white")))

    def fit_height(self) -> None:
        """Room for the header and every row: no lane is ever hidden, none half shown."""
        header = self.horizontalHeader()
        height = max(header.sizeHint().height(), header.height() if header.isVisible() else 0)
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        self.setFixedHeight(height + rows + 2 * self.frameWidth())

    def state_of(self, run: RunHandle, final: RunMetrics | None) -> str:
        """How a run stands: connecting, streaming, painted (or arrived at once: held back on
        the way), failed, stopped."""
        outcome = run.outcome
        if isinstance(outcome, RunFailed):
            return self.tr("failed")
        if isinstance(outcome, RunStopped):
            return self.tr("stopped")
        if isinstance(outcome, ReplyCompleted):
            if still_typing(run):
                return self.tr("received · typing")
            buffered = final is not None and final.buffered_seen
            return self.tr("arrived at once") if buffered else self.tr("painted")
        if run.live.connected_s is None:
            return self.tr("connecting")
        if run.live.first_byte_s is None:
            return self.tr("waiting")
        return self.tr("streaming")

    def _cell(self, row: int, col: int) -> QTableWidgetItem:
        item = self.item(row, col)
        if item is None:
            item = QTableWidgetItem()
            if col == 0:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.setItem(row, col, item)
        return item

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        names = {
            "transport": self.tr("transport"),
            "connect": self.tr("response"),
            "first byte": self.tr("first content byte"),
            "first char": self.tr("first char"),
            "last byte": self.tr("last byte"),
            "gaps p50/max": self.tr("gaps p50/max"),
            "requests": self.tr("requests"),
            "state": self.tr("state"),
        }
        self.setHorizontalHeaderLabels([two_lines(names[key]) for key in COLUMNS])
        self.fit_height()


def _lowest(values: Iterable[float | None]) -> float | None:
    return min((v for v in values if v is not None), default=None)
