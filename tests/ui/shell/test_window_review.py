"""The window after the newcomer review (notes/review): verdicts (#3), page runs kept (#4), the
painted line (#5), the toolbar at 1280 (#9), rows retranslated (#10), leaving a race (#11),
race text never cut (#13), chart ticks (#14), network names (#15), hints (#30, #31)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QToolBar, QToolButton
from pytestqt.qtbot import QtBot

from backend_stub import EmbeddedStub
from simulator.history import HistoryStore
from simulator.page.host import PageOptions
from simulator.session.run import RunHandle
from simulator.transports.events import (
    CharsPainted,
    ChunkReceived,
    MessageSent,
    ReplyCompleted,
    RunStopped,
)
from simulator.ui.devtools.chars_chart import CharsChart
from simulator.ui.dialogs.settings_dialog import PAGE_OF
from simulator.ui.kit.tasks import spawn
from simulator.ui.shell.app import AppParts, install_modes
from simulator.ui.shell.run_verdict import judge_window_run
from tests.helpers.qt_app import running_app
from tests.ui.stub_app import TIMEOUT_MS, send_and_wait, use

ROOT = Path(__file__).resolve().parents[3]
SEED_PAGE = ROOT / "examples" / "pages" / "seed-chat.ts"
RACE_SCENARIO = "ttft_ms=0,tps=80,jitter_ms=0"
"""Slow enough that the lanes type for a while, line after line."""


@pytest.fixture
def kept(qtbot: QtBot, qloop: object, stub: EmbeddedStub, tmp_path: Path) -> Iterator[AppParts]:
    """The app on the session's stub, keeping its runs in a history file of its own."""
    with running_app(qtbot, stub.base_url, HistoryStore(tmp_path / "h.sqlite3")) as parts:
        yield parts


def records(parts: AppParts) -> list[tuple[str, str, str]]:
    store = parts.window.history_store
    assert store is not None
    return [(r.transport, r.network, r.verdict) for r in store.records()]


# -- #3: the window judges its runs as the bench does ------------------------------------------
def test_a_run_on_the_stub_is_judged_against_its_trace(qtbot: QtBot, kept: AppParts) -> None:
    use(kept, transport="chunked")
    send_and_wait(qtbot, kept, "你好")
    qtbot.waitUntil(lambda: len(records(kept)) == 1, timeout=TIMEOUT_MS)
    assert records(kept) == [("chunked", "none", "exact")]


def _finished(name: str, text: str) -> RunHandle:
    run = RunHandle(name, "hi", race=True)
    run.emit(MessageSent(100.0, name, "hi"))
    run.emit(ChunkReceived(100.5, text, len(text.encode())))
    run.emit(ReplyCompleted(101.0, text))
    return run


def test_without_a_trace_a_race_is_consistent_only_on_a_deterministic_backend() -> None:
    lanes = [_finished(n, "same words") for n in ("websocket", "chunked", "sync")]
    odd = _finished("polling", "other words")
    everyone = (*lanes, odd)
    judged = judge_window_run(lanes[0], "", everyone, deterministic=True)
    assert judged is not None and judged[1].status.value == "consistent"
    judged = judge_window_run(odd, "", everyone, deterministic=True)
    assert judged is not None and judged[1].status.value == "failed"
    for deterministic in (None, False):  # a URL backend nobody probed: nothing vouches
        judged = judge_window_run(lanes[0], "", everyone, deterministic=deterministic)
        assert judged is not None and judged[1].status.value == "unverified"
    alone = judge_window_run(_finished("websocket", "x"), "", (), deterministic=True)
    assert alone is not None and alone[1].status.value == "unverified"


# -- #11, #13, #3: a race --------------------------------------------------------------------
def test_a_race_never_cuts_its_text_is_judged_and_is_left_cleanly(
    qtbot: QtBot, kept: AppParts
) -> None:
    window = kept.window
    window.resize(1280, 720)
    use(kept, scenario=RACE_SCENARIO)
    window.race_button.setChecked(True)
    bar = window.race.input_bar
    bar.edit.setPlainText("race test")
    qtbot.mouseClick(bar.send_button, Qt.MouseButton.LeftButton)
    cut: list[tuple[str, int, int]] = []

    def check_lanes(*_frame: object) -> None:
        # at the end of every frame: each bubble's frame holds its whole text (12 + 12 px
        # vertical margins in the frame... 9 + 9 here)
        for name, lane in window.race.lanes.items():
            for bubble in lane.chat.bubbles:
                if bubble.frame.isVisible():
                    need = bubble.text_view.height() + 18
                    if bubble.frame.height() < need:
                        cut.append((name, bubble.frame.height(), need))

    kept.clock.frame_finished.connect(check_lanes)
    lanes = window.race.lanes.values()
    qtbot.waitUntil(
        lambda: all(b.run.ended and not b.painting for lane in lanes for b in lane.chat.bubbles),
        timeout=TIMEOUT_MS * 3,
    )
    kept.clock.frame_finished.disconnect(check_lanes)
    assert not cut, cut[:5]
    qtbot.waitUntil(lambda: len(records(kept)) == len(window.race.lanes), timeout=TIMEOUT_MS)
    assert {verdict for _, _, verdict in records(kept)} == {"exact"}, records(kept)
    # leaving race mode: the latency tab shows a single run's figures again
    latency = window.latency
    assert latency.race_table.isVisible()
    window.race_button.setChecked(False)
    assert not latency.race_table.isVisible() and latency.figures.isVisible()
    assert latency.current_box.title() == "This run (measured)"
    assert latency.values["transport"].text() == "—"


# -- #4: a page run is labelled with its network and kept ---------------------------------------
def test_a_page_run_is_labelled_and_kept(qtbot: QtBot, kept: AppParts) -> None:
    window = kept.window
    window.settings_changed.emit(window.settings.with_changes(network="wifi"))
    page_mode, _project_mode, _replayer = install_modes(kept)
    page_mode.options = PageOptions(query=(("strategy", "sync"),))
    page_mode.open(SEED_PAGE)
    qtbot.waitUntil(lambda: page_mode.host is not None and page_mode.host.style is not None,
                    timeout=TIMEOUT_MS)  # fmt: skip
    bar = window.phone.input_bar
    bar.edit.setPlainText("你好")
    bar.send_button.click()
    qtbot.waitUntil(lambda: len(records(kept)) == 1, timeout=TIMEOUT_MS)
    assert records(kept) == [("page", "wifi", "exact")]
    table = window.latency.table
    qtbot.waitUntil(lambda: table.rowCount() == 1 and table.item(0, 1) is not None)
    assert (table.item(0, 0).text(), table.item(0, 1).text()) == ("page", "Wi-Fi")
    done = spawn(page_mode.stop(), name="test-page-stop")
    qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)


# -- #10: rows follow the language -------------------------------------------------------------
def test_old_history_rows_follow_a_language_change(qtbot: QtBot, parts: AppParts) -> None:
    send_and_wait(qtbot, parts, "你好")
    table = parts.window.latency.table
    qtbot.waitUntil(lambda: table.rowCount() == 1 and table.item(0, 1) is not None)
    assert table.item(0, 1).text() == "unthrottled"
    parts.translations.set_language("zh")
    try:
        qtbot.waitUntil(lambda: table.item(0, 1).text() == "不限速")
    finally:
        parts.translations.set_language("en")
    qtbot.waitUntil(lambda: table.item(0, 1).text() == "unthrottled")


# -- #9, #31, #30: the toolbar ------------------------------------------------------------------
@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_toolbar_action_is_on_screen_at_1280(
    qtbot: QtBot, parts: AppParts, language: str
) -> None:
    window = parts.window
    install_modes(parts)
    parts.translations.set_language(language)
    try:
        window.resize(1280, 720)
        qtbot.waitUntil(lambda: window.width() == 1280)
        bar = window.findChild(QToolBar, "toolbar")
        assert bar is not None
        check = next(a for a in bar.actions() if a.objectName() == "checkOnDevices")
        button = bar.widgetForAction(check)
        assert button is not None
        qtbot.waitUntil(button.isVisible)
        ext = bar.findChild(QToolButton, "qt_toolbar_ext_button")
        assert ext is None or not ext.isVisible(), "an action is behind »"
        for action in bar.actions():
            widget = bar.widgetForAction(action)
            if action.isVisible() and widget is not None:
                assert widget.isVisible() and bar.rect().contains(widget.geometry()), action
        # disabled (nothing open): it says why
        assert not check.isEnabled()
        why = {"en": "Open a page or a project first", "zh": "请先打开"}[language]
        qtbot.waitUntil(lambda: why in check.toolTip())
    finally:
        parts.translations.set_language("en")


def test_the_network_chip_opens_the_network_settings(qtbot: QtBot, parts: AppParts) -> None:
    window = parts.window
    qtbot.mouseClick(window.chip, Qt.MouseButton.LeftButton)
    dialog = window.settings_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.pages.currentIndex() == PAGE_OF["network"]
    dialog.reject()
    window.settings_button.click()
    assert window.settings_dialog is not None and window.settings_dialog.pages.currentIndex() == 0
    window.settings_dialog.reject()


# -- #5, #14: the chart ----------------------------------------------------------------------
def test_painted_stays_flat_until_the_first_paint(qtbot: QtBot) -> None:
    chart = CharsChart()
    qtbot.addWidget(chart)
    chart.resize(600, 300)
    run = RunHandle("page", "hi")
    run.emit(MessageSent(100.0, "page", "hi"))
    run.emit(ChunkReceived(101.08, "收到你的", 12))
    run.emit(CharsPainted(101.7, 4, 4))  # a page's sparse render, long after the send
    run.emit(ChunkReceived(101.9, "消息", 6))
    run.emit(CharsPainted(102.4, 2, 6))
    chart.set_runs([run])
    chart.grab()
    painted = chart.plotted[("page", "painted")]
    assert all(c == 0 for t, c in painted if t < 1.7 - 1e-9), painted
    assert all(c <= 4 for t, c in painted if t < 2.4 - 1e-9), painted
    assert painted[-1] == pytest.approx((2.4, 6))


def test_small_multiples_never_overlap_their_tick_labels(qtbot: QtBot) -> None:
    chart = CharsChart()
    qtbot.addWidget(chart)
    chart.resize(470, 200)  # its smallest, beside the tables at 1280×720
    runs = []
    for name in ("websocket", "chunked", "download", "polling", "longpoll", "sync"):
        run = RunHandle(name, "x", race=True)
        run.emit(MessageSent(100.0, name, "x"))
        run.emit(ChunkReceived(101.0, "a" * 150, 150))
        run.emit(ReplyCompleted(102.05, "a" * 150))
        runs.append(run)
    chart.set_runs(runs)
    chart.grab()
    number = re.compile(r"^\d+(\.\d+)?$")
    rows: dict[float, list[QRectF]] = {}
    for text, rect in chart.drawn:
        if number.match(text) and rect.width() > 1:
            rows.setdefault(round(rect.top(), 1), []).append(rect)
    assert rows
    for rects in rows.values():
        rects.sort(key=QRectF.left)
        for a, b in itertools.pairwise(rects):
            assert b.left() >= a.right(), (a, b)


# -- #15: the network panel's names --------------------------------------------------------------
def test_a_narrow_network_panel_keeps_the_names_readable(qtbot: QtBot, parts: AppParts) -> None:
    from simulator.ui.devtools.network_log import NAME_MIN_PX

    window = parts.window
    window.resize(1366, 768)
    send_and_wait(qtbot, parts, "你好")
    log = window.network_log
    window.tabs.setCurrentWidget(log)
    header = log.table.horizontalHeader()
    window.race_button.setChecked(True)  # the panel at its narrowest
    qtbot.waitUntil(lambda: log.table.viewport().width() < 560)
    qtbot.waitUntil(lambda: header.sectionSize(0) >= NAME_MIN_PX)
    window.race_button.setChecked(False)  # wide again: the name takes the room left
    qtbot.waitUntil(lambda: header.sectionSize(0) > NAME_MIN_PX)


# -- #24, #32, #36: polish -------------------------------------------------------------------
def test_a_refused_read_is_one_sentence_in_the_bubble(qtbot: QtBot) -> None:
    from simulator.transports.events import TransportNote
    from simulator.ui.kit.frame_clock import FrameClock
    from simulator.ui.phone.bubbles import AssistantBubble

    raw = "readFile:fail no such file or directory, open wxfile://usr/sim-reply-1234.txt"
    note = f"partial read refused, the reply will arrive whole at the end: {raw}"
    bubble = AssistantBubble(RunHandle("download", "hi"), FrameClock(), 300)
    qtbot.addWidget(bubble)
    bubble.on_run_event(TransportNote(1.0, note))
    shown = bubble.notice.text()
    assert "arrive whole at the end" in shown and "readFile" not in shown, shown
    assert raw in bubble.notice.toolTip()  # the raw error stays reachable (and in the log)


def test_race_lanes_show_no_squeezed_hint(qtbot: QtBot, parts: AppParts) -> None:
    window = parts.window
    window.race_button.setChecked(True)
    qtbot.waitUntil(window.race.isVisible)
    assert window.race.prompt.isVisible()  # the race says what to do, on one line
    assert not any(lane.chat.hint.isVisible() for lane in window.race.lanes.values())
    for lane in window.race.lanes.values():
        lane.chat.clear()
        assert not lane.chat.hint.isVisible()


def test_a_long_history_path_keeps_both_ends(qtbot: QtBot, qloop: object, tmp_path: Path) -> None:
    from simulator.ui.devtools.history_panel import HistoryPanel

    deep = tmp_path.joinpath(*["wx-stream-sim-data"] * 6, "history.sqlite3")
    panel = HistoryPanel(HistoryStore(deep))
    qtbot.addWidget(panel)
    panel.resize(560, 300)
    panel.show()
    label = panel.path_label
    qtbot.waitUntil(lambda: label.isVisible() and label.width() > 0)
    shown = label.shown_text()  # type: ignore[attr-defined]
    assert shown.startswith("History file:") and shown.endswith("history.sqlite3"), shown
    assert "…" in shown and str(deep) in label.toolTip()


# -- polish #26: the chart's y axis ------------------------------------------------------------
def test_the_highest_curve_stays_below_the_top_of_the_chart(qtbot: QtBot) -> None:
    # a stopped websocket run: 99 characters emitted and arrived, the axis must not end at 100
    chart = CharsChart()
    qtbot.addWidget(chart)
    chart.resize(600, 300)
    run = RunHandle("websocket", "stop")
    run.emit(MessageSent(100.0, "websocket", "stop"))
    run.emit(ChunkReceived(101.9, "a" * 60, 60, emitted_at=101.5))
    run.emit(ChunkReceived(102.7, "a" * 39, 39, emitted_at=102.3))
    run.emit(CharsPainted(102.8, 99, 99))
    run.emit(RunStopped(102.8, "a" * 99))
    chart.set_runs([run])
    chart.grab()
    highest = max(c for pts in chart.plotted.values() for _, c in pts)
    assert highest == 99
    assert chart.y_top >= highest * 1.05, chart.y_top
