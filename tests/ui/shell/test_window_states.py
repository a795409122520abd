"""Window behaviour of issue 14: arrival curve, typing state, Stop, 1280×720, settings, history."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from simulator.history import HistoryStore
from simulator.transports.events import ChunkReceived
from simulator.ui.devtools.chars_chart import nice_ticks, run_series, step_points
from simulator.ui.kit.frame_clock import FrameClock
from simulator.ui.kit.settings import UiSettings
from simulator.ui.shell.app import startup_settings
from simulator.ui.shell.controller import ChatController
from simulator.ui.shell.main_window import MIN_HEIGHT, MIN_WIDTH, MainWindow
from simulator.verdict import judge
from tests.helpers.timing import seconds
from tests.ui.fakes import ScriptedFactory, ScriptedSession

PIECES = ["流式", "输出", "一个", "字一", "个字"] * 4
TIMEOUT_MS = int(seconds(10) * 1000)


def window_for(
    qtbot: QtBot, cps: int, history: HistoryStore | None = None, **kwargs: object
) -> MainWindow:
    controller = ChatController(ScriptedSession(ScriptedFactory(PIECES, **kwargs)))
    window = MainWindow(controller, UiSettings(typewriter_cps=cps, language="en"), FrameClock(),
                        history)  # fmt: skip
    qtbot.addWidget(window)
    window.show()
    return window


def send(window: MainWindow, text: str = "你好") -> None:
    window.phone.input_bar.edit.setPlainText(text)
    window.phone.input_bar.send_button.click()


def test_the_chart_draws_arrivals_at_the_timelines_times(qtbot: QtBot, qloop: object) -> None:
    window = window_for(qtbot, cps=3000)
    send(window)
    bubble = window.phone.chat.bubbles[-1]
    qtbot.waitUntil(lambda: bubble.run.ended and not bubble.painting, timeout=TIMEOUT_MS)
    run = bubble.run
    send_at = run.live.send_at
    assert send_at is not None
    expected, count = [(0.0, 0)], 0
    for e in run.timeline.events:
        if isinstance(e, ChunkReceived):
            count += len(e.text)
            expected.append((e.at - send_at, count))
    assert run_series(run)["arrived"] == expected
    # drawn as steps: the count holds until the next arrival, so nothing ramps up early
    steps = step_points(expected)
    assert steps[1] == (expected[1][0], 0) and steps[2] == expected[1]
    assert all(b[0] >= a[0] and b[1] >= a[1] for a, b in itertools.pairwise(steps))


def test_ticks_are_round_whatever_the_range() -> None:
    for top in (0.004, 0.13, 1.0, 4.39, 97.0, 3000.0):
        ticks = nice_ticks(top)
        assert ticks[0] == 0 and ticks[-1] >= top and 3 <= len(ticks) <= 7
        step = ticks[1]
        assert f"{step:.10g}".lstrip("0.").rstrip("0")[:1] in ("1", "2", "5")


def test_state_says_typing_while_the_bubble_lags_and_stop_ends_it(
    qtbot: QtBot, qloop: object
) -> None:
    window = window_for(qtbot, cps=10, interval=0.001)  # arrives in ~30 ms, types for ~4 s
    send(window)
    bubble = window.phone.chat.bubbles[-1]
    qtbot.waitUntil(lambda: bubble.run.ended, timeout=TIMEOUT_MS)
    window.latency.refresh()
    assert bubble.painting
    assert window.latency.values["status"].text() == "received · typing"
    bar = window.phone.input_bar
    assert bar.stop_button.isVisible() and not bar.send_button.isVisible()
    bar.stop_button.click()
    qtbot.waitUntil(lambda: not bubble.painting, timeout=TIMEOUT_MS)
    assert bubble.shown_text == "".join(PIECES)
    qtbot.waitUntil(lambda: bar.send_button.isVisible(), timeout=TIMEOUT_MS)
    window.latency.refresh()
    assert window.latency.values["status"].text() in ("painted", "arrived at once")


def test_the_window_fits_1280_by_720(qtbot: QtBot, qloop: object) -> None:
    window = window_for(qtbot, cps=3000)
    hint = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert hint.width() <= 1280 and hint.height() <= 720, hint
    assert (MIN_WIDTH, MIN_HEIGHT) <= (1280, 720)
    window.resize(QSize(1280, 720))
    QApplication.processEvents()
    assert window.size() == QSize(1280, 720)
    # the input bar is inside the phone, the phone inside its pane: nothing is cut off
    bar = window.phone.input_bar

    def fits() -> bool:
        bottom = bar.mapTo(window, bar.rect().bottomLeft()).y()
        return window.phone.height() <= window.stack.height() and (
            bottom <= window.centralWidget().geometry().bottom()
        )

    qtbot.waitUntil(fits)
    # a smaller device preset and a fixed zoom change the phone's size
    window.device_box.setCurrentIndex(1)  # iPhone SE
    window.zoom_box.setCurrentIndex(window.zoom_box.findData(0.8))
    assert window.phone.size() == QSize(round(375 * 0.8) + 20, round(667 * 0.8) + 20)
    title = window.phone.nav_bar.title
    qtbot.waitUntil(lambda: title.font().pixelSize() == round(16 * 0.8))  # the text scales too
    assert "font-size: 11px" in window.phone.styleSheet()  # 11 px figures stay 11 px
    window.panel_button.click()
    assert not window.tabs.isVisible()


def test_saved_settings_win_unless_an_option_is_given() -> None:
    saved = UiSettings(language="en", transport="websocket", backend_url="http://x:1")
    assert startup_settings(saved, None, None, None) == saved
    given = startup_settings(saved, "http://y:2", "zh", "sync")
    assert (given.backend_url, given.language, given.transport) == ("http://y:2", "zh", "sync")
    back = given.with_changes(backend_url="http://x:1", language="en", transport="websocket")
    assert back == saved


def test_history_is_kept_across_a_restart(qtbot: QtBot, qloop: object, tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    window = window_for(qtbot, cps=3000, history=HistoryStore(path))
    send(window)
    bubble = window.phone.chat.bubbles[-1]
    qtbot.waitUntil(lambda: bubble.run.ended and not bubble.painting, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: len(HistoryStore(path).records()) == 1, timeout=TIMEOUT_MS)
    window.close()

    again = window_for(qtbot, cps=3000, history=HistoryStore(path))  # a new app on the same file
    again.tabs.setCurrentWidget(again.history)
    qtbot.waitUntil(lambda: again.history.table.rowCount() == 1, timeout=TIMEOUT_MS)
    group = again.history.groups[0]
    # the bench's rule judged it (no trace here; this scripted reply repeats its own start)
    judged = judge(bubble.run.timeline.events).status.value
    assert group.runs == 1 and group.key == ("auto", "embedded stub", "none", "default", judged)
    assert group.medians["first_paint_s"] is not None
    csv_path = tmp_path / "runs.csv"
    assert HistoryStore(path).export_csv(csv_path) == 1
    assert csv_path.read_text(encoding="utf-8").count("\n") == 2
    HistoryStore(path).reset()
    assert HistoryStore(path).groups() == []


def test_the_status_bar_and_the_chip_show_the_conditions(qtbot: QtBot, qloop: object) -> None:
    window = window_for(qtbot, cps=3000)
    status = window.phone.status_bar
    assert status.wifi.isVisibleTo(window) and not status.generation.isVisibleTo(window)
    assert window.chip.property("warn") is False
    window.apply_settings(window.settings.with_changes(network="2g", scenario="drop_after=20"))
    assert status.generation.text() == "2G" and not status.wifi.isVisibleTo(window)
    assert window.chip.text() == "Network: 2G"
    assert window.chip.toolTip().startswith("Network: 2G · Scenario: Drop at chunk 20")
    assert window.chip.property("warn") is True
    assert window.scenario_box.currentData() == "drop_after=20"
    window.apply_settings(window.settings.with_changes(network="offline", scenario="ttft_ms=7"))
    assert status.generation.text() == "No service"
    assert window.chip.text() == "Network: offline"
    assert window.scenario_box.currentText() == "Custom: ttft_ms=7"
    assert window.scenario_box.currentData() is None  # a custom scenario: "Custom (settings)"
    with qtbot.waitSignal(window.settings_changed) as blocker:
        window.scenario_box.setCurrentIndex(1)  # a preset sends its spec
    assert blocker.args is not None and blocker.args[0].scenario == "ttft_ms=3000"
