"""The phone frame: status bar, mini-program navigation bar with capsule, chat, input bar."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.ui.assets import pixmap
from simulator.ui.chat_view import ChatView
from simulator.ui.frame_clock import FrameClock
from simulator.ui.toast import Toast

PHONE_WIDTH = 390
PHONE_HEIGHT = 800


class StatusBar(QFrame):
    """Time on the left, signal / Wi-Fi / battery on the right."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("statusBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(22, 6, 18, 2)
        self.clock = QLabel(time.strftime("%H:%M"))
        self.clock.setObjectName("statusClock")
        row.addWidget(self.clock)
        row.addStretch(1)
        for name in ("signal", "wifi", "battery"):
            icon = QLabel()
            icon.setPixmap(pixmap(name, 18))
            row.addWidget(icon)
        timer = QTimer(self)
        timer.timeout.connect(lambda: self.clock.setText(time.strftime("%H:%M")))
        timer.start(30_000)


class NavigationBar(QFrame):
    """The mini-program navigation bar: centred title, the capsule (··· | ◎) on the right."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("navBar")
        self.setFixedHeight(44)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 0, 8, 0)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("navSubtitle")
        self.subtitle.setFixedWidth(88)
        row.addWidget(self.subtitle)
        self.title = QLabel()
        self.title.setObjectName("navTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.title, 1)
        capsule = QFrame()
        capsule.setObjectName("capsule")
        capsule.setFixedSize(88, 32)
        cap_row = QHBoxLayout(capsule)
        cap_row.setContentsMargins(10, 0, 10, 0)
        more = QLabel()
        more.setPixmap(pixmap("capsule_more", 20))
        divider = QFrame()
        divider.setObjectName("capsuleDivider")
        divider.setFixedSize(1, 18)
        close = QLabel()
        close.setPixmap(pixmap("capsule_close", 20))
        cap_row.addWidget(more)
        cap_row.addStretch(1)
        cap_row.addWidget(divider)
        cap_row.addStretch(1)
        cap_row.addWidget(close)
        row.addWidget(capsule)


class PromptEdit(QPlainTextEdit):
    """The message field: Enter sends, Shift+Enter starts a new line."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class InputBar(QFrame):
    """Message field plus a send button that turns into stop while a reply streams."""

    send_requested = Signal(str)
    stop_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("inputBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 10, 8)
        row.setSpacing(8)
        self.edit = PromptEdit()
        self.edit.setObjectName("promptEdit")
        self.edit.setFixedHeight(38)
        self.edit.setTabChangesFocus(True)
        self.edit.submitted.connect(self.on_send_clicked)
        row.addWidget(self.edit, 1)
        self.send_button = QPushButton()
        self.send_button.setObjectName("sendButton")
        self.send_button.clicked.connect(self.on_send_clicked)
        row.addWidget(self.send_button)
        self.stop_button = QPushButton()
        self.stop_button.setObjectName("stopButton")
        self.stop_button.clicked.connect(self.stop_requested)
        self.stop_button.hide()
        row.addWidget(self.stop_button)
        self.retranslate()

    def on_send_clicked(self) -> None:
        text = self.edit.toPlainText().strip()
        if text:
            self.edit.clear()
            self.send_requested.emit(text)

    def on_busy_changed(self, busy: bool) -> None:
        """Show stop while a reply streams."""
        self.stop_button.setVisible(busy)
        self.send_button.setVisible(not busy)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(self.tr("Ask something…"))
        self.send_button.setText(self.tr("Send"))
        self.stop_button.setText(self.tr("Stop"))


class PhonePage(QFrame):
    """A phone showing the mini-program's chat page."""

    def __init__(self, clock: FrameClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phone")
        self.setFixedSize(PHONE_WIDTH, PHONE_HEIGHT)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 10, 10, 10)
        screen = QFrame()
        screen.setObjectName("phoneScreen")
        column.addWidget(screen)
        inner = QVBoxLayout(screen)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(0)
        self.status_bar = StatusBar()
        self.nav_bar = NavigationBar()
        self.chat = ChatView(clock)
        self.input_bar = InputBar()
        inner.addWidget(self.status_bar)
        inner.addWidget(self.nav_bar)
        inner.addWidget(self.chat, 1)
        inner.addWidget(self.input_bar)
        self.toast = Toast(screen)
        self.retranslate()

    def set_transport_label(self, text: str) -> None:
        self.nav_bar.subtitle.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.nav_bar.title.setText(self.tr("AI Assistant"))
