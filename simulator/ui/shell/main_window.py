# Over 400 lines: the window's composition and its slots.
"""The main window: the phone (or race lanes) on the left, latency and network log on the right."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from simulator.history import EMBEDDED_STUB, HistoryStore, record_from_metrics
from simulator.session.registry import NETWORK_PROFILES
from simulator.session.run import RunHandle
from simulator.transports.events import RunEvent
from simulator.transports.registry import TRANSPORTS, picker_names, transport_spec
from simulator.typewriter import Policy
from simulator.ui.devtools.latency_panel import LatencyPanel
from simulator.ui.devtools.network_log import NetworkLog
from simulator.ui.devtools.network_model import NetworkLogModel
from simulator.ui.dialogs.settings_dialog import PAGE_OF, SettingsDialog
from simulator.ui.kit.frame_clock import FrameClock
from simulator.ui.kit.i18n import LANGUAGES
from simulator.ui.kit.messages import translate_lines
from simulator.ui.kit.settings import UiSettings
from simulator.ui.kit.tasks import spawn
from simulator.ui.phone.bubbles import AssistantBubble
from simulator.ui.phone.phone import DEVICES, ZOOMS, PhonePage
from simulator.ui.phone.toast import Toast
from simulator.ui.shell.controller import ChatController
from simulator.ui.shell.race_view import RACE_TRANSPORTS, RaceView
from simulator.ui.shell.scenarios import PRESETS, preset_for
from simulator.ui.shell.scenarios import tr as scenario_tr

if TYPE_CHECKING:
    from simulator.ui.devtools.history_panel import HistoryPanel

MIN_WIDTH, MIN_HEIGHT = 1024, 640
"""The smallest window: inside 1280×720 (and 1366×768) with room for the desktop's bars."""
PREFERRED_SIZE = (1366, 768)
"""The window's size at start when the screen has room for it."""


SCENARIO_BOX_CHARS = 17
"""The preset box's width in characters: the longest preset name."""
CUSTOM_SCENARIO_CHARS = 10
"""A custom scenario longer than this is cut in the preset box (its tooltip has all of it)."""


class MainWindow(QMainWindow):
    """Wires the controller's signals to the bubbles, the latency panel and the network log."""

    settings_changed = Signal(object)
    """(UiSettings) the user accepted new settings."""
    view_changed = Signal(object)
    """(UiSettings) device or zoom changed: save, nothing to reconfigure."""
    language_requested = Signal(str)
    close_requested = Signal()

    def __init__(
        self,
        controller: ChatController,
        settings: UiSettings,
        clock: FrameClock,
        history: HistoryStore | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.controller = controller
        self.settings = settings
        self.clock = clock
        if clock.parent() is None:
            clock.setParent(self)  # no frame may tick a bubble after the window is gone
        self.bubbles: dict[int, AssistantBubble] = {}
        self._backend_url = settings.backend_url
        self._stub_url: str | None = None
        """The embedded stub's address once it runs (shown with its name)."""
        self._conditions: dict[int, UiSettings] = {}
        self._subject = ""
        """What is open (a project's name), said before the window's name in its title."""
        self._race_of: dict[int, tuple[RunHandle, ...]] = {}
        """A race run's id → every run of that race (judged against each other)."""
        self.settings_dialog: SettingsDialog | None = None
        self.first_use_probe: QDialog | None = None
        """The probe of a backend URL's first use, while it is open (`shell.first_use`)."""

        self.phone = PhonePage(clock)
        phone_holder = QWidget()
        phone_holder.setObjectName("phoneHolder")
        holder_row = QHBoxLayout(phone_holder)
        holder_row.addWidget(self.phone, 0, Qt.AlignmentFlag.AlignCenter)
        self.race = RaceView(clock)
        self.race_toast = Toast(self.race)
        self.stack = QStackedWidget()
        # the phone's size follows the pane (zoom "fit"), so the pane must not follow the phone
        phone_scroll = QScrollArea()
        phone_scroll.setObjectName("phoneScroll")
        phone_scroll.setWidgetResizable(True)
        phone_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        phone_scroll.setWidget(phone_holder)
        self.stack.addWidget(phone_scroll)
        self.stack.addWidget(self.race)
        self.latency = LatencyPanel()
        # The network and history tabs are built when first needed: the model views the
        # session's flow records from the start, the widgets cost nothing before the first paint.
        self.network_model = NetworkLogModel(controller.session)
        self.history_store = history
        self._network_log: NetworkLog | None = None
        self._history: HistoryPanel | None = None
        self.tabs = QTabWidget()
        self.tabs.addTab(self.latency, "")
        self.tabs.addTab(QWidget(), "")
        self.tabs.addTab(QWidget(), "")
        self.tabs.currentChanged.connect(self._build_tab)
        self.tabs.setMinimumWidth(420)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        splitter.setSizes([480, 800])
        self.setCentralWidget(splitter)
        self.splitter = splitter
        self._build_toolbar()
        self.apply_settings(settings)

        self.phone.input_bar.send_requested.connect(self.on_send_requested)
        self.phone.input_bar.stop_requested.connect(self.on_stop_requested)
        self.race.input_bar.send_requested.connect(self.on_race_requested)
        self.race.input_bar.stop_requested.connect(self.on_stop_requested)
        self.phone.nav_bar.home_requested.connect(self.on_home_requested)
        controller.busy_changed.connect(self.update_busy)
        controller.run_started.connect(self.on_run_started)
        controller.run_event_received.connect(self.on_run_event_received)
        controller.run_finished.connect(self.latency.on_run_finished)
        controller.run_trace_received.connect(self.latency.on_run_trace_received)
        controller.error_occurred.connect(self.on_error_occurred)
        self.retranslate()
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        self.fit_screen()

    def fit_screen(self) -> None:
        """The preferred size, but never larger than the screen's free area (1280×720 too)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        free = screen.availableGeometry() if screen is not None else None
        width, height = PREFERRED_SIZE
        if free is not None:
            width, height = min(width, free.width()), min(height, free.height())
        self.resize(width, height)  # the minimum size wins on a screen smaller still

    def _build_toolbar(self) -> None:
        bar = QToolBar()
        bar.setMovable(False)
        bar.setObjectName("toolbar")
        self.addToolBar(bar)
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
        self.chip = QToolButton()
        """The network profile in force (orange when it or the scenario is unusual), one click
        to change; its width is the longest profile's, so nothing moves when it changes."""
        self.chip.setObjectName("conditionChip")
        self.chip.clicked.connect(lambda: self.on_settings_clicked(page_of="network"))
        self.scenario_box = QComboBox()
        for preset in PRESETS:
            self.scenario_box.addItem(preset.name, preset.spec)
        self.scenario_box.addItem("", None)  # the custom scenario of the settings, if any
        # a width of its own, not its items': a new scenario never moves the controls after it
        self.scenario_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scenario_box.setMinimumContentsLength(SCENARIO_BOX_CHARS)
        self.scenario_box.currentIndexChanged.connect(self.on_scenario_picked)
        self.device_box = QComboBox()
        for device in DEVICES:
            self.device_box.addItem(device.name, device)
        self.zoom_box = QComboBox()
        for zoom in ZOOMS:
            self.zoom_box.addItem("", zoom)
        self.device_box.currentIndexChanged.connect(self.on_device_changed)
        self.zoom_box.currentIndexChanged.connect(self.on_device_changed)
        self.panel_button = QPushButton()
        self.panel_button.setCheckable(True)
        self.panel_button.setChecked(True)
        self.panel_button.toggled.connect(self.tabs.setVisible)
        groups: tuple[tuple[QWidget, ...], ...] = (
            # no "Transport" label: the box's tooltip names it, the toolbar fits 1280 px in English
            (self.transport_box, self.race_button),
            (self.chip, self.scenario_box),
            (self.device_box, self.zoom_box, self.panel_button),
            (self.language_box, self.settings_button),
        )
        self.transport_actions: list[QAction] = []
        """The transport picker's actions: page mode hides them (the page picks its own)."""
        for i, group in enumerate(groups):
            if i:
                separator = bar.addSeparator()
                if i == 1:
                    self.transport_actions.append(separator)
            for widget in group:
                action = bar.addWidget(widget)
                if i == 0:
                    self.transport_actions.append(action)
        # what is only read, not clicked, goes to the status bar: the toolbar keeps its room
        self.statusBar().setObjectName("statusBar")
        self.statusBar().addWidget(self.backend_label)

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
        self.phone.status_bar.set_network(settings.network)
        for box, value in (
            (self.device_box, next((d for d in DEVICES if d.name == settings.device), DEVICES[0])),
            (self.zoom_box, settings.zoom if settings.zoom in ZOOMS else 0.0),
        ):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value)))
            box.blockSignals(False)
        if self.isVisible():  # before the first show the pane has no height to fit yet
            self.fit_phone()
        index = self.language_box.findData(settings.language)
        self.language_box.blockSignals(True)
        self.language_box.setCurrentIndex(max(index, 0))
        self.language_box.blockSignals(False)
        self.set_backend_text(settings.backend_url or "")

    def _show_conditions(self) -> None:
        """The chip and the preset box say which network profile and scenario are in force."""
        s = self.settings
        preset = preset_for(s.scenario)
        scenario = scenario_tr(preset.name) if preset else s.scenario
        network = self.network_names.get(s.network, s.network)
        self.chip.setText(self._chip_text(network))
        self.chip.setFixedWidth(self._chip_width())
        explained = scenario_tr(preset.explanation) if preset else s.scenario  # the whole spec
        self.chip.setToolTip(
            self.tr("Network: {0} · Scenario: {1}").format(network, scenario) + "\n" + explained
        )
        custom = self.tr("Custom (settings)")
        if not preset:
            short = s.scenario
            if len(short) > CUSTOM_SCENARIO_CHARS:
                short = short[: CUSTOM_SCENARIO_CHARS - 1] + "…"
            custom = self.tr("Custom: {0}").format(short)
        self.scenario_box.setItemText(len(PRESETS), custom)
        self.scenario_box.setItemData(
            len(PRESETS), s.scenario if not preset else custom, Qt.ItemDataRole.ToolTipRole
        )
        profile = NETWORK_PROFILES.get(s.network)
        warn = profile is None or profile.unusual or bool(s.scenario)
        self.chip.setProperty("warn", warn)
        self.chip.style().unpolish(self.chip)
        self.chip.style().polish(self.chip)
        index = PRESETS.index(preset) if preset else len(PRESETS)
        self.scenario_box.blockSignals(True)
        self.scenario_box.setCurrentIndex(index)
        self.scenario_box.blockSignals(False)

    def _chip_text(self, network: str) -> str:
        return self.tr("Network: {0}").format(network)

    def _chip_width(self) -> int:
        """Wide enough for every profile's name: the toolbar never shifts when it changes."""
        metrics = self.chip.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(self._chip_text(name)) for name in self.network_names.values()
        )
        return widest + 30  # the chip's padding and border (style.qss)

    def set_backend_text(self, url: str, stub_url: str | None = None) -> None:
        """`url`: the real backend's ("" = the embedded stub, at `stub_url` when known)."""
        self._backend_url = url
        if stub_url is not None:
            self._stub_url = stub_url
        self.retranslate()

    def on_transport_changed(self, name: str) -> None:
        self.settings_changed.emit(self.settings.with_changes(transport=name))

    def on_language_changed(self, _index: int) -> None:
        self.language_requested.emit(self.language_box.currentData())

    def on_settings_clicked(self, *_checked: object, page_of: str = "") -> None:
        """Open the settings; `page_of` a field whose tab is shown first (the chip: network)."""
        # open(), not exec(): a nested event loop would run asyncio callbacks re-entrantly
        if self.settings_dialog is not None:
            self.settings_dialog.deleteLater()
        self.settings_dialog = SettingsDialog(self.settings, self)
        if page_of in PAGE_OF:
            self.settings_dialog.pages.setCurrentIndex(PAGE_OF[page_of])
        self.settings_dialog.accepted.connect(self.on_settings_accepted)
        self.settings_dialog.open()

    def on_settings_accepted(self) -> None:
        if self.settings_dialog is not None:
            self.settings_changed.emit(self.settings_dialog.result_settings())

    def on_scenario_picked(self, _index: int) -> None:
        spec = self.scenario_box.currentData()
        if spec is not None and spec != self.settings.scenario:
            self.settings_changed.emit(self.settings.with_changes(scenario=spec))

    def on_race_toggled(self, on: bool) -> None:
        self.stack.setCurrentIndex(1 if on else 0)
        total = sum(self.splitter.sizes())
        left = int(total * 0.6) if on else self.phone.width() + 40
        self.splitter.setSizes([left, total - left])
        if not on:
            self.latency.leave_race()

    # -- lazy tabs -------------------------------------------------------------------------
    @property
    def network_log(self) -> NetworkLog:
        if self._network_log is None:
            self._network_log = NetworkLog(tuple(spec.name for spec in TRANSPORTS),
                                           self.network_model)  # fmt: skip
            self._put_tab(1, self._network_log)
        return self._network_log

    @property
    def history(self) -> HistoryPanel:
        if self._history is None:
            from simulator.ui.devtools import (
                history_panel,  # built on first use, after the first paint
            )

            self._history = history_panel.HistoryPanel(self.history_store)
            self._put_tab(2, self._history)
        return self._history

    def _put_tab(self, index: int, widget: QWidget) -> None:
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        old = self.tabs.widget(index)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, widget, "")
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        if old is not None:
            old.deleteLater()
        self.retranslate()

    def _build_tab(self, index: int) -> None:
        if index == 1:
            self.network_log.show()
        elif index == 2:
            self.history.show()

    # -- phone size ----------------------------------------------------------------------
    def on_device_changed(self, *_args: object) -> None:
        self.fit_phone()
        device = self.device_box.currentData() or DEVICES[0]
        zoom = float(self.zoom_box.currentData() or 0.0)
        # only the view changed: remembered, but the backend and its runtimes stay as they are
        self.settings = self.settings.with_changes(device=device.name, zoom=zoom)
        self.view_changed.emit(self.settings)

    def fit_phone(self, *_args: object) -> None:
        """Apply the device preset and zoom; "fit" scales the phone to the height it has."""
        device = self.device_box.currentData() or DEVICES[0]
        zoom = float(self.zoom_box.currentData() or 0.0)
        fit = zoom == 0.0
        if fit:
            self.phone.device = device
            zoom = self.phone.fit_zoom(self.stack.height() - 24)
        self.phone.set_device(device, zoom, scale_text=not fit)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self.fit_phone)  # after the layout gave the stack its new height

    # -- runs ----------------------------------------------------------------------------------
    def on_send_requested(self, text: str) -> None:
        self.phone.chat.add_user(text)
        self.controller.send(text, self.transport_box.currentText())

    def on_race_requested(self, text: str) -> None:
        runs = tuple(self.controller.race(text, list(RACE_TRANSPORTS)))
        self._race_of.update((run.id, runs) for run in runs)

    def on_run_started(self, run: RunHandle) -> None:
        bubble = self.race.add_run(run) if run.race else self.phone.chat.add_assistant(run)
        if bubble is None:
            return
        self.bubbles[run.id] = bubble
        self._conditions[run.id] = self.settings  # what it ran under, whatever changes later
        self.latency.network_of[run.id] = self.settings.network
        bubble.painting_finished.connect(lambda r=run: self.on_painting_finished(r))
        self.latency.on_run_started(run)

    def on_stop_requested(self) -> None:
        """Stop the runs and the typing: what arrived is shown at once."""
        self.controller.stop()
        for bubble in self.bubbles.values():
            if bubble.painting:
                bubble.stop_typing()

    def on_home_requested(self) -> None:
        """The page is reloaded: its runs stop, its bubbles are gone."""
        self.controller.stop()
        gone = set(self.phone.chat.bubbles)
        self.bubbles = {k: b for k, b in self.bubbles.items() if b not in gone}
        self.update_busy()

    def update_busy(self, *_args: object) -> None:
        """Stop stays while a run streams or a bubble still types."""
        busy = self.controller.busy or any(b.painting for b in self.bubbles.values())
        self.phone.input_bar.on_busy_changed(busy)
        self.race.input_bar.on_busy_changed(busy)

    def on_run_event_received(self, run: RunHandle, event: RunEvent) -> None:
        bubble = self.bubbles.get(run.id)
        if bubble is not None:
            bubble.on_run_event(event)
        self.network_model.on_run_event_received(run.transport, event)
        # a note (a refused partial read, a reconnect) is not an error: it goes under the
        # bubble and into the network log, never in a toast over the reply

    def on_painting_finished(self, run: RunHandle) -> None:
        self.latency.on_painting_finished(run)
        self.update_busy()
        if self.history_store is not None:
            spawn(self._remember(run), name=f"history-{run.id}")

    async def _remember(self, run: RunHandle) -> None:
        """Add the finished run to the SQLite history, judged and measured off the UI thread."""
        from simulator.ui.shell.run_verdict import judge_window_run  # after the first paint

        s = self._conditions.pop(run.id, self.settings)
        mates = self._race_of.pop(run.id, ())
        # the session attaches the backend's trace (the oracle) before the run's task ends;
        # a race is judged once every lane ended (their texts are compared on a probed backend)
        await asyncio.gather(*(r.wait() for r in (run, *mates) if r.task is not None))
        profile = self.controller.session.profile
        deterministic = profile.deterministic if profile is not None else None
        judged = await asyncio.to_thread(judge_window_run, run, s.scenario, mates, deterministic)
        if judged is None:
            return
        metrics, verdict = judged
        record = record_from_metrics(
            metrics,
            backend=s.backend_url or EMBEDDED_STUB,
            network=s.network,
            scenario=s.scenario,
            settings={"cps": s.typewriter_cps, "policy": s.typewriter_policy,
                      "download_fidelity": s.download_fidelity, "race": run.race,
                      "base_library_version": s.base_library_version},
            verdict=verdict,
        )  # fmt: skip
        if self._history is not None:
            await self._history.add(record)
        elif self.history_store is not None:
            await asyncio.to_thread(self.history_store.add, record)

    def on_error_occurred(self, message: str) -> None:
        toast = self.race_toast if self.stack.currentIndex() == 1 else self.phone.toast
        toast.show_message(translate_lines(message))

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

    def set_subject(self, subject: str) -> None:
        """Name what is open (a project) in the title, before the window's own name."""
        self._subject = subject
        self._set_title()

    def _set_title(self) -> None:
        name = self.tr("WeChat mini-program streaming chat simulator")
        self.setWindowTitle(f"{self._subject} — {name}" if self._subject else name)

    def retranslate(self) -> None:
        self._set_title()
        self.network_names = {
            name: QCoreApplication.translate("Networks", p.label or name)
            for name, p in NETWORK_PROFILES.items()
        }
        if self.transport_box.isEnabled():  # page mode says why it is off instead
            self.transport_box.setToolTip(self.tr("Transport: how the chat page streams the reply"))
        self.race_button.setText(self.tr("Race mode"))
        self.settings_button.setText(self.tr("Settings…"))
        self.tabs.setTabText(0, self.tr("Latency"))
        self.tabs.setTabText(1, self.tr("Network"))
        self.tabs.setTabText(2, self.tr("History"))
        self.panel_button.setText(self.tr("Panels"))
        self.panel_button.setToolTip(self.tr("Show or hide the measurement panels"))
        for i, preset in enumerate(PRESETS):
            self.scenario_box.setItemText(i, scenario_tr(preset.name))
            self.scenario_box.setItemData(
                i, scenario_tr(preset.explanation), Qt.ItemDataRole.ToolTipRole
            )
        for i, device in enumerate(DEVICES):
            self.device_box.setItemText(i, QCoreApplication.translate("Phone", device.name))
        for i, zoom in enumerate(ZOOMS):
            self.zoom_box.setItemText(i, self.tr("Fit") if zoom == 0 else f"{zoom:.0%}")
        self._show_conditions()
        url, stub = self._backend_url, self._stub_url
        if url:
            text = self.tr("Backend: {0}").format(url)
        elif stub:
            text = self.tr("Backend: embedded stub ({0})").format(urlsplit(stub).netloc or stub)
        else:
            text = self.tr("Backend: embedded stub")
        self.backend_label.setText(text)
