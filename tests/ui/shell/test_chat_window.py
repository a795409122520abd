"""The chat window on a scripted transport: send, stream, stop, fail, race, scroll, language."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from simulator.transports import EXTRA_TRANSPORT_NAMES, TRANSPORT_NAMES
from simulator.ui.kit.frame_clock import FrameClock
from simulator.ui.kit.i18n import Translations
from simulator.ui.kit.settings import UiSettings
from simulator.ui.phone.bubbles import AssistantBubble
from simulator.ui.shell.controller import ChatController, TransportFactory
from simulator.ui.shell.main_window import MainWindow
from simulator.ui.shell.race_view import RACE_TRANSPORTS
from tests.helpers.timing import seconds
from tests.ui.fakes import ScriptedFactory, ScriptedSession, UnreachableFactory

REPLY = [
    "# 标题\n\n",
    "流式",
    "输出的",
    "中文回复。\n\n",
    "- 一\n",
    "- 二\n\n",
    "```py\nx = 1\n```\n",
]
TIMEOUT_MS = int(seconds(10) * 1000)


def make_window(qtbot: QtBot, factory: TransportFactory, cps: int = 2000) -> MainWindow:
    controller = ChatController(ScriptedSession(factory))
    window = MainWindow(controller, UiSettings(typewriter_cps=cps), FrameClock())
    qtbot.addWidget(window)
    window.show()
    return window


def send(qtbot: QtBot, window: MainWindow, text: str) -> AssistantBubble:
    bar = window.phone.input_bar
    bar.edit.setPlainText(text)
    qtbot.mouseClick(bar.send_button, Qt.MouseButton.LeftButton)
    return window.phone.chat.bubbles[-1]


def test_send_types_out_the_whole_reply_and_shows_measured_latency(
    qtbot: QtBot, qloop: object
) -> None:
    window = make_window(qtbot, ScriptedFactory(REPLY))
    bubble = send(qtbot, window, "你好")
    qtbot.waitUntil(lambda: bubble.run.ended and not bubble.painting, timeout=TIMEOUT_MS)
    assert bubble.shown_text == "".join(REPLY)
    assert "x = 1" in bubble.text_view.document().toPlainText()
    assert bubble.text_view.document().toPlainText().startswith("标题")  # markdown rendered
    qtbot.waitUntil(lambda: window.latency.table.rowCount() == 1)  # the run was measured
    first_char = window.latency.values["first char"].text()
    assert first_char.endswith(("ms", " s")), first_char
    assert bubble.stats.text()  # the live line under the bubble
    assert window.phone.input_bar.send_button.isVisible()


def test_stop_keeps_the_text_received_so_far(qtbot: QtBot, qloop: object) -> None:
    factory = ScriptedFactory(["片段"] * 400, interval=0.01)
    window = make_window(qtbot, factory)
    bubble = send(qtbot, window, "长一点")
    bar = window.phone.input_bar
    qtbot.waitUntil(
        lambda: bar.stop_button.isVisible() and len(bubble.shown_text) >= 4, timeout=TIMEOUT_MS
    )
    qtbot.mouseClick(bar.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bubble.run.ended and not bubble.painting, timeout=TIMEOUT_MS)
    text = bubble.shown_text
    assert 4 <= len(text) < 800 and set(text) == {"片", "段"}
    assert bubble.status.isVisible()
    qtbot.waitUntil(lambda: bar.send_button.isVisible(), timeout=TIMEOUT_MS)


def test_a_failure_shows_in_the_bubble_and_a_toast_keeping_partial_text(
    qtbot: QtBot, qloop: object
) -> None:
    factory = ScriptedFactory(["部分", "文本", "丢失"], fail_after=2, error="socket closed (1006)")
    window = make_window(qtbot, factory)
    bubble = send(qtbot, window, "会断开")
    qtbot.waitUntil(lambda: bubble.run.ended and not bubble.painting, timeout=TIMEOUT_MS)
    assert bubble.shown_text == "部分文本"
    assert "1006" in bubble.status.text()
    assert window.phone.toast.isVisible() and "1006" in window.phone.toast.message


def test_an_unreachable_backend_is_an_error_not_a_crash(qtbot: QtBot, qloop: object) -> None:
    window = make_window(qtbot, UnreachableFactory())
    bubble = send(qtbot, window, "有人吗")
    qtbot.waitUntil(lambda: bubble.run.ended, timeout=TIMEOUT_MS)
    assert "refused" in bubble.status.text()
    assert window.phone.toast.isVisible()


def test_a_new_prompt_cancels_the_run_in_flight(qtbot: QtBot, qloop: object) -> None:
    window = make_window(qtbot, ScriptedFactory(["字"] * 300, interval=0.01))
    first = send(qtbot, window, "一")
    qtbot.waitUntil(lambda: len(first.run.received_text) > 0, timeout=TIMEOUT_MS)
    window.phone.input_bar.on_busy_changed(False)  # the send button is hidden while busy
    second = send(qtbot, window, "二")
    qtbot.waitUntil(lambda: first.run.ended, timeout=TIMEOUT_MS)
    assert type(first.run.outcome).__name__ == "RunStopped"
    assert not second.run.ended
    window.controller.stop()
    qtbot.waitUntil(lambda: second.run.ended, timeout=TIMEOUT_MS)


def test_race_runs_every_transport_side_by_side(qtbot: QtBot, qloop: object) -> None:
    window = make_window(qtbot, ScriptedFactory(REPLY))
    window.resize(1280, 720)  # the smallest screen aimed at (the test screen is smaller)
    qtbot.waitUntil(lambda: window.width() == 1280)
    qtbot.mouseClick(window.race_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.race
    bar = window.race.input_bar
    bar.edit.setPlainText("比赛")
    qtbot.mouseClick(bar.send_button, Qt.MouseButton.LeftButton)
    bubbles = [lane.chat.bubbles[-1] for lane in window.race.lanes.values()]
    # six lanes: every transport but auto, and long polling beside the 1 s polling
    assert [b.run.transport for b in bubbles] == list(RACE_TRANSPORTS)
    expected = {*TRANSPORT_NAMES, *EXTRA_TRANSPORT_NAMES} - {"auto"}
    assert len(bubbles) == 6 and set(RACE_TRANSPORTS) == expected
    qtbot.waitUntil(
        lambda: all(b.run.ended and not b.painting for b in bubbles), timeout=TIMEOUT_MS
    )
    assert all(b.shown_text == "".join(REPLY) for b in bubbles)
    assert all(b.stats.text() for b in bubbles)
    qtbot.waitUntil(lambda: window.latency.table.rowCount() == len(RACE_TRANSPORTS))
    # six lanes are narrow: each bubble still fits its lane instead of being cut on the right
    for lane in window.race.lanes.values():
        page = lane.chat.viewport().width()
        bubble = lane.chat.bubbles[-1]
        assert lane.chat.widget().width() <= page, lane.transport
        assert bubble.frame.geometry().right() < bubble.width() <= page, lane.transport


def test_auto_scroll_follows_until_the_user_scrolls_up(qtbot: QtBot, qloop: object) -> None:
    factory = ScriptedFactory(["第一行内容。\n\n"] * 200, interval=0.002)
    window = make_window(qtbot, factory, cps=400)
    chat = window.phone.chat
    bubble = send(qtbot, window, "长回复")
    bar = chat.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 300, timeout=TIMEOUT_MS)
    assert bar.value() == bar.maximum()
    bar.setValue(0)  # the user scrolls up
    qtbot.waitUntil(lambda: bar.maximum() > 2000 or not bubble.painting, timeout=TIMEOUT_MS)
    assert bar.value() == 0
    assert chat.new_below.isVisible()  # "new messages ↓" while the user reads above
    bar.setValue(bar.maximum())  # back to the bottom: following again
    assert not chat.new_below.isVisible()
    window.controller.stop()
    qtbot.waitUntil(lambda: bubble.run.ended and not bubble.painting, timeout=TIMEOUT_MS)
    assert bar.value() == bar.maximum()


def test_language_switches_between_chinese_and_english(qtbot: QtBot, qloop: object) -> None:
    window = make_window(qtbot, ScriptedFactory(REPLY))
    translations = Translations()
    assert translations.set_language("zh")
    try:
        # LanguageChange is posted to the widgets: wait for them to re-read their texts
        qtbot.waitUntil(lambda: window.phone.input_bar.send_button.text() == "发送")
        assert window.tabs.tabText(1) == "网络"
        assert window.latency.table.horizontalHeaderItem(0).text() == "传输方式"
        translations.set_language("en")
        qtbot.waitUntil(lambda: window.phone.input_bar.send_button.text() == "Send")
        assert window.tabs.tabText(1) == "Network"
    finally:
        translations.set_language("en")
