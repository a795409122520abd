"""The window shows the handle the session made, and its figures equal the bench's."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from simulator.bench.runner import measure_run
from simulator.ui.kit.frame_clock import FrameClock
from simulator.ui.kit.settings import UiSettings
from simulator.ui.kit.tasks import spawn
from simulator.ui.shell.controller import ChatController
from simulator.ui.shell.main_window import MainWindow
from tests.session.test_one_run_owner import SpySession, counted, kinds


def test_window_and_bench_read_one_recorded_run_from_the_session_handle(
    qtbot: QtBot, qloop: object
) -> None:
    session = SpySession()
    controller = ChatController(session)
    window = MainWindow(controller, UiSettings(typewriter_cps=2000), FrameClock())
    qtbot.addWidget(window)
    shown = controller.send("你好", "sync")
    qtbot.waitUntil(lambda: shown.ended and not controller.busy, timeout=5000)
    assert session.handles == [shown]
    assert window.latency.current is shown  # the panel reads the handle, not a copy

    bench_session = SpySession()
    task = spawn(measure_run(bench_session, "recorded", "你好"), name="bench-run")
    qtbot.waitUntil(task.done, timeout=5000)
    [benched] = bench_session.handles
    assert task.result().timeline is benched.timeline
    assert kinds(benched) == kinds(shown)
    assert counted(benched.live) == counted(shown.live)
