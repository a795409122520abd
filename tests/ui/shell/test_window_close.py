"""Closing the window stops the painting: nothing starts a task once the app's loop is gone."""

from __future__ import annotations

import asyncio
import inspect

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from simulator.ui.kit.frame_clock import FrameClock
from simulator.ui.kit.settings import UiSettings
from simulator.ui.kit.tasks import spawn
from simulator.ui.shell.controller import ChatController
from simulator.ui.shell.main_window import MainWindow
from tests.helpers.timing import seconds
from tests.ui.fakes import ScriptedFactory, ScriptedSession

TIMEOUT_MS = int(seconds(10) * 1000)


def test_closing_mid_typing_stops_frames_and_measurements(qtbot: QtBot, qloop: object) -> None:
    # 60 characters arrive at once; the adaptive typewriter spreads them over 0.5 s.
    window = MainWindow(
        ChatController(ScriptedSession(ScriptedFactory(["流式输出"] * 15, interval=0.001))),
        UiSettings(typewriter_cps=20),
        FrameClock(),
    )
    qtbot.addWidget(window)
    window.show()
    bar = window.phone.input_bar
    bar.edit.setPlainText("关窗")
    qtbot.mouseClick(bar.send_button, Qt.MouseButton.LeftButton)
    bubble = window.phone.chat.bubbles[-1]
    qtbot.waitUntil(lambda: bubble.run.ended and len(bubble.shown_text) > 0, timeout=TIMEOUT_MS)
    assert bubble.painting
    window.close()
    assert not window.clock.active
    # Before the fix the clock kept typing after close; the bubble then finished and started
    # its measurement task, with no loop left once a test (or the app) had torn it down.
    with qtbot.assertNotEmitted(bubble.painting_finished, wait=int(seconds(1) * 1000)):
        pass
    assert window.latency.table.rowCount() == 0


async def _never_run() -> None:
    raise AssertionError("must not run")


def test_spawn_without_a_loop_closes_the_coroutine() -> None:
    coro = _never_run()
    with pytest.raises(RuntimeError):
        spawn(coro, name="no-loop")
    # closed, so no "coroutine was never awaited" warning surfaces in some later test
    assert inspect.getcoroutinestate(coro) == inspect.CORO_CLOSED
    assert asyncio.events._get_running_loop() is None
