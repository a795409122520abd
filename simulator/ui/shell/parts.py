"""`AppParts`: what `build_app` wires together (page mode, tests and screenshots use it too)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from simulator.ui.kit.frame_clock import FrameClock
from simulator.ui.kit.i18n import Translations
from simulator.ui.shell.backend import Backend
from simulator.ui.shell.controller import ChatController
from simulator.ui.shell.main_window import MainWindow


@dataclass
class AppParts:
    """What `build_app` wires together (the tests, the bench and the screenshots use it too)."""

    window: MainWindow
    controller: ChatController
    backend: Backend
    clock: FrameClock
    translations: Translations
    storage_root: Path | None = None
    """Where projects' `wx` storage persists, one folder per project (None: in memory only,
    for tests and screenshots; the app uses the platform's data directory, as DevTools keeps
    a project's storage across restarts)."""
