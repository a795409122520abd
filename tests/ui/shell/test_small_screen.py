"""The window on a laptop screen: 1280×720, and 1280×720 at 125 % (1024×576 logical)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFrame, QToolBar, QToolButton
from pytestqt.qtbot import QtBot

from simulator.ui.dialogs.settings_dialog import PAGE_OF, SettingsDialog
from simulator.ui.kit.settings import UiSettings
from simulator.ui.shell.app import AppParts
from simulator.ui.shell.page_mode import install_page_mode
from tests.helpers.waits import qt_quiet_for

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
            qt_quiet_for(qtbot, 0.05)  # nothing moves after the change
            assert places() == before, (network, scenario)
    finally:
        parts.translations.set_language("en")


@pytest.mark.parametrize("lanes", [1, 6])
def test_the_chart_cuts_no_text(qtbot: QtBot, lanes: int) -> None:
    from PySide6.QtGui import QFont

    from simulator.session.run import RunHandle
    from simulator.ui.devtools.chars_chart import CharsChart
    from simulator.ui.shell.app import UI_FONT_FAMILIES

    chart = CharsChart()
    qtbot.addWidget(chart)
    font = QFont()
    font.setFamilies(UI_FONT_FAMILIES)
    font.setPointSize(10)
    chart.setFont(font)
    chart.resize(470, 200)  # its smallest, beside the tables at 1280×720
    runs = [RunHandle(name, "x") for name in ("websocket", "chunked", "download", "polling",
                                        "longpoll", "sync")[:lanes]]  # fmt: skip
    chart.set_runs(runs)
    chart.grab()
    line = chart.fontMetrics().height()
    assert chart.drawn
    boxes = [(text, rect) for text, rect in chart.drawn if rect.width() > 1]
    for text, rect in boxes:
        assert rect.height() >= line, (text, rect.height(), line)
        assert rect.top() >= 0 and rect.bottom() <= chart.height(), (text, rect)
    legend_top = min(r.top() for t, r in chart.drawn if r.width() <= 1)
    axis = [r for t, r in boxes if t == chart._axis]
    assert axis and all(r.bottom() <= legend_top for r in axis)


def _raced(name: str) -> object:
    """A finished race lane with figures as wide as they get (seconds, KB, two gaps)."""
    from simulator.session.run import RunHandle
    from simulator.transports.events import (
        ChunkReceived,
        ConnectionOpened,
        MessageSent,
        ReplyCompleted,
        RequestMade,
    )

    run = RunHandle(name, "比一比", race=True)
    run.emit(MessageSent(100.0, name, "比一比"))
    run.emit(RequestMade(100.1, "request", "http://x/chat"))
    run.emit(ConnectionOpened(101.234, ""))
    for i in range(3):
        run.emit(ChunkReceived(102.5 + i * 1.03, "流式输出" * 30, 12_345))
    run.emit(ReplyCompleted(106.0, "…"))
    return run


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_race_table_shows_every_lane_whole(
    qtbot: QtBot, parts: AppParts, size: tuple[int, int], language: str
) -> None:
    from simulator.ui.shell.race_view import RACE_TRANSPORTS

    window = parts.window
    parts.translations.set_language(language)
    try:
        qtbot.waitUntil(lambda: window.windowTitle() == window.tr(ENGLISH_TITLE))
        window.resize(*size)
        window.race_button.setChecked(True)
        for name in RACE_TRANSPORTS:
            window.latency.on_run_started(_raced(name))  # type: ignore[arg-type]
        table = window.latency.race_table
        qtbot.waitUntil(lambda: table.isVisible() and table.rowCount() == len(RACE_TRANSPORTS))
        header = table.horizontalHeader()

        def fits() -> bool:
            fixed = sum(header.sectionSize(c) for c in range(table.columnCount() - 1))
            return fixed <= table.viewport().width()

        # after the layout's pass that follows the rows; a timeout: the figures need a
        # horizontal scroll bar
        qtbot.waitUntil(fits)
        for row in range(table.rowCount()):  # no lane hidden or cut
            rect = table.visualRect(table.model().index(row, 0))
            assert table.viewport().rect().contains(rect), (row, rect)
        state = table.item(0, table.columnCount() - 1).text()  # "painted"
        last = header.sectionSize(table.columnCount() - 1)
        assert last >= table.fontMetrics().horizontalAdvance(state) + 6, (state, last)
        assert window.latency.chart.height() >= window.latency.chart.minimumHeight()
    finally:
        window.latency.stop()
        parts.translations.set_language("en")


def test_a_narrow_phone_elides_its_title_instead_of_cutting_both_ends(qtbot: QtBot) -> None:
    from simulator.ui.phone.phone import NavigationBar

    bar = NavigationBar()
    qtbot.addWidget(bar)
    bar.title.setText("AI Assistant")
    bar.resize(250, 44)  # the 1280×720 phone in English
    bar.show()
    qtbot.waitUntil(bar.title.isVisible)
    title = bar.title
    shown = title.shown_text()
    assert title.fontMetrics().horizontalAdvance(shown) <= title.width()
    assert shown == "AI Assistant" or shown.endswith("…")
    bar.resize(400, 44)
    qtbot.waitUntil(lambda: title.shown_text() == "AI Assistant")


def test_a_long_scenario_leaves_the_history_verdict_on_screen(qtbot: QtBot) -> None:
    from simulator.history import HistoryGroup
    from simulator.ui.devtools.history_panel import HistoryPanel

    panel = HistoryPanel(None)
    qtbot.addWidget(panel)
    panel.resize(760, 400)  # the right side at 1280×720
    panel.show()
    spec = "script=markdown_zh,ttft_ms=200,tps=40,jitter_ms=10,seed=4,drop_after=60"
    key = ("chunked", "embedded stub", "none", spec, "failed")
    panel.show_groups([HistoryGroup(key, 1, {}, 0.0)])
    table = panel.table
    verdict = table.visualRect(table.model().index(0, 4))
    assert table.viewport().rect().contains(verdict), verdict
    assert table.item(0, 3).toolTip() == spec


def test_the_title_uses_the_room_beside_the_home_button(qtbot: QtBot) -> None:
    # review polish #34: "AI Assis…" at 1280×720 in English, with the left side empty
    from simulator.ui.phone.phone import NavigationBar

    bar = NavigationBar()
    qtbot.addWidget(bar)
    bar.title.setText("AI Assistant")
    bar.resize(264, 44)  # the 1280×720 phone's screen
    bar.show()
    qtbot.waitUntil(bar.title.isVisible)
    title = bar.title
    assert title.shown_text() == "AI Assistant"
    drawn = title.text_rect().translated(title.pos())
    assert drawn.left() >= bar.home.geometry().right()
    assert drawn.right() <= bar.findChild(QFrame, "capsule").geometry().left()
    bar.resize(400, 44)  # room on both sides: centred on the bar, as WeChat does
    qtbot.waitUntil(lambda: abs(title.text_rect().translated(title.pos()).center().x() - 200) <= 1)
