"""The window keeps a project's `wx` storage across reopening it, as DevTools keeps it across
restarts; without a storage root (tests, command runs) it lives in memory only."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from simulator.ui.kit.tasks import spawn
from simulator.ui.shell.app import AppParts
from simulator.ui.shell.project_mode import ProjectMode, install_project_mode
from tests.ui.shell.test_project_window import LONG_MS, NATIVE
from tests.ui.stub_app import TIMEOUT_MS


def open_and_wait(qtbot: QtBot, mode: ProjectMode, old: object = None) -> None:
    mode.open(NATIVE)
    qtbot.waitUntil(
        lambda: mode.host is not None and mode.host is not old and mode.host.start_s is not None,
        timeout=LONG_MS,
    )


def stop(qtbot: QtBot, mode: ProjectMode) -> None:
    done = spawn(mode.stop(), name="test-project-stop")
    qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)


def test_a_projects_storage_survives_reopening_it(
    qtbot: QtBot, parts: AppParts, tmp_path: Path
) -> None:
    parts.storage_root = tmp_path
    mode = install_project_mode(parts, None)
    open_and_wait(qtbot, mode)
    assert mode.host is not None
    mode.host.wx.storage.set("draft", {"text": "你好"})
    first = mode.host
    stop(qtbot, mode)
    open_and_wait(qtbot, mode, first)
    assert mode.host.wx.storage.get("draft") == {"text": "你好"}
    assert [p.name.startswith("touristappid-") for p in tmp_path.iterdir()] == [True]
    stop(qtbot, mode)


def test_without_a_storage_root_a_reopened_project_starts_empty(
    qtbot: QtBot, parts: AppParts
) -> None:
    assert parts.storage_root is None
    mode = install_project_mode(parts, None)
    open_and_wait(qtbot, mode)
    assert mode.host is not None
    mode.host.wx.storage.set("draft", "x")
    first = mode.host
    stop(qtbot, mode)
    open_and_wait(qtbot, mode, first)
    kept = mode.host.wx.storage.keys()
    assert "draft" not in kept
    stop(qtbot, mode)
