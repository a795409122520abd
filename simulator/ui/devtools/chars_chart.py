"""Characters over time per transport: emitted by the backend, arrived at the page, painted."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from simulator.session.run import RunHandle
from simulator.transports.registry import TRANSPORTS

TRANSPORT_COLORS = {spec.name: spec.colour for spec in TRANSPORTS}
SERIES_STYLES = {
    "emitted": Qt.PenStyle.DotLine,
    "arrived": Qt.PenStyle.DashLine,
    "painted": Qt.PenStyle.SolidLine,
}

Series = list[tuple[float, int]]
HEADROOM = 1.08
"""The y axis reaches past the highest count: a curve ending at 99 of 100 would run along the
plot's top edge and read as cut off (a stopped run's emitted line did)."""


def run_series(run: RunHandle) -> dict[str, Series]:
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


def step_points(pts: Series) -> Series:
    """A count that jumps when characters come: hold the old count until the next time.

    Drawn point to point, a buffered reply (nothing, then everything at 4 s) would read as a
    ramp from zero; as steps it is the flat line and the one jump it really was.
    """
    out: Series = []
    for t, c in pts:
        if out:
            out.append((t, out[-1][1]))
        out.append((t, c))
    return out


PAINT_FRAME_S = 0.05
"""Paint samples closer than this (the typewriter's frames) are joined by a line; a longer gap
(before the first paint, a page's sparse setData renders) holds the count until the next one."""


def painted_points(pts: Series, frame: float = PAINT_FRAME_S) -> Series:
    """The painted curve: smooth over the typewriter's frames, flat across a longer gap, so it
    never shows characters on the screen before they were painted (nor before the first byte)."""
    out: Series = []
    for t, c in pts:
        if out and t - out[-1][0] > frame and c != out[-1][1]:
            out.append((t, out[-1][1]))
        out.append((t, c))
    return out


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top`: steps of 1, 2 or 5 times a power of ten."""
    top = max(top, 1e-9)
    raw = top / max(1, count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    n = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(n + 1)]


def tick_label(value: float, step: float) -> str:
    """As many decimals as the step needs ("0.25" for 0.25 s steps, "2" for 1 s steps)."""
    for decimals in range(4):
        if abs(round(step, decimals) - step) < 1e-9:
            return f"{value:.{decimals}f}"
    return f"{value:.3f}"


class CharsChart(QWidget):
    """Characters over time of the runs given to `set_runs` (one colour per transport).

    One run: one plot. Several (a race): small multiples on a shared scale, one per lane, so
    each transport's three curves stay readable.
    """

    COLUMNS = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("charsChart")
        self.setMinimumHeight(200)
        self._runs: list[RunHandle] = []
        self._title = ""
        self.drawn: list[tuple[str, QRectF]] = []
        """The texts of the last paint and their boxes (a test checks none is cut)."""
        self.plotted: dict[tuple[str, str], Series] = {}
        """(transport, curve) → the points of the last paint, in seconds and characters."""
        self.y_top = 0.0
        """The y axis' top count in the last paint."""
        self.retranslate()

    def set_runs(self, runs: list[RunHandle]) -> None:
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
        series = [(run.transport, run_series(run)) for run in self._runs]
        # every curve is in time order and never decreases: its last point is its maximum
        ends = [pts[-1] for _, s in series for pts in s.values() if pts]
        x_ticks = nice_ticks(max((t for t, _ in ends), default=1.0) or 1.0)
        y_ticks = nice_ticks(max(max((c for _, c in ends), default=1) * HEADROOM, 8))
        self.y_top = y_ticks[-1]
        painter.setPen(QColor("#333333"))
        line = painter.fontMetrics().height()  # CJK fonts are taller: no fixed pixel rows
        self.drawn = []
        self.plotted = {}
        self._text(
            painter, QRectF(0, 2, self.width(), line), Qt.AlignmentFlag.AlignCenter, self._title
        )
        area = QRectF(self.rect()).adjusted(0, line + 4, 0, -(line + 4))
        cells = self._cells(area, max(1, len(series)))
        for (transport, curves), cell in zip(series, cells, strict=False):
            self._plot(painter, cell, transport, curves, x_ticks, y_ticks, len(series) > 1)
        if not series:
            self._plot(painter, cells[0], "", {}, x_ticks, y_ticks, False)
        self._draw_styles(painter, QRectF(0, self.height() - line - 4, self.width(), line + 2))
        painter.end()

    def _text(self, painter: QPainter, rect: QRectF, align: Qt.AlignmentFlag, text: str) -> None:
        painter.drawText(rect, align, text)
        self.drawn.append((text, rect))

    def _cells(self, area: QRectF, n: int) -> list[QRectF]:
        cols = 1 if n == 1 else min(self.COLUMNS, n)
        rows = math.ceil(n / cols)
        w, h = area.width() / cols, area.height() / rows
        return [
            QRectF(area.left() + (i % cols) * w, area.top() + (i // cols) * h, w, h)
            for i in range(n)
        ]

    def _plot(
        self,
        painter: QPainter,
        cell: QRectF,
        transport: str,
        curves: dict[str, Series],
        x_ticks: list[float],
        y_ticks: list[float],
        small: bool,
    ) -> None:
        line = painter.fontMetrics().height()
        # below the plot: a row of tick labels, then the axis name, each a text line high
        plot = cell.adjusted(40, line + 2 if small else 6, -8, -(2 * line + 4))
        max_t, max_c = x_ticks[-1], y_ticks[-1]
        painter.setPen(QColor("#cccccc"))
        painter.drawRect(plot)
        painter.setPen(QColor("#666666"))
        x_step = x_ticks[1] if len(x_ticks) > 1 else 1.0
        labels = [tick_label(t, x_step) for t in x_ticks]
        metrics = painter.fontMetrics()
        wide = max(metrics.horizontalAdvance(text) for text in labels) + 4
        # label every n-th tick so that neighbours never touch, however narrow the cell
        spacing = plot.width() / max(1, len(x_ticks) - 1)
        every = next((n for n in (1, 2, 3, 4, 5, 10) if spacing * n >= wide + 6), len(x_ticks))
        right_of_last = -math.inf
        for i, (t, label) in enumerate(zip(x_ticks, labels, strict=True)):
            x = plot.left() + plot.width() * t / max_t
            if i % every:
                continue
            width = metrics.horizontalAdvance(label) + 4
            left = min(x - width / 2, cell.right() - width)  # the last one stays in the cell
            if left < right_of_last + 6:
                continue  # pushed back by the cell's edge onto its neighbour: left out
            right_of_last = left + width
            self._text(painter, QRectF(left, plot.bottom() + 2, width, line),
                       Qt.AlignmentFlag.AlignCenter, label)  # fmt: skip
        for c in y_ticks[:: 2 if small else 1]:
            y = plot.bottom() - plot.height() * c / max_c
            self._text(painter, QRectF(cell.left(), y - line / 2, 36, line),
                             Qt.AlignmentFlag.AlignRight, f"{c:.0f}")  # fmt: skip
        self._text(painter, QRectF(plot.left(), plot.bottom() + 2 + line, plot.width(), line),
                         Qt.AlignmentFlag.AlignRight, self._axis)  # fmt: skip
        color = QColor(TRANSPORT_COLORS.get(transport, "#000000"))
        if transport:
            painter.setPen(color)
            top = plot.top() - line if small else plot.top() + 2
            self._text(painter, QRectF(plot.left() + 4, top, 200, line),
                             Qt.AlignmentFlag.AlignLeft, transport)  # fmt: skip

        def point(t: float, c: int) -> QPointF:
            return QPointF(
                plot.left() + plot.width() * min(max(t, 0.0), max_t) / max_t,
                plot.bottom() - plot.height() * c / max_c,
            )

        for name, pts in curves.items():
            if len(pts) < 2:
                continue
            pen = QPen(color, 2 if name == "painted" else 1.5, SERIES_STYLES[name])
            painter.setPen(pen)
            stride = max(1, len(pts) // 400)  # a few hundred points per curve are enough
            thinned = [*pts[::stride], pts[-1]] if stride > 1 else pts
            drawn = painted_points(thinned) if name == "painted" else step_points(thinned)
            self.plotted[(transport, name)] = drawn
            poly = QPolygonF()
            for t, c in drawn:
                poly.append(point(t, c))
            painter.drawPolyline(poly)

    def _draw_styles(self, painter: QPainter, row: QRectF) -> None:
        x = row.left() + 46
        y = row.top() + painter.fontMetrics().ascent()
        for name, style in SERIES_STYLES.items():
            painter.setPen(QPen(QColor("#444444"), 1.5, style))
            painter.drawLine(QPointF(x, y - 4), QPointF(x + 22, y - 4))
            painter.setPen(QColor("#333333"))
            painter.drawText(QPointF(x + 28, y), self._labels[name])
            self.drawn.append((self._labels[name], QRectF(x + 28, row.top(), 1, row.height())))
            x += 40 + painter.fontMetrics().horizontalAdvance(self._labels[name])
