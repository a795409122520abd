"""The main window: the phone (or race lanes) on the left, latency and network log on the right."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QWidget,
)

from simulator.transports.events import RunEvent, TransportNote
from simulator.transports.registry import TRANSPORTS, picker_names, transport_spec
from simulator.typewriter import Policy
from simulator.ui.bubbles import AssistantBubble
from simulator.ui.controller import ChatController
from simulator.ui.frame_clock import FrameClock
from simulator.ui.i18n import LANGUAGES
from simulator.ui.latency_panel import LatencyPanel
from simulator.ui.network_log import NetworkLog
from simulator.ui.phone import PhonePage
from simulator.ui.race_view import RACE_TRANSPORTS, RaceView
from simulator.ui.run import Run
from simulator.ui.settings import UiSettings
from simulator.ui.settings_dialog import SettingsDialog
from simulator.ui.toast import Toast
from simulator.wx.events import WxEvent


class MainWindow(QMainWindow):
    """Wires the controller's signals to the bubbles, the latency panel and the network log."""

    settings_changed = Signal(object)
    """(UiSettings) the user accepted new settings."""
    language_requested = Signal(str)
    close_requested = Signal()

    def __init__(self, controller: ChatController, settings: UiSettings, clock: FrameClock) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.controller = controller
        self.settings = settings
        self.clock = clock
        if clock.parent() is None:
            clock.setParent(self)  # no frame may tick a bubble after the window is gone
        self.bubbles: dict[int, AssistantBubble] = {}
        self.settings_dialog: SettingsDialog | None = None

        self.phone = PhonePage(clock)
        phone_holder = QWidget()
        phone_holder.setObjectName("phoneHolder")
        holder_row = QHBoxLayout(phone_holder)
        holder_row.addWidget(self.phone, 0, Qt.AlignmentFlag.AlignCenter)
        self.race = RaceView(clock)
        self.race_toast = Toast(self.race)
        self.stack = QStackedWidget()
        self.stack.addWidget(phone_holder)
        self.stack.addWidget(self.race)
        self.latency = LatencyPanel()
        self.network_log = NetworkLog(tuple(spec.name for spec in TRANSPORTS))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.latency, "")
        self.tabs.addTab(self.network_log, "")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 900])
        self.setCentralWidget(splitter)
        self.splitter = splitter
        self._build_toolbar()
        self.apply_settings(settings)

        self.phone.input_bar.send_requested.connect(self.on_send_requested)
        self.phone.input_bar.stop_requested.connect(controller.stop)
        self.race.input_bar.send_requested.connect(self.on_race_requested)
        self.race.input_bar.stop_requested.connect(controller.stop)
        controller.busy_changed.connect(self.phone.input_bar.on_busy_changed)
        controller.busy_changed.connect(self.race.input_bar.on_busy_changed)
        controller.run_started.connect(self.on_run_started)
        controller.run_event_received.connect(self.on_run_event_received)
        controller.run_finished.connect(self.latency.on_run_finished)
        controller.run_trace_received.connect(self.latency.on_run_trace_received)
        controller.error_occurred.connect(self.on_error_occurred)
        self.retranslate()
        self.resize(1500, 940)

    def _build_toolbar(self) -> None:
        bar = QToolBar()
        bar.setMovable(False)
        bar.setObjectName("toolbar")
        self.addToolBar(bar)
        self.transport_label = QLabel()
        self.transport_box = QComboBox()
        for index, name in enumerate(picker_names()):
            self.transport_box.addItem(name)
            label = QCoreApplication.translate("Transports", transport_spec(name).label)
            self.transport_box.setItemData(index, label, Qt.ItemDataRole.ToolTipRole)
        self.transport_box.currentTextChanged.connect(self.on_transport_changed)
        self.race_button = QPushButton()
        self.race_button.setCheckable(True)
        self.race_button.toggled.connect(self.on_race_toggled)
        self.language_box = QComboBox()
        for code, name in LANGUAGES.items():
            self.language_box.addItem(name, code)
        self.language_box.currentIndexChanged.connect(self.on_language_changed)
        self.settings_button = QPushButton()
        self.settings_button.clicked.connect(self.on_settings_clicked)
        self.backend_label = QLabel()
        self.backend_label.setObjectName("backendLabel")
        for widget in (self.transport_label, self.transport_box, self.race_button):
            bar.addWidget(widget)
        bar.addSeparator()
        bar.addWidget(self.language_box)
        bar.addWidget(self.settings_button)
        bar.addSeparator()
        bar.addWidget(self.backend_label)

    # -- settings ----------------------------------------------------------------------------
    def apply_settings(self, settings: UiSettings) -> None:
        """Show `settings` (transport, language, typewriter) without emitting requests."""
        self.settings = settings
        for chat in [self.phone.chat, *(lane.chat for lane in self.race.lanes.values())]:
            chat.chars_per_second = float(settings.typewriter_cps)
            try:
                chat.policy = Policy(settings.typewriter_policy)
            except ValueError:
                chat.policy = Policy.ADAPTIVE
        self.transport_box.blockSignals(True)
        self.transport_box.setCurrentText(settings.transport)
        self.transport_box.blockSignals(False)
        self.phone.set_transport_label(settings.transport)
        index = self.language_box.findData(settings.language)
        self.language_box.blockSignals(True)
        self.language_box.setCurrentIndex(max(index, 0))
        self.language_box.blockSignals(False)
        self.set_backend_text(settings.backend_url or "")

    def set_backend_text(self, url: str) -> None:
        self._backend_url = url
        self.retranslate()

    def on_transport_changed(self, name: str) -> None:
        self.phone.set_transport_label(name)
        self.settings_changed.emit(self.settings.with_changes(transport=name))

    def on_language_changed(self, _index: int) -> None:
        self.language_requested.emit(self.language_box.currentData())

    def on_settings_clicked(self) -> None:
        # open(), not exec(): a nested event loop would run asyncio callbacks re-entrantly
        if self.settings_dialog is not None:
            self.settings_dialog.deleteLater()
        self.settings_dialog = SettingsDialog(self.settings, self)
        self.settings_dialog.accepted.connect(self.on_settings_accepted)
        self.settings_dialog.open()

    def on_settings_accepted(self) -> None:
        if self.settings_dialog is not None:
            self.settings_changed.emit(self.settings_dialog.result_settings())

    def on_race_toggled(self, on: bool) -> None:
        self.stack.setCurrentIndex(1 if on else 0)
        total = sum(self.splitter.sizes())
        left = int(total * 0.6) if on else 560
        self.splitter.setSizes([left, total - left])

    # -- runs ----------------------------------------------------------------------------------
    def on_send_requested(self, text: str) -> None:
        self.phone.chat.add_user(text)
        self.controller.send(text, self.transport_box.currentText())

    def on_race_requested(self, text: str) -> None:
        self.controller.race(text, list(RACE_TRANSPORTS))

    def on_run_started(self, run: Run) -> None:
        bubble = self.race.add_run(run) if run.race else self.phone.chat.add_assistant(run)
        if bubble is None:
            return
        self.bubbles[run.id] = bubble
        bubble.painting_finished.connect(lambda r=run: self.on_painting_finished(r))
        self.latency.on_run_started(run)

    def on_run_event_received(self, run: Run, event: RunEvent) -> None:
        bubble = self.bubbles.get(run.id)
        if bubble is not None:
            bubble.on_run_event(event)
        self.network_log.model.on_run_event_received(run.transport, event)
        if isinstance(event, TransportNote):
            self.on_error_occurred(f"{run.transport}: {event.message}")

    def on_painting_finished(self, run: Run) -> None:
        self.latency.on_painting_finished(run)

    def on_wx_event_received(self, transport: str, event: WxEvent) -> None:
        self.network_log.model.on_wx_event_received(transport, event)

    def on_error_occurred(self, message: str) -> None:
        toast = self.race_toast if self.stack.currentIndex() == 1 else self.phone.toast
        toast.show_message(message)

    # -- window --------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        # Nothing may paint or measure once the window is closed: a bubble finishing its typing
        # would start a measurement task after the app's loop has stopped.
        self.clock.stop()
        self.latency.stop()
        self.close_requested.emit()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("WeChat mini-program streaming chat simulator"))
        self.transport_label.setText(self.tr("Transport "))
        self.race_button.setText(self.tr("Race mode"))
        self.settings_button.setText(self.tr("Settings…"))
        self.tabs.setTabText(0, self.tr("Latency"))
        self.tabs.setTabText(1, self.tr("Network log"))
        url = getattr(self, "_backend_url", "")
        self.backend_label.setText(
            self.tr("Backend: {0}").format(url) if url else self.tr("Backend: embedded stub")
        )
