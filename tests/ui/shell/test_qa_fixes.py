"""What a QA run of the window found: the backend label's one form, the window's size."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QToolBar, QToolButton
from pytestqt.qtbot import QtBot

from simulator.ui.kit.tasks import spawn
from simulator.ui.shell.app import AppParts, start_backend
from simulator.ui.shell.main_window import MIN_HEIGHT, MIN_WIDTH
from simulator.ui.shell.page_mode import install_page_mode
from tests.helpers.qt_app import running_app
from tests.helpers.waits import qt_quiet_for
from tests.ui.stub_app import TIMEOUT_MS, send_and_wait


@pytest.fixture
def stub_parts(qtbot: QtBot, qloop: object) -> Iterator[AppParts]:
    """The app on its own embedded stub (no backend URL), as a first start is."""
    with running_app(qtbot, "") as parts:
        yield parts


def test_the_backend_label_has_one_form_for_the_embedded_stub(
    qtbot: QtBot, stub_parts: AppParts
) -> None:
    parts = stub_parts
    label = parts.window.backend_label
    spawn(start_backend(parts), name="test-start-backend")
    qtbot.waitUntil(lambda: "(" in label.text(), timeout=TIMEOUT_MS)
    at_start = label.text()
    assert at_start.startswith("Backend: embedded stub (127.0.0.1:"), at_start
    send_and_wait(qtbot, parts, "你好")
    assert label.text() == at_start
    parts.window.transport_box.setCurrentText("chunked")  # a settings change
    qt_quiet_for(qtbot, 0.05)  # the label keeps its form after a settings change
    qtbot.waitUntil(lambda: label.text() == at_start, timeout=TIMEOUT_MS)
    parts.window.settings_changed.emit(
        parts.window.settings.with_changes(backend_url="http://127.0.0.1:1")
    )
    assert label.text() == "Backend: http://127.0.0.1:1"


def test_the_window_fits_the_screen_and_its_page_buttons_stay_reachable(
    qtbot: QtBot,
    parts: AppParts,
) -> None:
    window = parts.window
    screen = window.screen().availableGeometry()
    # opened within the screen (never below the window's own minimum)
    assert window.width() <= max(screen.width(), MIN_WIDTH)
    assert window.height() <= max(screen.height(), MIN_HEIGHT)
    mode = install_page_mode(parts, None)
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.width() == 1280 and window.height() == 720)
    bar = window.findChild(QToolBar, "toolbar")
    assert bar is not None
    qtbot.waitUntil(lambda: mode.open_button.isVisible() or _overflow(bar) is not None)
    ext = _overflow(bar)
    if ext is not None:  # the buttons that do not fit are one click away, inside the window
        assert window.rect().contains(ext.geometry().translated(bar.pos()))
        ext.click()
        qtbot.waitUntil(mode.open_button.isVisible)
    assert mode.open_button.isEnabled()


def _overflow(bar: QToolBar) -> QToolButton | None:
    ext = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    return ext if ext is not None and ext.isVisible() else None


def test_race_lanes_that_received_nothing_say_so_and_wrap_long_errors(
    qtbot: QtBot,
    parts: AppParts,
) -> None:
    window = parts.window
    window.settings_changed.emit(window.settings.with_changes(backend_url="http://127.0.0.1:1"))
    window.race_button.setChecked(True)
    lanes = window.race.lanes.values()
    qtbot.waitUntil(lambda: all(lane.isVisible() and lane.width() > 0 for lane in lanes))
    widths = {name: lane.width() for name, lane in window.race.lanes.items()}
    window.race.input_bar.edit.setPlainText("比一比")
    window.race.input_bar.send_button.click()
    qtbot.waitUntil(lambda: not parts.controller.busy, timeout=TIMEOUT_MS)
    bubbles = [b for lane in window.race.lanes.values() for b in lane.chat.bubbles]
    assert bubbles
    qtbot.waitUntil(lambda: all(b.run.ended for b in bubbles), timeout=TIMEOUT_MS)
    for bubble in bubbles:
        text = bubble.status.text()
        assert "Nothing was received" in text and "kept" not in text, text
    qt_quiet_for(qtbot, 0.05)  # no lane grows after the errors came
    assert {name: lane.width() for name, lane in window.race.lanes.items()} == widths
    for lane in window.race.lanes.values():  # no unbreakable token wider than the lane
        for bubble in lane.chat.bubbles:
            assert bubble.status.minimumSizeHint().width() <= lane.width()
    window.race_button.setChecked(False)


def test_the_probe_dialog_and_the_network_status_words_are_chinese(parts: AppParts) -> None:
    from simulator.ui.devtools.network_rows import LogRow, cell
    from simulator.ui.dialogs.probe_dialog import ProbeDialog
    from simulator.wx.flows import Flow

    failed = Flow(1, "request", "POST", "http://x/chat", 0.0, error="request:fail", state="failed")
    ended = Flow(2, "request", "POST", "http://x/sse", 0.0, status=200, state="failed",
                 error="request:fail abort")  # fmt: skip
    parts.translations.set_language("zh")
    try:
        dialog = ProbeDialog("http://127.0.0.1:1", parent=parts.window)
        texts = [dialog.windowTitle(), dialog.use_button.text(), dialog.reprobe_button.text()]
        assert texts == ["探测后端", "使用此配置", "重新探测"]
        dialog.deleteLater()
        assert cell(LogRow("chunked", "request", flow=failed), "status") == "（失败）"
        row = LogRow("chunked", "request", flow=ended, run_ended=True)
        assert cell(row, "status") == "200"  # after [DONE]: a normal end, not "（页面已结束）"
    finally:
        parts.translations.set_language("en")
