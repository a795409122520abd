"""A short message over the page (WeChat's showToast), for errors the user must not miss."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

TOAST_MS = 3500


class Toast(QLabel):
    """Centred near the bottom of its parent; hides itself after a few seconds."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("toast")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, text: str) -> None:
        """Show `text` for a few seconds (a newer message replaces an older one)."""
        self.setText(text)
        parent = self.parentWidget()
        assert parent is not None
        width = min(300, parent.width() - 40)
        self.setFixedWidth(width)
        self.adjustSize()
        self.move((parent.width() - width) // 2, parent.height() - self.height() - 96)
        self.raise_()
        self.show()
        self._timer.start(TOAST_MS)
