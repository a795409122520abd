"""`run_window`: one Qt + asyncio loop (qasync), the window, the backend, until the user quits."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from simulator.history import HistoryStore
from simulator.project.options import ProjectOptions
from simulator.session import RunSettings
from simulator.session.flow_book import WINDOW_FLOW_EVENTS
from simulator.ui.kit.assets import style_sheet
from simulator.ui.kit.frame_clock import FrameClock
from simulator.ui.kit.i18n import Translations
from simulator.ui.kit.settings import UiSettings, load_settings, save_settings
from simulator.ui.kit.tasks import spawn
from simulator.ui.shell.backend import Backend
from simulator.ui.shell.controller import ChatController
from simulator.ui.shell.main_window import MainWindow
from simulator.ui.shell.parts import AppParts
from simulator.wx.storage import default_storage_root

if TYPE_CHECKING:
    from simulator.check.replay import CellReplay
    from simulator.ui.shell.check_replay import CellReplayer
    from simulator.ui.shell.page_mode import PageMode
    from simulator.ui.shell.project_mode import ProjectMode

if TYPE_CHECKING:
    from simulator.ui.shell.page_mode import PageMode
    from simulator.ui.shell.project_mode import ProjectMode

log = logging.getLogger(__name__)

UI_FONT_FAMILIES = [
    "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Noto Color Emoji", "sans-serif"
]  # fmt: skip


def make_application() -> QApplication:
    """The QApplication with our style sheet and a CJK-capable font."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("wx-stream-sim")
    app.setQuitOnLastWindowClosed(False)  # quitting goes through our future, after cleanup
    font = QFont()
    font.setFamilies(UI_FONT_FAMILIES)
    font.setPointSize(10)
    app.setFont(font)
    app.setStyleSheet(style_sheet())
    return app


def build_app(
    settings: UiSettings, remember: bool = True, history: HistoryStore | None = None
) -> AppParts:
    """Create the window and everything behind it; call inside the running qasync loop.

    Args:
        settings: initial settings.
        remember: save changed settings with QSettings (off for tests and screenshots).
        history: where finished runs are kept (None: nowhere; the real app uses the default
            file in the platform's data directory).
    """
    translations = Translations()
    translations.set_language(settings.language)
    clock = FrameClock()
    # the network panel views the session's flow records, each kept with its events
    backend = Backend(settings, flow_events=WINDOW_FLOW_EVENTS)
    controller = ChatController(backend)
    window = MainWindow(controller, settings, clock, history)

    def on_settings_changed(new: UiSettings) -> None:
        if remember:
            save_settings(new)
        window.apply_settings(new)
        spawn(_reconfigure(new), name="reconfigure")

    async def _reconfigure(new: UiSettings) -> None:
        await backend.reconfigure(new)
        if not new.backend_url:  # the stub may have restarted on another port: say which
            await start_backend(parts)

    def on_language_requested(language: str) -> None:
        translations.set_language(language)
        new = window.settings.with_changes(language=language)
        window.settings = new
        if remember:
            save_settings(new)

    parts = AppParts(window, controller, backend, clock, translations)
    window.settings_changed.connect(on_settings_changed)
    if remember:
        window.view_changed.connect(save_settings)
    window.language_requested.connect(on_language_requested)
    return parts


async def start_backend(parts: AppParts) -> None:
    """Start the backend in the background; a failure is a toast, not a crash. A backend
    URL without a profile that fits it is probed first (`first_use.ensure_profile`)."""
    from simulator.ui.shell.first_use import ensure_profile

    try:
        if await ensure_profile(parts) is not None:
            return  # the probe dialog is open: its choice reconfigures the backend
        profile = await parts.backend.start()
    except Exception as exc:
        parts.window.on_error_occurred(f"backend: {exc}")
        return
    url = parts.backend.settings.backend_url
    parts.window.set_backend_text(url, None if url else profile.base_url)


async def shutdown(parts: AppParts) -> None:
    """Stop every run, close the runtimes, stop the stub."""
    parts.controller.stop()
    await parts.controller.wait_idle()
    await parts.backend.aclose()


def startup_settings(
    saved: UiSettings,
    backend_url: str | None,
    lang: str | None,
    transport: str | None,
    replay: str | None = None,
    profile_file: str | None = None,
) -> UiSettings:
    """The saved settings, with the command-line options that were given on top."""
    given = {
        "backend_url": backend_url,
        "language": lang,
        "transport": transport,
        "replay": replay,
        "profile_file": profile_file,
    }
    return saved.with_changes(**{k: v for k, v in given.items() if v is not None})


@dataclass(frozen=True)
class AutoSpec:
    """`auto` without --headless: serve automation on `port` for the window's project."""

    port: int
    options: ProjectOptions
    answer_dialogs: bool = True
    on_ready: Callable[[int], None] | None = None


def install_modes(
    parts: AppParts,
    page: Path | None = None,
    project: Path | None = None,
    options: ProjectOptions | None = None,
    before_open: Callable[[ProjectMode], None] | None = None,
) -> tuple[PageMode, ProjectMode, CellReplayer]:
    """Page mode, project mode, "Device check…" and the cell replayer: the window's ways
    of running the developer's page (`check --window` and the dialog replay through them)."""
    from simulator.ui.dialogs.check_dialog import install_check_action
    from simulator.ui.shell.check_replay import CellReplayer
    from simulator.ui.shell.page_mode import install_page_mode
    from simulator.ui.shell.project_mode import install_project_mode

    page_mode = install_page_mode(parts, page)
    project_mode = install_project_mode(parts, project, options, before_open=before_open)
    replayer = CellReplayer(parts, page_mode, project_mode)
    install_check_action(
        parts.window, lambda: project_mode.folder or page_mode.path, replayer.start
    )
    return page_mode, project_mode, replayer


async def _main(
    settings: UiSettings,
    started: float,
    page: Path | None = None,
    project: Path | None = None,
    auto: AutoSpec | None = None,
    replay: CellReplay | None = None,
) -> int:
    remember = auto is None and replay is None  # a command's own settings are not saved
    parts = build_app(settings, remember=remember, history=HistoryStore())
    if remember:  # a command's run (automation, a check replay) starts from empty storage
        parts.storage_root = default_storage_root()
    from simulator.ui.shell.auto_window import WindowAutomation

    automation: list[WindowAutomation] = []

    def attach(mode: ProjectMode) -> None:
        if auto is not None:
            mode.answer_dialogs = auto.answer_dialogs
            automation.append(WindowAutomation(mode, auto.port))

    options = auto.options if auto is not None else None
    page_mode, project_mode, replayer = install_modes(parts, page, project, options, attach)
    quit_requested = asyncio.get_running_loop().create_future()

    def request_quit() -> None:
        if not quit_requested.done():
            quit_requested.set_result(None)

    for served in automation:  # before the window shows: a taken port ends the run at once
        try:
            bound = await served.start()
        except OSError:
            await project_mode.stop()
            await shutdown(parts)
            raise
        if auto is not None and auto.on_ready is not None:
            auto.on_ready(bound)
        closed = served.attached.closed
        spawn(_quit_when(closed, request_quit), name="automation-close")

    parts.window.close_requested.connect(request_quit)
    app = QApplication.instance()
    assert app is not None
    app.aboutToQuit.connect(request_quit)
    parts.window.show()
    # The stub starts after the first paint, in its own thread.
    QTimer.singleShot(0, lambda: spawn(start_backend(parts), name="start-backend"))
    if replay is not None:  # `check --window`: the cell, once the window shows
        QTimer.singleShot(0, lambda: replayer.start(replay))
    QTimer.singleShot(
        0, lambda: log.info("= window shown after %.3f s", time.monotonic() - started)
    )
    await quit_requested
    for served in automation:
        await served.stop()
    await page_mode.stop()
    await project_mode.stop()
    await shutdown(parts)
    return 0


async def _quit_when(closed: asyncio.Event, quit_now: Callable[[], None]) -> None:
    """Tool.close (miniProgram.close()) closes the window, as it closes DevTools."""
    await closed.wait()
    quit_now()


def run_qt_main(app: QApplication, main: Coroutine[Any, Any, int]) -> int:
    """Run `main` on one qasync loop over `app`, once.

    Not `asyncio.Runner`: its closing passes (async generators, the default executor) start
    and stop the Qt loop a second time, and QtWebEngine crashes on that second
    `QApplication.exit()` once a web view has lived (a project was open). The session's
    tasks are finished by `main` itself (`shutdown`), so those passes have nothing to do.
    """
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        status: int = loop.run_until_complete(main)
        return status
    finally:
        loop.close()  # joins the default executor's threads without running the loop again
        asyncio.set_event_loop(None)


def run_window(
    backend_url: str | None,
    lang: str | None,
    transport: str | None = None,
    page: Path | None = None,
    replay: str | None = None,
    profile_file: str | None = None,
    project: Path | None = None,
) -> int:
    """Open the simulator window; returns the exit status when the user closes it.

    Every option is None unless given on the command line: then the saved settings win.

    Args:
        backend_url: a real backend's base URL; None keeps the saved one (empty: the stub).
        lang: "zh" or "en".
        transport: the transport picked at start; None: the saved one.
        page: run this JS/TS page file (page mode) instead of our transports.
        replay: a cassette the embedded stub replays ("" = the fake LLM again).
        profile_file: a backend profile saved by `probe --save` (wins over the URL's kind).
        project: open this mini-program project folder in the phone (project mode).
    """
    started = time.monotonic()
    app = make_application()
    settings = startup_settings(load_settings(), backend_url, lang, transport, replay, profile_file)
    return run_qt_main(app, _main(settings, started, page, project))


def run_auto_window(
    project: Path,
    run_settings: RunSettings,
    spec: AutoSpec,
    lang: str | None = None,
) -> int:
    """`python -m simulator auto` with the window: the project in the phone, automation on
    `spec.port`, under the command's run settings (the saved ones are neither used nor
    changed: a test run is the same on every machine); the exit status once it closes.

    Raises:
        OSError: the port is taken.
    """
    started = time.monotonic()
    app = make_application()
    saved = load_settings()
    given = {f.name: getattr(run_settings, f.name) for f in fields(RunSettings)}
    settings = saved.with_changes(**given, language=lang or saved.language)
    return run_qt_main(app, _main(settings, started, project=project, auto=spec))


def run_check_window(replay: CellReplay, lang: str | None = None) -> int:
    """`python -m simulator check TARGET … --window`: the cell replayed in the window's
    phone under the check's run settings (the saved ones are neither used nor changed), the
    network panel at the first bad read; the exit status once the window closes."""
    started = time.monotonic()
    app = make_application()
    settings = replay_settings(load_settings(), replay, lang)
    return run_qt_main(app, _main(settings, started, replay=replay))


def replay_settings(saved: UiSettings, replay: CellReplay, lang: str | None = None) -> UiSettings:
    """The window's settings for `check --window`: the check's run settings over the saved
    view (language, device, zoom), the cell's platform and network shown on the chip."""
    run_settings = replay.config.settings or RunSettings()
    given = {f.name: getattr(run_settings, f.name) for f in fields(RunSettings)}
    given.update(platform=replay.cell.platform, network=replay.runtime_config()["network"].name)
    return saved.with_changes(**given, language=lang or saved.language)
