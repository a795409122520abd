"""`run_window`: one Qt + asyncio loop (qasync), the window, the backend, until the user quits."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from dataclasses import dataclass

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from simulator.ui.assets import style_sheet
from simulator.ui.backend import Backend, WxEventSink
from simulator.ui.controller import ChatController
from simulator.ui.frame_clock import FrameClock
from simulator.ui.i18n import Translations
from simulator.ui.main_window import MainWindow
from simulator.ui.settings import UiSettings, load_settings, save_settings
from simulator.ui.tasks import spawn
from simulator.wx.events import WxEvent

log = logging.getLogger(__name__)

UI_FONT_FAMILIES = ["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "sans-serif"]


@dataclass
class AppParts:
    """What `build_app` wires together (the tests, the bench and the screenshots use it too)."""

    window: MainWindow
    controller: ChatController
    backend: Backend
    clock: FrameClock
    translations: Translations


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


def build_app(settings: UiSettings, remember: bool = True) -> AppParts:
    """Create the window and everything behind it; call inside the running qasync loop.

    Args:
        settings: initial settings.
        remember: save changed settings with QSettings (off for tests and screenshots).
    """
    translations = Translations()
    translations.set_language(settings.language)
    clock = FrameClock()
    sink: list[WxEventSink] = []

    def on_wx_event(transport: str, event: WxEvent) -> None:
        for fn in sink:
            fn(transport, event)

    backend = Backend(settings, on_wx_event)
    controller = ChatController(
        backend.transport,
        scenario=lambda: backend.settings.scenario or None,
        fetch_trace=backend.fetch_trace,
    )
    window = MainWindow(controller, settings, clock)
    sink.append(window.on_wx_event_received)

    def on_settings_changed(new: UiSettings) -> None:
        if remember:
            save_settings(new)
        window.apply_settings(new)
        window.set_backend_text(new.backend_url)
        spawn(backend.reconfigure(new), name="reconfigure")

    def on_language_requested(language: str) -> None:
        translations.set_language(language)
        new = window.settings.with_changes(language=language)
        window.settings = new
        if remember:
            save_settings(new)

    window.settings_changed.connect(on_settings_changed)
    window.language_requested.connect(on_language_requested)
    return AppParts(window, controller, backend, clock, translations)


async def start_backend(parts: AppParts) -> None:
    """Start the backend in the background; a failure is a toast, not a crash."""
    try:
        profile = await parts.backend.start()
    except Exception as exc:
        parts.window.on_error_occurred(f"backend: {exc}")
        return
    parts.window.set_backend_text(parts.backend.settings.backend_url or profile.base_url)


async def shutdown(parts: AppParts) -> None:
    """Stop every run, close the runtimes, stop the stub."""
    parts.controller.stop()
    await parts.controller.wait_idle()
    await parts.backend.aclose()


async def _main(settings: UiSettings, started: float) -> int:
    parts = build_app(settings)
    quit_requested = asyncio.get_running_loop().create_future()

    def request_quit() -> None:
        if not quit_requested.done():
            quit_requested.set_result(None)

    parts.window.close_requested.connect(request_quit)
    app = QApplication.instance()
    assert app is not None
    app.aboutToQuit.connect(request_quit)
    parts.window.show()
    # The stub starts after the first paint, in its own thread.
    QTimer.singleShot(0, lambda: spawn(start_backend(parts), name="start-backend"))
    QTimer.singleShot(
        0, lambda: log.info("= window shown after %.3f s", time.monotonic() - started)
    )
    await quit_requested
    await shutdown(parts)
    return 0


def run_window(
    backend_url: str | None, lang: str, transport: str, profile_file: str | None = None
) -> int:
    """Open the simulator window; returns the exit status when the user closes it.

    Args:
        backend_url: a real backend's base URL; None starts the embedded stub.
        lang: "zh" (default) or "en".
        transport: the transport picked at start ("auto", "websocket", …).
    """
    started = time.monotonic()
    app = make_application()
    settings = load_settings()
    changes: dict[str, object] = {"language": lang or settings.language}
    if backend_url is not None:
        changes["backend_url"] = backend_url
    if profile_file is not None:
        changes["profile_file"] = profile_file
    if transport:
        changes["transport"] = transport
    settings = settings.with_changes(**changes)
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        return runner.run(_main(settings, started))
