"""The window on a laptop screen: 1280×720, and 1280×720 at 125 % (1024×576 logical)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QToolBar, QToolButton
from pytestqt.qtbot import QtBot

from simulator.ui.dialogs.settings_dialog import PAGE_OF, SettingsDialog
from simulator.ui.kit.settings import UiSettings
from simulator.ui.shell.app import AppParts
from simulator.ui.shell.page_mode import install_page_mode

SCALED_SCREEN = (1024, 576)
"""1280×720 at 125 %: what Qt lays out in."""
ENGLISH_TITLE = "WeChat mini-program streaming chat simulator"
DESKTOP_BARS = 60
"""A title bar and a panel take this much of the screen's height."""


def test_the_settings_dialog_fits_a_720_px_screen_at_125_percent(qtbot: QtBot) -> None:
    dialog = SettingsDialog(UiSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    hint = dialog.sizeHint()
    assert hint.height() <= SCALED_SCREEN[1] - DESKTOP_BARS, hint
    assert hint.width() <= SCALED_SCREEN[0], hint
    assert set(PAGE_OF) == set(dialog.editors)  # every editor is on a tab


def test_a_bad_field_shows_its_tab(qtbot: QtBot) -> None:
    dialog = SettingsDialog(UiSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.slice_size.setValue(2)
    dialog.slice_min_size.setValue(3)
    dialog.accept()
    assert dialog.pages.currentIndex() == PAGE_OF["slice_min_size"]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_toolbar_hides_nothing_at_1280_and_nothing_moves(
    qtbot: QtBot, parts: AppParts, language: str
) -> None:
    window = parts.window
    parts.translations.set_language(language)
    english = window.tr(ENGLISH_TITLE) == ENGLISH_TITLE
    qtbot.waitUntil(lambda: window.windowTitle() == window.tr(ENGLISH_TITLE))  # retranslated
    assert english == (language == "en")
    try:
        mode = install_page_mode(parts, None)
        mode.path = Path("/home/dev/my-mini-program/pages/chat/streaming-chat.ts")
        mode._enter_page_mode()
        mode.retranslate()
        window.resize(1280, 720)
        qtbot.waitUntil(lambda: window.width() == 1280)
        bar = window.findChild(QToolBar, "toolbar")
        assert bar is not None
        qtbot.waitUntil(mode.open_button.isVisible)
        ext = bar.findChild(QToolButton, "qt_toolbar_ext_button")
        assert ext is None or not ext.isVisible(), "the toolbar overflows into »"
        shown = [bar.widgetForAction(a) for a in bar.actions() if a.isVisible()]
        for widget in (w for w in shown if w is not None):
            assert widget.isVisible(), widget
            assert bar.rect().contains(widget.geometry()), widget
        needed = (mode.open_button, mode.reload_button, mode.page_label, window.chip,
                  window.scenario_box, window.settings_button, window.language_box)  # fmt: skip
        for widget in needed:
            assert widget.isVisible(), widget
        assert window.backend_label.isVisible()  # in the status bar

        def places() -> list[int]:
            return [w.x() for w in shown if w is not None]

        before = places()
        for network, scenario in (("2g", "status=500"), ("offline", "x" * 80), ("none", "")):
            window.apply_settings(window.settings.with_changes(network=network, scenario=scenario))
            qtbot.wait(20)
            assert places() == before, (network, scenario)
    finally:
        parts.translations.set_language("en")
