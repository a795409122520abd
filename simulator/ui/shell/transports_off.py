"""The status bar's word on why the transport picker and race mode left the toolbar: while a
page or project drives the run, the page makes its own requests."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget


class TransportsOffNote(QLabel):
    """One line in the status bar, in the window's language."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transportsOff")
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setText(self.tr("Transport and race mode are off: the page makes its own requests"))
        self.setToolTip(
            self.tr(
                "The page's own code picks wx.request, wx.connectSocket or another API; "
                "the Network panel shows what it used."
            )
        )


def show_transports_off(window: QMainWindow) -> TransportsOffNote:
    """Show the note (added to the status bar once, whichever mode asks first)."""
    note = window.statusBar().findChild(TransportsOffNote)
    if note is None:
        note = TransportsOffNote()
        window.statusBar().addWidget(note)
    note.show()
    return note
