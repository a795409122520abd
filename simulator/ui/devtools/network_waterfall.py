"""The waterfall column: each flow's phases as a bar on the panel's time span."""

from __future__ import annotations

from PySide6.QtCore import (
    QRectF,
    Qt,
)
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from simulator.ui.devtools.network_model import NetworkLogModel
from simulator.ui.devtools.network_rows import BAR_ROLE, AnyIndex


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
