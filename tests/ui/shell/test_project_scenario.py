"""The window's scenario picker reaches a project page's own requests (on the embedded stub),
as it reaches a transport's: the next send follows the scenario picked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from simulator.transports.events import ReplyCompleted
from simulator.ui.kit.tasks import spawn
from simulator.ui.shell.app import AppParts
from simulator.ui.shell.project_mode import ProjectMode, install_project_mode
from tests.helpers.qt_app import running_app
from tests.ui.shell.test_project_window import LONG_MS, NATIVE, ask
from tests.ui.stub_app import TIMEOUT_MS

pytest.importorskip("PySide6.QtWebEngineWidgets")


@pytest.fixture
def embedded(qtbot: QtBot, qloop: object) -> Iterator[AppParts]:
    """The app on its own embedded stub (backend URL empty): nobody else's default scenario."""
    with running_app(qtbot, "") as parts:
        yield parts


def _pick(parts: AppParts, spec: str) -> None:
    """Pick a preset in the toolbar's scenario box, as a person does."""
    box = parts.window.scenario_box
    index = box.findData(spec)
    assert index >= 0, spec
    box.setCurrentIndex(index)


def _send(qtbot: QtBot, mode: ProjectMode, text: str) -> ReplyCompleted:
    count = len(mode.runs)
    assert ask(qtbot, mode, {"t": "input", "selector": "input", "value": text})["ok"]
    assert ask(qtbot, mode, {"t": "tap", "selector": "button"})["ok"]
    qtbot.waitUntil(
        lambda: len(mode.runs) > count and mode.runs[-1].outcome is not None, timeout=LONG_MS
    )
    outcome = mode.runs[-1].outcome
    assert isinstance(outcome, ReplyCompleted), outcome
    return outcome


def test_the_picked_scenario_reaches_the_project_pages_own_request(
    qtbot: QtBot, embedded: AppParts
) -> None:
    mode = install_project_mode(embedded, NATIVE)
    qtbot.waitUntil(
        lambda: mode.host is not None and mode.host.start_s is not None, timeout=LONG_MS
    )
    normal = _send(qtbot, mode, "你好")
    assert "scenario_status" not in normal.text and len(normal.text) > 10
    # "Server error 500": the page's own request is answered 500, and the page shows what
    # it got (its chunk callback prints the body: the stub's error)
    _pick(embedded, "status=500")
    qtbot.waitUntil(lambda: embedded.backend.settings.scenario == "status=500", timeout=TIMEOUT_MS)
    failed = _send(qtbot, mode, "再来一次")
    assert "scenario_status" in failed.text and "500" in failed.text
    shown = ask(qtbot, mode, {"t": "text"})["value"]
    assert "scenario_status" in shown
    rows = embedded.window.network_log.model.rows
    assert any(r.flow is not None and r.flow.status == 500 for r in rows if r.transport == "page")
    # back to the default: the next send streams a reply again
    _pick(embedded, "")
    qtbot.waitUntil(lambda: embedded.backend.settings.scenario == "", timeout=TIMEOUT_MS)
    again = _send(qtbot, mode, "第三次")
    assert "scenario_status" not in again.text and len(again.text) > 10
    done = spawn(mode.stop(), name="test-stop")
    qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)
