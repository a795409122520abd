"""Latency beside the typewriter: the current run's figures, history per transport, the chart."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from simulator.metrics import RunMetrics, aggregate, percentile
from simulator.session.registry import NETWORK_PROFILES
from simulator.session.run import RunHandle
from simulator.session.settings import RUNTIME_DEFAULT_NETWORK
from simulator.transports.events import ReplyCompleted, RunFailed, RunStopped
from simulator.ui.devtools.chars_chart import CharsChart
from simulator.ui.devtools.race_table import RaceTable, still_typing
from simulator.ui.kit.errors import QT_TRANSLATE_NOOP
from simulator.ui.kit.formatting import ms, size
from simulator.ui.kit.tasks import spawn

REFRESH_MS = 250
CURRENT_FIELDS = (
    "transport",
    "connect",
    "first byte",
    "first char",
    "gaps p50/max",
    "delivery p50",
    "last byte",
    "last char",
    "requests",
    "bytes",
    "chars",
    "status",
)
HISTORY_FIELDS = ("first_byte_s", "first_paint_s", "last_paint_s")


RESPONSE_TIP = QT_TRANSLATE_NOOP(
    "Latency", "The response began: headers, or a socket's 101 (a page never sees the TCP connect)."
)
"""Why the first figure is not called "connect" (a sync reply starts with its whole body)."""
FIRST_CONTENT_TIP = QT_TRANSLATE_NOOP(
    "Latency",
    'When the first byte of reply text arrived. The Network panel\'s "first byte" is any '
    "byte of one request, a protocol frame too (a socket's start frame): it can come earlier.",
)
"""Two "first byte"s would read as one figure disagreeing with itself."""


class LatencyPanel(QWidget):
    """Everything measured about the runs, refreshed a few times a second while one streams."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("latencyPanel")
        self.current: RunHandle | None = None
        self.history: dict[tuple[str, str], list[RunMetrics]] = {}
        """(transport, network profile) → its runs: a 2G run never mixes into Wi-Fi's p95."""
        self.network_of: dict[int, str] = {}
        """Run id → the network profile it ran under (the window sets it at the run's start)."""
        self._chart_runs: dict[str, RunHandle] = {}
        self._last_single: RunHandle | None = None
        """The last run outside race mode: shown again when race mode is left."""
        self._finals: dict[int, RunMetrics] = {}
        """Whole-run metrics by run id, once a run has typed its last character."""
        column = QVBoxLayout(self)
        self.current_box = QGroupBox()
        box = QVBoxLayout(self.current_box)
        self.figures = QWidget()
        grid = QGridLayout(self.figures)
        grid.setContentsMargins(0, 0, 0, 0)
        self._names: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for i, key in enumerate(CURRENT_FIELDS):
            name = QLabel()
            value = QLabel("—")
            value.setObjectName("figure")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(name, i // 3, (i % 3) * 2)
            grid.addWidget(value, i // 3, (i % 3) * 2 + 1)
            self._names[key] = name
            self.values[key] = value
        box.addWidget(self.figures)
        self.race_table = RaceTable()
        """In race mode, one row per lane instead of one run's figures."""
        box.addWidget(self.race_table)
        self.race_table.hide()
        column.addWidget(self.current_box)
        self.history_box = QGroupBox()
        hist = QVBoxLayout(self.history_box)
        self.table = QTableWidget(0, 9)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(22)
        # three rows at least; it grows with the window, the chart first
        self.table.setMinimumHeight(30 + 22 * 3)
        hist.addWidget(self.table)
        column.addWidget(self.history_box, 1)
        self.chart = CharsChart()
        column.addWidget(self.chart, 2)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.retranslate()

    # -- slots ---------------------------------------------------------------------------------
    def on_run_started(self, run: RunHandle) -> None:
        if not run.race or (self.current is not None and not self.current.race):
            self._chart_runs.clear()
        if self.current is not None and self.current.race != run.race:
            self.current = run
            self.retranslate()  # the box's title says "run" or "race"
        self.current = run
        if not run.race:
            self._last_single = run
        self._chart_runs[run.transport] = run
        self._timer.start()
        self.refresh()

    def on_run_finished(self, run: RunHandle) -> None:
        self.refresh()

    def leave_race(self) -> None:
        """Race mode was left: the single run's figures and chart again, not the race's."""
        if self.current is None or not self.current.race:
            return
        self.current = self._last_single
        self._chart_runs = {} if self.current is None else {self.current.transport: self.current}
        for value in self.values.values():
            value.setText("—")
        self.retranslate()  # the box's title says "run" again; refreshes

    def on_painting_finished(self, run: RunHandle) -> None:
        """The bubble typed its last character: measure the whole run, off the UI thread."""
        spawn(self._measure(run), name=f"measure-{run.id}")

    async def _measure(self, run: RunHandle) -> None:
        # RunTimeline.metrics() walks every event (~20 ms for a 50,000-character reply):
        # in a worker thread the frames keep coming while it runs.
        metrics = await asyncio.to_thread(run.metrics)
        if not Shiboken.isValid(self):
            return  # the window closed while the worker measured
        if metrics is not None:
            self.history.setdefault(self._key(run), []).append(metrics)
            self._finals[run.id] = metrics
        self.refresh()
        self._refresh_history()
        if not any(not r.ended for r in self._chart_runs.values()):
            self._timer.stop()

    def stop(self) -> None:
        """The window closed: no more refreshes."""
        self._timer.stop()

    def on_run_trace_received(self, run: RunHandle) -> None:
        """Delivery delays and the emitted curve become available; replace that run's figures."""
        runs = self.history.get(self._key(run), [])
        metrics = run.metrics()
        for i, old in enumerate(runs):
            if metrics is not None and old.send_at == metrics.send_at:
                runs[i] = metrics
        if metrics is not None and run.id in self._finals:
            self._finals[run.id] = metrics
        self.refresh()
        self._refresh_history()

    # -- drawing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        run = self.current
        racing = run is not None and run.race
        self.figures.setVisible(not racing)
        self.race_table.setVisible(racing)
        if racing:
            lanes = [r for r in self._chart_runs.values() if r.race]
            self.race_table.show_runs(lanes, self._finals)
        elif run is not None and run.live.send_at is not None:
            metrics = run.live
            gaps = f"{ms(metrics.gap_p50())} / {ms(max(metrics.gaps, default=None))}"
            final = self._finals.get(run.id)
            if final is not None:
                # the trace's emission stamps give the true delivery delays at the end
                delivery = percentile(final.delivery_delays, 50)
            else:
                delivery = metrics.delivery_p50()
            figures = {
                "transport": run.transport_shown,
                "connect": ms(metrics.connected_s),
                "first byte": ms(metrics.first_byte_s),
                "first char": ms(metrics.first_paint_s),
                "gaps p50/max": gaps,
                "delivery p50": ms(delivery),
                "last byte": ms(metrics.last_byte_s),
                "last char": ms(metrics.last_paint_s),
                "requests": str(metrics.requests),
                "bytes": size(metrics.bytes),
                "chars": str(metrics.chars),
                "status": self._status(run),
            }
            for key, text in figures.items():
                self.values[key].setText(text)
        self.chart.set_runs(list(self._chart_runs.values()))

    def _status(self, run: RunHandle) -> str:
        outcome = run.outcome
        if isinstance(outcome, RunFailed):
            return self.tr("failed")
        if isinstance(outcome, RunStopped):
            return self.tr("stopped")
        if isinstance(outcome, ReplyCompleted):
            if still_typing(run):
                return self.tr("received · typing")
            final = self._finals.get(run.id)
            if final and final.buffered_seen:  # held back on the way: download, sync
                return self.tr("arrived at once")
            return self.tr("painted")
        return self.tr("streaming")

    def _key(self, run: RunHandle) -> tuple[str, str]:
        # `auto` runs are grouped by the tier that answered: websocket and sync figures never mix
        return run.transport_shown, self.network_of.get(run.id, RUNTIME_DEFAULT_NETWORK)

    def _refresh_history(self) -> None:
        self.table.setRowCount(len(self.history))
        for row, ((transport, network), runs) in enumerate(sorted(self.history.items())):
            agg = aggregate(runs)
            profile = NETWORK_PROFILES.get(network)
            label = (
                QCoreApplication.translate("Networks", profile.label or network)
                if profile
                else network
            )
            cells = [transport, label, f"{agg.runs} / {agg.failures}"]
            for name in HISTORY_FIELDS:
                st = agg[name]
                cells.append(f"{ms(st.p50)} / {ms(st.p95)}")
            cells.append(f"{ms(agg['gaps'].p95)}")
            cells.append(f"{agg['requests'].p50 or 0:.0f}")
            cells.append(size(agg["bytes"].p50))
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        if self.current is not None and self.current.race:
            self.current_box.setTitle(self.tr("This race (measured, best in bold)"))
        else:
            self.current_box.setTitle(self.tr("This run (measured)"))
        self.history_box.setTitle(self.tr("History per transport and network (p50 / p95)"))
        self._refresh_history()  # its network names are translated too
        names = {
            "transport": self.tr("transport"),
            "connect": self.tr("response"),
            "first byte": self.tr("first content byte"),
            "first char": self.tr("first char"),
            "gaps p50/max": self.tr("gaps p50/max"),
            "delivery p50": self.tr("delivery p50"),
            "last byte": self.tr("last byte"),
            "last char": self.tr("last char"),
            "requests": self.tr("requests"),
            "bytes": self.tr("bytes"),
            "chars": self.tr("chars"),
            "status": self.tr("status"),
        }
        for key, label in self._names.items():
            label.setText(names[key])
        self._names["connect"].setToolTip(QCoreApplication.translate("Latency", RESPONSE_TIP))
        content_tip = QCoreApplication.translate("Latency", FIRST_CONTENT_TIP)
        self._names["first byte"].setToolTip(content_tip)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("transport"),
                self.tr("network"),
                self.tr("runs / failed"),
                self.tr("first content byte"),
                self.tr("first char"),
                self.tr("last char"),
                self.tr("gap p95"),
                self.tr("requests"),
                self.tr("bytes"),
            ]
        )
        header = self.table.horizontalHeaderItem(3)
        if header is not None:
            header.setToolTip(content_tip)
        self.refresh()
