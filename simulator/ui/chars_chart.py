"""Characters over time per transport: emitted by the backend, arrived at the page, painted."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from simulator.transports.registry import TRANSPORTS
from simulator.ui.run import Run

TRANSPORT_COLORS = {spec.name: spec.colour for spec in TRANSPORTS}
SERIES_STYLES = {
    "emitted": Qt.PenStyle.DotLine,
    "arrived": Qt.PenStyle.DashLine,
    "painted": Qt.PenStyle.SolidLine,
}

Series = list[tuple[float, int]]


def run_series(run: Run) -> dict[str, Series]:
    """(seconds after send, characters so far) for each curve of one run."""
    live = run.live
    t0 = live.send_at
    if t0 is None:
        return {}
    emitted = live.emitted
    if run.trace is not None:
        # the backend's own stamps: every transport gets an "emitted" curve, not only
        # those whose frames carry a stamp
        emitted = [(0.0, 0)]
        count = 0
        for chunk in run.trace.chunks:
            count += len(chunk.text)
            emitted.append((chunk.emitted_at - t0, count))
    return {"emitted": emitted, "arrived": live.arrived, "painted": live.painted}


class CharsChart(QWidget):
    """A line chart of the runs given to `set_runs` (one colour per transport)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("charsChart")
        self.setMinimumHeight(220)
        self._runs: list[Run] = []
        self._title = ""
        self.retranslate()

    def set_runs(self, runs: list[Run]) -> None:
        """Draw these runs (the latest one per transport, or a race)."""
        self._runs = list(runs)
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self._title = self.tr("Characters over time")
        self._labels = {
            "emitted": self.tr("emitted"),
            "arrived": self.tr("arrived"),
            "painted": self.tr("painted"),
        }
        self._axis = self.tr("s after send")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        plot = QRectF(self.rect()).adjusted(46, 28, -12, -44)
        series = [(run.transport, run_series(run)) for run in self._runs]
        # every curve is in time order and never decreases: its last point is its maximum
        ends = [pts[-1] for _, s in series for pts in s.values() if pts]
        max_t = max((t for t, _ in ends), default=1.0)
        max_c = max((c for _, c in ends), default=1)
        max_t, max_c = max(max_t, 0.1), max(max_c, 8)
        painter.setPen(QColor("#333333"))
        painter.drawText(QRectF(0, 4, self.width(), 20), Qt.AlignmentFlag.AlignCenter, self._title)
        painter.setPen(QColor("#cccccc"))
        painter.drawRect(plot)
        painter.setPen(QColor("#666666"))
        for i in range(5):
            x = plot.left() + plot.width() * i / 4
            y = plot.bottom() - plot.height() * i / 4
            painter.drawText(QPointF(x - 10, plot.bottom() + 14), f"{max_t * i / 4:.1f}")
            label = f"{round(max_c * i / 4)}"
            painter.drawText(QRectF(0, y - 8, 42, 16), Qt.AlignmentFlag.AlignRight, label)
        painter.drawText(QPointF(plot.right() - 70, plot.bottom() + 28), self._axis)

        def point(t: float, c: int) -> QPointF:
            return QPointF(
                plot.left() + plot.width() * max(t, 0.0) / max_t,
                plot.bottom() - plot.height() * c / max_c,
            )

        for transport, curves in series:
            color = QColor(TRANSPORT_COLORS.get(transport, "#000000"))
            for name, pts in curves.items():
                if len(pts) < 2:
                    continue
                pen = QPen(color, 2 if name == "painted" else 1.5, SERIES_STYLES[name])
                painter.setPen(pen)
                step = max(1, len(pts) // 400)  # a few hundred points per curve are enough
                poly = QPolygonF()
                for t, c in [*pts[::step], pts[-1]]:
                    poly.append(point(t, c))
                painter.drawPolyline(poly)
        self._draw_legend(painter, plot, [t for t, _ in series])
        painter.end()

    def _draw_legend(self, painter: QPainter, plot: QRectF, transports: list[str]) -> None:
        x = plot.left() + 6
        y = plot.top() + 14
        for transport in dict.fromkeys(transports):
            painter.setPen(QPen(QColor(TRANSPORT_COLORS.get(transport, "#000")), 3))
            painter.drawLine(QPointF(x, y - 4), QPointF(x + 16, y - 4))
            painter.setPen(QColor("#333333"))
            painter.drawText(QPointF(x + 20, y), transport)
            y += 15
        x = plot.right() - 110
        y = plot.bottom() - 50
        for name, style in SERIES_STYLES.items():
            painter.setPen(QPen(QColor("#444444"), 1.5, style))
            painter.drawLine(QPointF(x, y - 4), QPointF(x + 22, y - 4))
            painter.setPen(QColor("#333333"))
            painter.drawText(QPointF(x + 28, y), self._labels[name])
            y += 15
