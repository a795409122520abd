"""The phone frame: status bar, mini-program navigation bar with capsule, chat, input bar."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from simulator.session.registry import NETWORK_PROFILES
from simulator.session.settings import RUNTIME_DEFAULT_NETWORK
from simulator.ui.kit.assets import icon, pixmap, style_sheet
from simulator.ui.kit.frame_clock import FrameClock
from simulator.ui.phone.chat_view import ChatView
from simulator.ui.phone.toast import Toast

BEZEL = 10
"""The phone frame around the screen, in pixels."""


@dataclass(frozen=True, slots=True)
class Device:
    """A phone preset: its screen in CSS points (what a mini-program lays out against)."""

    name: str
    width: int
    height: int


DEVICES = (
    Device(str(QT_TRANSLATE_NOOP("Phone", "iPhone 15")), 393, 852),
    Device(str(QT_TRANSLATE_NOOP("Phone", "iPhone SE")), 375, 667),
    Device(str(QT_TRANSLATE_NOOP("Phone", "Android (mid-range)")), 360, 800),
)
ZOOMS = (0.0, 1.0, 0.9, 0.8, 0.7)
"""0: fit the phone to the space it has (the default); otherwise a fixed scale."""
ZOOM_STEP = 0.05
MIN_FONT_PX = 11
"""Scaled down, no text gets smaller than this (the figures under a bubble stay legible)."""


def scaled_style(zoom: float) -> str:
    """The style sheet with every `font-size: Npx` scaled by `zoom` (at least MIN_FONT_PX)."""

    def scale(match: re.Match[str]) -> str:
        px = int(match.group(1))
        return f"font-size: {max(min(px, MIN_FONT_PX), round(px * zoom))}px"

    return re.sub(r"font-size:\s*(\d+)px", scale, style_sheet())


def signal_pixmap(bars: int, size: int = 18) -> QPixmap:
    """Four rising bars, `bars` of them filled."""
    image = QPixmap(size, size)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    width = size / 5.5
    for i in range(4):
        height = size * (0.35 + 0.2 * i)
        rect = QRectF(i * width * 1.4, size - height, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#111111" if i < bars else "#c4c4c4"))
        painter.drawRoundedRect(rect, 1, 1)
    painter.end()
    return image


class StatusBar(QFrame):
    """Time on the left; signal bars, cell generation, Wi-Fi and battery on the right.

    The icons follow the emulated network profile, so a demo on 2G or offline shows it.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("statusBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(22, 6, 18, 2)
        row.setSpacing(4)
        self.clock = QLabel(time.strftime("%H:%M"))
        self.clock.setObjectName("statusClock")
        row.addWidget(self.clock)
        row.addStretch(1)
        self.signal = QLabel()
        self.generation = QLabel()
        self.generation.setObjectName("statusNetwork")
        self.wifi = QLabel()
        self.wifi.setPixmap(pixmap("wifi", 18))
        battery = QLabel()
        battery.setPixmap(pixmap("battery", 18))
        for widget in (self.signal, self.generation, self.wifi, battery):
            row.addWidget(widget)
        self.network = RUNTIME_DEFAULT_NETWORK
        self.set_network(RUNTIME_DEFAULT_NETWORK)
        timer = QTimer(self)
        timer.timeout.connect(lambda: self.clock.setText(time.strftime("%H:%M")))
        timer.start(30_000)

    def set_network(self, network: str) -> None:
        """Show the profile `network` (a `NETWORK_PROFILES` name; unknown ones look unthrottled)."""
        self.network = network
        look = NETWORK_PROFILES.get(network) or NETWORK_PROFILES[RUNTIME_DEFAULT_NETWORK]
        self.signal.setPixmap(signal_pixmap(look.signal_bars))
        label = look.cell_label
        self.generation.setText(QCoreApplication.translate("Networks", label) if label else "")
        self.generation.setVisible(bool(label))
        self.wifi.setVisible(look.wifi_icon)


class TitleLabel(QLabel):
    """The navigation bar's title: centred on the bar, as WeChat does, but free to use the
    unused room beside the home button when the capsule leaves too little on its side; elided
    only when the whole gap is too narrow (a centred QLabel would be cut on both sides:
    "AI Assistant" read "I Assistan"; a symmetric one read "AI Assis…" with room to spare)."""

    def shown_text(self) -> str:
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())

    def text_rect(self) -> QRect:
        """Where the text is drawn: centred on the parent bar, pushed inside this label."""
        width = min(self.fontMetrics().horizontalAdvance(self.shown_text()), self.width())
        parent = self.parentWidget()
        centre = parent.width() / 2 - self.x() if parent is not None else self.width() / 2
        left = round(min(max(centre - width / 2, 0), self.width() - width))
        return QRect(left, 0, width, self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(
            self.fontMetrics().horizontalAdvance("…") * 3, super().minimumSizeHint().height()
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        align = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(self.text_rect(), int(align), self.shown_text())
        painter.end()


class NavigationBar(QFrame):
    """The mini-program navigation bar: home on the left, centred title, the capsule
    (··· menu | ◎ close) on the right, where WeChat puts them."""

    home_requested = Signal()
    copy_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("navBar")
        self.setFixedHeight(44)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 0, 8, 0)
        self.home = QToolButton()
        self.home.setObjectName("navHome")
        self.home.setText("⌂")
        self.home.clicked.connect(self.home_requested)
        row.addWidget(self.home)  # the title centres itself on the bar (TitleLabel)
        self.title = TitleLabel()
        self.title.setObjectName("navTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.title, 1)
        capsule = QFrame()
        capsule.setObjectName("capsule")
        capsule.setFixedSize(88, 32)
        cap_row = QHBoxLayout(capsule)
        cap_row.setContentsMargins(10, 0, 10, 0)
        more = QToolButton()
        more.setObjectName("capsuleButton")
        more.setIcon(icon("capsule_more"))
        self.menu = QMenu(self)
        self.copy_action = self.menu.addAction("")
        self.copy_action.triggered.connect(self.copy_requested)
        self.reload_action = self.menu.addAction("")
        self.reload_action.triggered.connect(self.home_requested)
        more.clicked.connect(lambda: self.menu.popup(more.mapToGlobal(QPoint(0, more.height()))))
        self.more = more
        divider = QFrame()
        divider.setObjectName("capsuleDivider")
        divider.setFixedSize(1, 18)
        close = QToolButton()
        close.setObjectName("capsuleButton")
        close.setIcon(icon("capsule_close"))
        close.clicked.connect(self.home_requested)  # leaving and reopening: a fresh page
        cap_row.addWidget(more)
        cap_row.addStretch(1)
        cap_row.addWidget(divider)
        cap_row.addStretch(1)
        cap_row.addWidget(close)
        row.addWidget(capsule)


INPUT_MIN_H = 38
INPUT_MAX_H = 112


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
        self.edit.setFixedHeight(INPUT_MIN_H)
        self.edit.setTabChangesFocus(True)
        self.edit.document().contentsChanged.connect(self.fit_height)
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

    def fit_height(self) -> None:
        """Grow with the text up to a few lines (WeChat's field does), then scroll."""
        lines = max(1, int(self.edit.document().size().height()))
        line = self.edit.fontMetrics().lineSpacing()
        self.edit.setFixedHeight(max(INPUT_MIN_H, min(INPUT_MAX_H, lines * line + 16)))

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
        self.device = DEVICES[0]
        self.zoom = 1.0
        self._styled_zoom = 1.0
        self.set_device(self.device, 1.0)
        column = QVBoxLayout(self)
        column.setContentsMargins(BEZEL, BEZEL, BEZEL, BEZEL)
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
        self.nav_bar.home_requested.connect(self.chat.clear)
        self.nav_bar.copy_requested.connect(self.copy_reply)
        self.retranslate()

    def set_device(self, device: Device, zoom: float, scale_text: bool = True) -> None:
        """Show `device`'s screen at `zoom` (1.0: one CSS point per pixel).

        With `scale_text` the text scales too (a zoomed page); without, only the frame does
        and the page reflows at full-size text (zoom "Fit": legible whatever the window).
        """
        self.device, self.zoom = device, zoom
        self.setFixedSize(
            round(device.width * zoom) + 2 * BEZEL, round(device.height * zoom) + 2 * BEZEL
        )
        step = round(zoom / ZOOM_STEP) * ZOOM_STEP if scale_text else 1.0
        # re-styling the whole page costs: only when the step changes
        if abs(step - self._styled_zoom) > 1e-6:
            self._styled_zoom = step
            self.setStyleSheet("" if abs(step - 1.0) < 1e-6 else scaled_style(step))

    def fit_zoom(self, height: int) -> float:
        """The zoom at which the phone is `height` pixels tall (at most 1.0)."""
        return max(0.4, min(1.0, (height - 2 * BEZEL) / self.device.height))

    def copy_reply(self) -> None:
        """The capsule menu's "copy reply": the newest reply's markdown to the clipboard."""
        bubbles = self.chat.bubbles
        if bubbles:
            QGuiApplication.clipboard().setText(bubbles[-1].shown_text)
            self.toast.show_message(self.tr("Reply copied"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.nav_bar.title.setText(self.tr("AI Assistant"))
        self.nav_bar.copy_action.setText(self.tr("Copy the reply"))
        self.nav_bar.reload_action.setText(self.tr("Reload the page"))
        self.nav_bar.home.setToolTip(self.tr("Home: a fresh page"))
        self.status_bar.set_network(self.status_bar.network)
