"""Page mode: the window runs the developer's own JS/TS page instead of our transports.

The send button calls the page's send method; the bubbles show exactly the page's
`data.messages` after each (coalesced) `setData` — no typewriter of ours. The run timeline
goes to the latency panel, the wx flows to the network log, `console` and uncaught errors
(with the page's own file and line) to a "Page console" tab. Reload, file watch and a file
picker are on the toolbar.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from simulator.page.errors import PageError
from simulator.page.host import TRANSPORT_NAME, PageHost, PageLog, PageMessage, PageOptions
from simulator.page.origin import OriginMap
from simulator.page.transport import page_source
from simulator.session import RunSettings
from simulator.transports.backend import BackendProfile
from simulator.transports.events import RunFailed
from simulator.ui.devtools.page_console import PageConsole
from simulator.ui.kit.tasks import spawn
from simulator.ui.phone.bubbles import UserBubble, avatar
from simulator.ui.shell.parts import AppParts
from simulator.ui.shell.transports_off import show_transports_off

if TYPE_CHECKING:
    from simulator.check.replay import CellReplay
    from simulator.session.run import RunHandle

log = logging.getLogger(__name__)
PAGE_FILES = "Pages (*.js *.mjs *.ts *.mts)"
FRAME_MS = 16


class ReplyBubble(QWidget):
    """An assistant message as the page set it (plain text, updated in place)."""

    def __init__(self, text: str, max_width: int) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 4, 12, 4)
        row.setSpacing(8)
        frame = QFrame()
        frame.setObjectName("assistantBubble")
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(10, 8, 10, 8)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setMaximumWidth(max_width)
        self.label.setStyleSheet("color: #191919; font-size: 14px;")
        inner.addWidget(self.label)
        row.addWidget(avatar("avatar_bot"), 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(frame, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)


class PageMode(QObject):
    """Binds one page file to the window; `open(path)` (re)loads it."""

    def __init__(self, parts: AppParts, options: PageOptions | None = None) -> None:
        super().__init__(parts.window)
        self.parts = parts
        self.options = options or PageOptions()
        self.path: Path | None = None
        self.host: PageHost | None = None
        self.profile: BackendProfile | None = None
        """The backend the host's page was loaded against."""
        self.busy = False
        self.replay: CellReplay | None = None
        """A check's cell the page runs under (its runtime, JS world, traps), or None."""
        self.loading: asyncio.Task[None] | None = None
        self.sending: asyncio.Task[None] | None = None
        self.run_taps: list[Callable[[RunHandle], None]] = []
        """Told each run the page starts (a replay judges its run)."""
        self._owns_send = False
        self._shown: list[tuple[PageMessage, QWidget]] = []
        self._latest: list[PageMessage] | None = None
        self.load_error: str | None = None
        """Why the current page did not load (said again when the user sends)."""
        self._errors_logged = 0
        self._last_logged = ""
        window = parts.window
        self._settings: RunSettings = window.settings
        window.settings_changed.connect(self._on_settings_changed)
        self.console = PageConsole("pageConsole")
        bar = window.findChild(QToolBar, "toolbar")
        self.page_label = QLabel()
        self.reload_button = QPushButton()
        self.reload_button.clicked.connect(self.reload)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.pick)
        self._page_actions: list[QAction] = []
        """The label and reload button's toolbar actions: shown in page mode only."""
        if bar is not None:
            # in page mode the page's name and Reload take the transport picker's place
            first = window.transport_actions[0] if window.transport_actions else None
            for widget in (self.page_label, self.reload_button):
                action = bar.insertWidget(first, widget) if first else bar.addWidget(widget)
                action.setVisible(False)
                self._page_actions.append(action)
            separator = bar.insertSeparator(first) if first else bar.addSeparator()
            separator.setVisible(False)
            self._page_actions.append(separator)
            bar.addSeparator()
            bar.addWidget(self.open_button)
        self.reload_button.setEnabled(False)
        window.installEventFilter(self)  # its LanguageChange: our texts are re-read too
        self.retranslate()
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_file_changed)
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.reload)
        self._frame = QTimer(self, interval=FRAME_MS)
        self._frame.timeout.connect(self._paint)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parts.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        self.reload_button.setText(self.tr("Reload page"))
        # short on the toolbar (it must fit 1280 px in English too); the tooltip says it all
        self.open_button.setText(self.tr("Page…"))
        self.open_button.setToolTip(self.tr("Open a single-file page (.js, .ts)"))
        tabs = self.parts.window.tabs
        index = tabs.indexOf(self.console)
        if index >= 0:
            tabs.setTabText(index, self.tr("Page console"))
        if self.path is not None:
            self.page_label.setText(self.tr("Page: {0}").format(self.path.name))
            self.page_label.setToolTip(str(self.path))
            why = self.tr("The page picks its own transport")
            self.parts.window.transport_box.setToolTip(why)
            self.parts.window.race_button.setToolTip(why)

    def _enter_page_mode(self) -> None:
        """The console tab, the reload button; the transport picker and race mode are off (the
        status bar says so), and the built-in chat's conversation leaves the phone."""
        window = self.parts.window
        window.on_home_requested()  # its runs stop and its bubbles are forgotten
        window.phone.chat.clear()
        show_transports_off(window)
        window.tabs.addTab(self.console, "")
        for action in self._page_actions:
            action.setVisible(True)
        for action in window.transport_actions:  # the page picks its own transport
            action.setVisible(False)
        window.race_button.setChecked(False)
        window.race_button.setEnabled(False)
        window.transport_box.setEnabled(False)

    # -- loading ---------------------------------------------------------------------------
    def pick(self) -> None:
        start = str(self.path.parent) if self.path else str(Path.cwd())
        name, _ = QFileDialog.getOpenFileName(
            self.parts.window, self.tr("Open page"), start, PAGE_FILES
        )
        if name:
            self.open(Path(name))

    def open(self, path: Path, replay: CellReplay | None = None) -> None:
        """Load `path`; under a check cell's conditions with `replay` (kept over reloads)."""
        if self.replay is not None:
            self.replay.detach()
        self.replay = replay
        if self.path is not None:
            self.watcher.removePath(str(self.path))
        if self.path is None:  # page mode begins with the first page
            self._enter_page_mode()
        self.path = path.resolve()
        self.retranslate()
        self.watcher.addPath(str(self.path))
        self._take_send_button()
        self.reload()

    def reload(self) -> None:
        if self.path is not None:
            old, self.host = self.host, None  # nothing reaches the old page from now on
            self.loading = spawn(self._load(self.path, old), name="page-load")

    def _on_settings_changed(self, settings: RunSettings) -> None:
        # the page's origin map and runtime were made for the old backend: load it anew
        changed = settings.backend_differs(self._settings)
        self._settings = settings
        if changed and self.path is not None:
            self._console(self.tr("— backend changed: reloading"))
            self.reload()

    def _on_file_changed(self, name: str) -> None:
        if name not in self.watcher.files():  # editors replace the file: watch the new one
            self.watcher.addPath(name)
        self._console(self.tr("— {0} changed: reloading").format(Path(name).name))
        self._debounce.start()

    async def _load(self, path: Path, old: PageHost | None) -> None:
        self._frame.stop()
        self.load_error = None
        if old is not None:
            await self._close(old)
        self._clear()
        backend = self.parts.backend
        try:
            profile = await backend.start()
        except Exception as exc:
            self._error(self.tr("backend: {0}").format(exc))
            return
        # A runtime per load (its flows join the session's record: the network panel shows
        # them): the old page's sockets and tasks end with it.
        replay = self.replay
        wx = backend.new_runtime(TRANSPORT_NAME, **(replay.runtime_config() if replay else {}))
        options = replay.page_options() if replay else self.options
        if replay is not None:
            replay.attach(wx)
        # the page's requests carry the scenario picked in the window, as a transport's do
        origin = OriginMap(options.page_origin, profile.base_url, backend.page_scenario)
        host = PageHost(path, wx, origin, options, on_render=self._on_render, on_log=self._on_log)
        self.host, self.profile = host, profile
        logged = self._errors_logged
        try:
            await host.start()
        except PageError as exc:
            if self.host is not host:
                return  # a newer load took over while this one failed: its state stands
            self.host = None  # a page that did not load takes no sends
            self.load_error = str(exc)
            if self._errors_logged == logged:  # not in the console yet (no Node, say)
                self._console(f"! {exc}")
            self._toast(str(exc))
            return
        if self._errors_logged != logged:  # an error while loading that did not stop it
            self._toast(self._last_logged)
        self._frame.start()
        self.reload_button.setEnabled(True)
        style = {"module": self.tr("module"), "page": self.tr("Page({...})")}.get(
            host.style or "", host.style or ""
        )
        loaded = self.tr("— {0} loaded in {1} ms ({2} style)")
        self._console(loaded.format(path.name, f"{(host.start_s or 0) * 1000:.0f}", style))
        if self.options.inspect_port is not None:
            debugger = self.tr("— debugger on 127.0.0.1:{0}: chrome://inspect")
            self._console(debugger.format(self.options.inspect_port))

    async def stop(self) -> None:
        host, self.host = self.host, None
        self._frame.stop()
        if host is not None:
            await self._close(host)

    @staticmethod
    async def _close(host: PageHost) -> None:
        await host.stop()
        await host.wx.aclose()

    # -- sending ---------------------------------------------------------------------------
    def _take_send_button(self) -> None:
        if self._owns_send:
            return
        bar = self.parts.window.phone.input_bar
        bar.send_requested.disconnect(self.parts.window.on_send_requested)
        bar.send_requested.connect(self.on_send_requested)
        self._owns_send = True

    def on_send_requested(self, text: str) -> None:
        if self.load_error is not None:
            self._toast(self.tr("The page did not load: {0}").format(self.load_error))
            return
        if self.host is None or self.profile is None or self.busy:
            self._error(self.tr("the page is not running: reload it"))
            return
        self.busy = True  # at once: a second click before the run starts is refused too
        self.sending = spawn(self._send(self.host, self.profile, text), name="page-send")

    async def _send(self, host: PageHost, profile: BackendProfile, text: str) -> None:
        window = self.parts.window

        # the session makes the run and its handle, as for a transport row; the page's own
        # messages are painted here, so the window's bubble path is not used
        run = self.parts.backend.launch(page_source(host, profile), text, name=TRANSPORT_NAME)
        run.listen(lambda r, e: window.network_log.model.on_run_event_received(r.transport, e))
        window.latency.network_of[run.id] = window.settings.network  # the history row's label
        window.latency.on_run_started(run)
        window.phone.input_bar.on_busy_changed(True)
        for tap in self.run_taps:
            tap(run)
        try:
            outcome = await run.wait()
            if isinstance(outcome, RunFailed):
                self._error(outcome.error)
        finally:
            self.busy = False
            with contextlib.suppress(RuntimeError):  # the window may be gone (app closing)
                window.phone.input_bar.on_busy_changed(False)
                window.latency.on_run_finished(run)
                window.on_painting_finished(run)  # latency panel, chart and the stored history

    # -- the page's output -----------------------------------------------------------------
    def _on_render(self, messages: list[PageMessage]) -> None:
        self._latest = messages  # painted on the next frame: a setData flood costs one paint

    def _paint(self) -> None:
        messages, self._latest = self._latest, None
        if messages is None:
            return
        chat = self.parts.window.phone.chat
        width = chat.bubble_width()
        keep = 0
        for (old, widget), new in zip(self._shown, messages, strict=False):
            if old.role != new.role or (old != new and new.role != "assistant"):
                break
            if old.content != new.content and isinstance(widget, ReplyBubble):
                widget.label.setText(new.content)
            self._shown[keep] = (new, widget)
            keep += 1
        for _, widget in self._shown[keep:]:
            widget.deleteLater()
        del self._shown[keep:]
        for message in messages[keep:]:
            bubble: QWidget = (
                UserBubble(message.content, width)
                if message.role == "user"
                else ReplyBubble(message.content, width)
            )
            chat.append_widget(bubble)
            self._shown.append((message, bubble))

    def _clear(self) -> None:
        for _, widget in self._shown:
            widget.deleteLater()
        self._shown.clear()

    def _on_log(self, line: PageLog) -> None:
        text = f"[{line.level}] {line.text}" + (f"\n{line.stack}" if line.stack else "")
        self._console(text)
        if self.replay is not None:
            self.replay.log(line)
        if line.level == "page-error":
            self._errors_logged += 1
            self._last_logged = line.text
            if self.host is not None and self.host.start_s is not None:  # load errors: _load
                self._toast(line.text)

    def _console(self, text: str) -> None:
        self.console.post(text)

    def _error(self, text: str) -> None:
        self._console(f"! {text}")
        self._toast(text)

    def _toast(self, text: str) -> None:
        self.parts.window.on_error_occurred(text.splitlines()[0] if text else text)


def install_page_mode(
    parts: AppParts, path: Path | None, options: PageOptions | None = None
) -> PageMode:
    """Add the page controls to the window; open `path` now when given."""
    mode = PageMode(parts, options)
    if path is not None:
        mode.open(path)
    return mode
