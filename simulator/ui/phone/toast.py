"""A short message over the page (WeChat's showToast), for errors the user must not miss."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

TOAST_MS = 2500


class Toast(QLabel):
    """Centred over its parent; hides itself after a few seconds."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("toast")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.message = ""
        """The text shown last, as given (the label's text has wrap points added)."""
        self.hide()

    def show_message(self, text: str) -> None:
        """Show `text` for a few seconds (a newer message replaces an older one)."""
        self.message = text
        # errMsg tokens like "net::ERR_INCOMPLETE_CHUNKED_ENCODING" have no space to wrap at:
        # a zero-width space after their separators lets them wrap inside the toast.
        self.setText(re.sub(r"([:_/.,=])(?=\S)", "\\1\u200b", text))
        parent = self.parentWidget()
        assert parent is not None
        width = min(300, parent.width() - 40)
        self.setFixedWidth(width)
        self.adjustSize()
        # centred like WeChat's showToast, clear of the error line under the newest bubble
        self.move((parent.width() - width) // 2, (parent.height() - self.height()) // 2)
        self.raise_()
        self.show()
        self._timer.start(TOAST_MS)
