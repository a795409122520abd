# Over 400 lines: one project's life in the window (open, reload, chrome, runs, inspectors).
"""Project mode in the window: the developer's mini-program project runs in the phone.

The phone's body becomes a `PageView` (the view layer's renderer in QtWebEngine) with native
chrome drawn from `wx.ui` around it (phone/native_chrome.py). The person types into the
page's own input and taps its own button; `FollowingHost` holds that tap until the session
made the run's handle, so the run shows in the latency panel, chart, history and network log
as a transport's does. DevTools' AppData and WXML inspectors and the page console are tabs.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMenu,
    QToolBar,
    QToolButton,
    QVBoxLayout,
)

from simulator.page.errors import PageError
from simulator.page.host import PageLog
from simulator.page.origin import OriginMap
from simulator.page.transport import PageTransport
from simulator.project.follow import FollowingHost, FollowSender
from simulator.project.host import TRANSPORT_NAME
from simulator.project.loader import Project, load_project
from simulator.project.options import ProjectOptions
from simulator.session import RunSettings
from simulator.transports.backend import BackendProfile
from simulator.transports.base import Transport
from simulator.transports.events import RunFailed
from simulator.ui.devtools.appdata_panel import AppDataPanel
from simulator.ui.devtools.page_console import PageConsole
from simulator.ui.devtools.wxml_panel import WxmlPanel
from simulator.ui.kit.settings import APPLICATION, ORGANIZATION
from simulator.ui.kit.tasks import spawn
from simulator.ui.phone.native_chrome import NativeChrome, TabBarView
from simulator.ui.phone.page_view import PageView
from simulator.ui.shell.parts import AppParts
from simulator.ui.shell.project_name import project_name
from simulator.ui.shell.transports_off import show_transports_off
from simulator.wx.native import NativeOptions
from simulator.wx.storage import project_storage_dir
from simulator.wx.system import DEVICE_PRESETS
from simulator.wx.ui.state import AutoAnswers

if TYPE_CHECKING:
    from simulator.check.replay import CellReplay

log = logging.getLogger(__name__)
RECENT_KEY = "recent_projects"
MAX_RECENT = 8
INSPECT_MS = 250


def detect_framework(root: Path) -> str:
    """Native, Taro or uni-app, from the compiled output's own files."""

    def has(name: str, *marks: str) -> bool:
        path = root / name
        if not path.is_file():
            return False
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:400_000]
        except OSError:
            return False
        return any(m in head for m in marks)

    if (root / "taro.js").is_file() or has("vendors.js", "@tarojs") or has("app.js", "@tarojs"):
        return "Taro"
    if has("common/vendor.js", "uni-app", "uni.", "@dcloudio") or has("app.js", "common/vendor"):
        return "uni-app"
    return "native"


def recent_projects(store: QSettings | None = None) -> list[str]:
    store = store or QSettings(ORGANIZATION, APPLICATION)
    raw = store.value(RECENT_KEY)
    return [p for p in str(raw or "").split("\n") if p]


def remember_project(path: Path, store: QSettings | None = None) -> list[str]:
    store = store or QSettings(ORGANIZATION, APPLICATION)
    items = [str(path), *(p for p in recent_projects(store) if p != str(path))][:MAX_RECENT]
    store.setValue(RECENT_KEY, "\n".join(items))
    return items


class ProjectMode(QObject):
    """Binds one project folder to the window; `open(folder)` (re)opens it."""

    def __init__(self, parts: AppParts, options: ProjectOptions | None = None) -> None:
        super().__init__(parts.window)
        self.parts = parts
        self.options = options
        self.folder: Path | None = None
        self.project: Project | None = None
        self.framework = ""
        self.host: FollowingHost | None = None
        self.profile: BackendProfile | None = None
        self.chrome: NativeChrome | None = None
        self.tab_bar: TabBarView | None = None
        self.load_error: str | None = None
        self.runs: list[Any] = []
        self.run_taps: list[Callable[[Any], None]] = []
        """Told each run a send starts (a replay judges its run)."""
        self.replay: CellReplay | None = None
        """A check's cell the project runs under (its runtime, JS table, traps), or None."""
        self.view: PageView | None = None
        self.loading: asyncio.Task[None] | None = None
        """The open (re)load, until it ends (automation waits on it)."""
        self.answer_dialogs = False
        """Modals and action sheets answered at once (`auto --dialogs auto`), not by a person."""
        self.log_taps: list[Callable[[PageLog], None]] = []
        self.host_taps: list[Callable[[FollowingHost], None]] = []
        """Told each console line and each host that started (the window's automation)."""
        self.device_width = 0
        """The device preset's width in CSS px (the boot's windowWidth)."""
        self.name_label = QLabel()
        """The open project's name, in the status bar (its path in the tooltip)."""
        self.name_label.setObjectName("projectName")
        self.name_label.hide()
        parts.window.statusBar().addPermanentWidget(self.name_label)
        self._data_shown = ""
        self._tree_task: asyncio.Task[None] | None = None
        window = parts.window
        self.console = PageConsole("projectConsole")
        self.appdata = AppDataPanel(self._on_data_edit)
        self.wxml = WxmlPanel(self.refresh_tree, self._on_hover)
        self._inspect = QTimer(self, interval=INSPECT_MS)
        self._inspect.timeout.connect(self._refresh_data)
        self.open_button = QToolButton()
        self.open_button.setObjectName("openProject")
        self.open_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.open_button.clicked.connect(self.pick)
        self.recent_menu = QMenu(self.open_button)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.open_button.setMenu(self.recent_menu)
        bar = window.findChild(QToolBar, "toolbar")
        if bar is not None:
            bar.addWidget(self.open_button)
        self._loaded_with: tuple[object, ...] | None = None
        """What the open project was started under (backend, platform, device)."""
        window.settings_changed.connect(self._on_settings_changed)
        window.view_changed.connect(self._on_settings_changed)
        window.phone.nav_bar.home_requested.connect(self._on_home)
        window.installEventFilter(self)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parts.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif watched is self.view and event.type() == QEvent.Type.Resize:
            self._fit_view()
        return False

    def _fit_view(self) -> None:
        """The page keeps the device's CSS width (its rpx) whatever the phone's zoom: the web
        view zooms with the frame."""
        if self.view is not None and self.device_width and self.view.width() > 0:
            self.view.setZoomFactor(max(0.25, self.view.width() / self.device_width))

    def retranslate(self) -> None:
        self.open_button.setText(self.tr("Project…"))  # short: the toolbar fits 1280 px
        self.open_button.setToolTip(self.tr("Open a mini-program project folder (app.json)"))
        tabs = self.parts.window.tabs
        for widget, text in (
            (self.console, self.tr("Page console")),
            (self.appdata, self.tr("AppData")),
            (self.wxml, self.tr("WXML")),
        ):
            index = tabs.indexOf(widget)
            if index >= 0:
                tabs.setTabText(index, text)
        self._set_title()

    def _set_title(self) -> None:
        """The project's own name in the window's title and its status bar."""
        if self.project is None or self.folder is None:
            return
        name = project_name(self.folder, self.project.root, self.project.app)
        framework = {"native": self.tr("native")}.get(self.framework, self.framework)
        title = self.tr("{0} — {1} project").format(name, framework)
        self.parts.window.set_subject(title)
        self.name_label.setText(self.tr("Project: {0}").format(name))
        self.name_label.setToolTip(str(self.project.root))
        self.name_label.show()

    # -- opening ---------------------------------------------------------------------------
    def pick(self) -> None:
        start = str(self.folder.parent) if self.folder else str(Path.cwd())
        name = QFileDialog.getExistingDirectory(self.parts.window, self.tr("Open project"), start)
        if name:
            self.open(Path(name))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        items = recent_projects()
        if not items:
            self.recent_menu.addAction(self.tr("No recent projects")).setEnabled(False)
        for item in items:
            action = self.recent_menu.addAction(item)
            action.triggered.connect(lambda _=False, p=item: self.open(Path(p)))

    def open(self, folder: Path, replay: CellReplay | None = None) -> None:
        """Open `folder`; a broken one is said in the console and a toast, the window stays.
        With `replay`, under a check cell's conditions (kept over reloads)."""
        if self.replay is not None:
            self.replay.detach()
        self.replay = replay
        folder = folder.resolve()
        try:
            project = load_project(folder)
        except PageError as exc:
            self._enter()
            self._console(f"! {exc}")
            self._toast(self.tr("Cannot open the project: {0}").format(exc))
            return
        self._enter()
        self.folder, self.project = folder, project
        self.framework = detect_framework(project.root)
        remember_project(folder)
        self._set_title()
        self.reload()

    def reload(self) -> None:
        if self.project is not None:
            old, self.host = self.host, None
            self.loading = spawn(self._load(self.project, old), name="project-load")

    def _enter(self) -> None:
        """The phone's body becomes the web view; our chat and input bar step aside."""
        if self.view is not None:
            return
        window = self.parts.window
        phone = window.phone
        layout = self._screen_layout()
        self.view = PageView()
        self.view.setObjectName("projectPageView")
        self.view.installEventFilter(self)  # its width follows the phone's zoom
        layout.insertWidget(layout.indexOf(phone.chat), self.view, 1)
        window.on_home_requested()  # the built-in chat's runs stop; its page is hidden
        phone.chat.hide()
        phone.input_bar.hide()
        show_transports_off(window)
        for action in window.transport_actions:  # the page picks its own transport
            action.setVisible(False)
        window.race_button.setChecked(False)
        window.race_button.setEnabled(False)
        for widget in (self.console, self.appdata, self.wxml):
            window.tabs.addTab(widget, "")
        window.tabs.currentChanged.connect(self._on_tab)
        self.retranslate()

    def _conditions(self, settings: Any) -> tuple[object, ...]:
        backend = tuple(
            getattr(settings, f.name)
            for f in dataclasses.fields(RunSettings)
            if f.metadata.get("restarts_backend")
        )
        return (backend, settings.platform, settings.device, settings.base_library_version)

    def _on_settings_changed(self, settings: Any) -> None:
        # a new backend, JS platform or phone: the project starts again under them (the
        # signal comes before the window keeps the new settings: compare with what it was
        # loaded under)
        if self.project is None or self._loaded_with is None:
            return
        if self._conditions(settings) != self._loaded_with:
            self._console(self.tr("— settings changed: reopening the project"))
            QTimer.singleShot(0, self.reload)

    def _on_home(self) -> None:
        """The capsule's close / home: leaving and reopening the mini-program."""
        if self.project is not None and self.view is not None:
            self.reload()

    def _screen_layout(self) -> QVBoxLayout:
        screen = self.parts.window.phone.chat.parentWidget()
        layout = screen.layout() if screen is not None else None
        assert isinstance(layout, QVBoxLayout)
        return layout

    def _device(self) -> str | None:
        name = self.parts.window.settings.device
        return name if name in DEVICE_PRESETS else None

    async def _load(self, project: Project, old: FollowingHost | None) -> None:
        self._inspect.stop()
        self.load_error = None
        if old is not None:
            await self._close(old)
        backend = self.parts.backend
        self._loaded_with = self._conditions(self.parts.window.settings)
        try:
            profile = await backend.start()
        except Exception as exc:
            self._error(self.tr("backend: {0}").format(exc))
            return
        window_cfg = project.app.get("window") or {}
        native = NativeOptions(
            device=self._device(),
            # the person answers, unless automation asked for answers at once
            answers=(
                AutoAnswers() if self.answer_dialogs else AutoAnswers(modal=None, action_sheet=None)
            ),
            custom_navigation=window_cfg.get("navigationStyle") == "custom",
            storage_dir=(
                project_storage_dir("", project.root, self.parts.storage_root)
                if self.parts.storage_root is not None
                else None
            ),
        )
        replay = self.replay
        overrides = replay.runtime_config() if replay is not None else {}
        wx = backend.new_runtime(TRANSPORT_NAME, native=native, **overrides)
        if replay is not None:
            replay.attach(wx)
        self.device_width = wx.device.screen_width
        self._fit_view()
        tab_config = project.app.get("tabBar")
        if isinstance(tab_config, dict) and tab_config.get("list"):
            wx.ui.configure_tab_bar(len(tab_config["list"]))
        assert self.view is not None
        self._show_chrome(wx, tab_config if isinstance(tab_config, dict) else None)
        options = self.options or ProjectOptions(platform=self.parts.window.settings.platform)
        if replay is not None:
            options = replay.project_options()
        # the page's requests carry the scenario picked in the window, as a transport's do
        origin = OriginMap(options.page_origin, profile.base_url, backend.page_scenario)
        from simulator.project.boot import compiled_boot

        self.view.port.base = project.root
        host = FollowingHost(
            project, wx, origin, self.view.port, options, boot=compiled_boot,
            on_log=self._on_log, on_user_send=self._on_user_send,
        )  # fmt: skip
        self.host, self.profile = host, profile
        try:
            await host.start()
        except PageError as exc:
            if self.host is host:
                self.host = None
            self.load_error = str(exc)
            self._console(f"! {exc}")
            self._show_error(exc)
            self._toast(str(exc))
            return
        self._console(
            self.tr("— {0} opened in {1} ms ({2})").format(
                project_name(self.folder or project.root, project.root, project.app),
                f"{(host.start_s or 0) * 1000:.0f}",
                self.framework,
            )
        )
        self._inspect.start()
        self.refresh_tree()
        for tap in self.host_taps:
            tap(host)

    def _show_chrome(self, wx: Any, tab_config: dict[str, Any] | None) -> None:
        phone = self.parts.window.phone
        if self.chrome is not None:
            self.chrome.detach()
        self.chrome = NativeChrome(phone, wx.ui)
        if self.tab_bar is not None:
            self.tab_bar.deleteLater()
            self.tab_bar = None
        if tab_config and self.view is not None:
            self.tab_bar = TabBarView(tab_config, self._on_tab_tapped)
            layout = self._screen_layout()
            layout.insertWidget(layout.indexOf(self.view) + 1, self.tab_bar)
            self.chrome.tab_bar = self.tab_bar

    def _on_tab_tapped(self, index: int) -> None:
        """The chrome's tab bar: `switchTab` to that item's page, as the platform does."""
        host, bar = self.host, self.tab_bar
        if host is None or bar is None:
            return
        items = bar.config.get("list") or []
        if 0 <= index < len(items):
            host.navigate("/" + str(items[index].get("pagePath", "")), "switchTab")

    def _follow_tab(self) -> None:
        """The tab bar's selection follows the shown page."""
        host, bar = self.host, self.tab_bar
        if host is None or bar is None or host.top is None:
            return
        route = host.routes.get(host.top, "")
        items = [str(i.get("pagePath", "")) for i in bar.config.get("list") or []]
        if route in items and items.index(route) != bar.selected:
            bar.select(items.index(route))

    def _show_error(self, exc: PageError) -> None:
        """A compile error over the page, as DevTools shows one (file:line)."""
        if self.view is None:
            return
        file = getattr(exc, "file", None)
        line = getattr(exc, "line", None)
        message = getattr(exc, "message", str(exc))
        self.view.port.post({"t": "showError", "message": message, "file": file, "line": line})

    async def stop(self) -> None:
        host, self.host = self.host, None
        with contextlib.suppress(RuntimeError):  # the window (and its timers) may be gone
            self._inspect.stop()
        if host is not None:
            await self._close(host)

    async def _close(self, host: FollowingHost) -> None:
        if self.chrome is not None:
            with contextlib.suppress(RuntimeError):
                self.chrome.detach()
            self.chrome = None
        with contextlib.suppress(Exception):
            await host.stop()
        await host.wx.aclose()

    # -- a person's send -------------------------------------------------------------------
    def _on_user_send(self, text: str) -> None:
        host, profile = self.host, self.profile
        if host is None or profile is None:
            return
        spawn(self._run(host, profile, text), name="project-run")

    async def _run(self, host: FollowingHost, profile: BackendProfile, text: str) -> None:
        window = self.parts.window

        async def source() -> Transport:
            return PageTransport(FollowSender(host), profile)

        run = self.parts.backend.launch(source, text, name=TRANSPORT_NAME)
        self.runs.append(run)
        for tap in self.run_taps:
            tap(run)
        run.listen(lambda r, e: window.network_log.model.on_run_event_received(r.transport, e))
        window.latency.network_of[run.id] = window.settings.network
        window.latency.on_run_started(run)
        try:
            outcome = await run.wait()
            if isinstance(outcome, RunFailed):
                self._error(outcome.error)
        finally:
            with contextlib.suppress(RuntimeError):  # the window may be gone
                window.latency.on_run_finished(run)
                window.on_painting_finished(run)  # latency panel, chart and history
                self._refresh_data()
                self.refresh_tree()

    # -- inspectors ------------------------------------------------------------------------
    def _on_tab(self, _index: int) -> None:
        if self.parts.window.tabs.currentWidget() is self.wxml:
            self.refresh_tree()
        QTimer.singleShot(0, self._refresh_data)  # once the tab is shown

    def _refresh_data(self) -> None:
        self._follow_tab()
        host = self.host
        if host is None or host.top is None:
            return
        asking = self._tree_task is not None and not self._tree_task.done()
        if self.wxml.isVisible() and not self.wxml.tree.topLevelItemCount() and not asking:
            self.refresh_tree()  # asked before the page's first render (Taro): ask again
        if not self.appdata.isVisible():
            return  # the tree is built when the tab is shown (and then live)
        data = host.page_data()
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
        if text == self._data_shown:
            return
        self._data_shown = text
        self.appdata.show_data(host.routes.get(host.top, ""), data)

    def _on_data_edit(self, path: str, value: Any) -> None:
        host = self.host
        if host is not None and host.top is not None:
            host.set_data(host.top, {path: value})
            self._console(
                self.tr("— AppData: setData({0})").format(
                    json.dumps({path: value}, ensure_ascii=False)
                )
            )

    def refresh_tree(self) -> None:
        host = self.host
        if host is not None:
            self._tree_task = spawn(self._tree(host), name="wxml-tree")

    async def _tree(self, host: FollowingHost) -> None:
        try:
            answer = await host.ask({"t": "tree"})
        except PageError as exc:
            self._console("! " + self.tr("WXML panel: {0}").format(exc))
            return
        value = answer.get("value")
        self.wxml.show_tree(value if isinstance(value, list) else [])

    def _on_hover(self, nid: int | None) -> None:
        if self.view is not None and self.host is not None:
            self.view.port.post({"t": "highlight", "nid": nid})

    # -- console ---------------------------------------------------------------------------
    def _on_log(self, line: PageLog) -> None:
        text = f"[{line.level}] {line.text}" + (f"\n{line.stack}" if line.stack else "")
        for tap in self.log_taps:
            tap(line)
        if self.replay is not None:
            self.replay.log(line)
        self._console(text)
        if line.level == "page-error" and self.host is not None and self.host.start_s is not None:
            self._toast(line.text)

    def _console(self, text: str) -> None:
        self.console.post(text)

    def _error(self, text: str) -> None:
        self._console(f"! {text}")
        self._toast(text)

    def _toast(self, text: str) -> None:
        self.parts.window.on_error_occurred(text.splitlines()[0] if text else text)


def install_project_mode(
    parts: AppParts,
    folder: Path | None,
    options: ProjectOptions | None = None,
    before_open: Callable[[ProjectMode], None] | None = None,
) -> ProjectMode:
    """Add "Open project…" to the window; open `folder` now when given (`before_open` sees
    the mode first: automation's taps are in place for the first host)."""
    mode = ProjectMode(parts, options)
    if before_open is not None:
        before_open(mode)
    if folder is not None:
        mode.open(folder)
    return mode
