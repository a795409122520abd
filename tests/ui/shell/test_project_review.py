"""Project mode after the newcomer review: the project's own name is shown (#27), the WXML tab
follows a switch of project (#28)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from simulator.ui.kit.tasks import spawn
from simulator.ui.shell.app import AppParts
from simulator.ui.shell.project_mode import ProjectMode, install_project_mode
from simulator.ui.shell.project_name import project_name
from tests.ui.stub_app import TIMEOUT_MS

pytest.importorskip("PySide6.QtWebEngineWidgets")

ROOT = Path(__file__).resolve().parents[3]
NATIVE = ROOT / "examples" / "projects" / "native-chat"
FRAMEWORKS = ROOT / "tests" / "fixtures" / "frameworks"
LONG_MS = TIMEOUT_MS * 3


def started(qtbot: QtBot, mode: ProjectMode, folder: Path) -> None:
    mode.open(folder)
    qtbot.waitUntil(
        lambda: (
            mode.folder == folder.resolve()
            and mode.host is not None
            and mode.host.start_s is not None
        ),
        timeout=LONG_MS,
    )


def test_the_name_is_the_developers_not_the_build_folders(tmp_path: Path) -> None:
    # uni-app: its build output carries project.config.json with projectname
    uni = FRAMEWORKS / "uni-chat"
    assert project_name(uni, uni / "dist" / "build" / "mp-weixin", {}) == "uni-chat"
    taro = FRAMEWORKS / "taro-chat"
    assert project_name(taro, taro / "dist", {}) == "taro-chat"
    # no projectname: app.json's title, else the folder above the build output
    built = tmp_path / "my-shop" / "dist" / "build" / "mp-weixin"
    built.mkdir(parents=True)
    (built / "project.config.json").write_text(json.dumps({"appid": "x"}), encoding="utf-8")
    assert project_name(built, built, {"window": {"navigationBarTitleText": "小店"}}) == "小店"
    assert project_name(built, built, {}) == "my-shop"
    assert project_name(tmp_path / "my-shop", built, {}) == "my-shop"


def test_the_open_project_is_named_and_its_wxml_follows_a_switch(
    qtbot: QtBot, parts: AppParts
) -> None:
    window = parts.window
    mode = install_project_mode(parts, None)
    try:
        started(qtbot, mode, NATIVE)
        assert window.windowTitle().startswith("native-chat — native project")
        label = window.statusBar().findChild(QLabel, "projectName")
        assert label is not None and label.isVisible() and label.text() == "Project: native-chat"
        window.tabs.setCurrentWidget(mode.wxml)
        qtbot.waitUntil(lambda: bool(mode.wxml.labels()), timeout=TIMEOUT_MS)
        before = mode.wxml.labels()

        taro = FRAMEWORKS / "taro-chat"
        started(qtbot, mode, taro)
        assert window.windowTitle().startswith("taro-chat — Taro project"), window.windowTitle()
        assert label.text() == "Project: taro-chat"
        qtbot.waitUntil(lambda: "— taro-chat opened in" in mode.console.toPlainText())
        assert "— dist opened" not in mode.console.toPlainText()
        # the WXML tab stayed in front: it shows the new page's tree without a Refresh
        qtbot.waitUntil(
            lambda: bool(mode.wxml.labels()) and mode.wxml.labels() != before, timeout=LONG_MS
        )
        # a language change keeps the project in the title
        parts.translations.set_language("zh")
        qtbot.waitUntil(
            lambda: "taro-chat" in window.windowTitle() and "项目" in window.windowTitle()
        )
    finally:
        parts.translations.set_language("en")
        done = spawn(mode.stop(), name="test-project-stop")
        qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)
