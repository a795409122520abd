"""The page console tab: the page's logs and errors, appended at most once per frame."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPlainTextEdit, QWidget

MAX_CONSOLE_LINES = 5000
FRAME_MS = 16


class PageConsole(QPlainTextEdit):
    """Read-only, bounded to `MAX_CONSOLE_LINES`; `post` batches lines per frame, so a page
    logging 10k lines/s does not freeze the window."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setObjectName(name)
        self.setMaximumBlockCount(MAX_CONSOLE_LINES)
        self._pending: list[str] = []
        self._timer = QTimer(self, singleShot=True, interval=FRAME_MS)
        self._timer.timeout.connect(self._flush)

    def post(self, text: str) -> None:
        """Append `text` on the next frame."""
        self._pending.append(text)
        if not self._timer.isActive():
            self._timer.start()

    def _flush(self) -> None:
        lines, self._pending = self._pending[-MAX_CONSOLE_LINES:], []
        if lines:
            self.appendPlainText("\n".join(lines))
