"""A page or project takes the phone over: the built-in chat's conversation goes, and the status
bar says why the transport picker and race mode left the toolbar (review #29)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from simulator.page.host import PageOptions
from simulator.ui.kit.tasks import spawn
from simulator.ui.phone.bubbles import AssistantBubble
from simulator.ui.shell.app import AppParts
from simulator.ui.shell.page_mode import install_page_mode
from simulator.ui.shell.project_mode import install_project_mode
from simulator.ui.shell.transports_off import TransportsOffNote
from tests.ui.stub_app import TIMEOUT_MS, send_and_wait

ROOT = Path(__file__).resolve().parents[3]


def note_of(parts: AppParts) -> TransportsOffNote | None:
    return parts.window.statusBar().findChild(TransportsOffNote)


def test_a_page_clears_the_built_in_chat_and_says_transports_are_off(
    qtbot: QtBot, parts: AppParts
) -> None:
    window = parts.window
    send_and_wait(qtbot, parts, "旧对话")
    chat = window.phone.chat
    assert chat.bubbles and note_of(parts) is None  # the built-in chat says nothing of pages
    mode = install_page_mode(
        parts, ROOT / "examples" / "pages" / "seed-chat.ts",
        PageOptions(query=(("strategy", "websocket"),)),
    )  # fmt: skip
    try:
        assert chat.bubbles == [] and window.bubbles == {}
        qtbot.waitUntil(lambda: not chat.findChildren(AssistantBubble))
        note = note_of(parts)
        assert note is not None and note.isVisible()
        assert "off" in note.text() and "page" in note.text()
        parts.translations.set_language("zh")
        try:
            qtbot.waitUntil(lambda: "关闭" in note.text())
        finally:
            parts.translations.set_language("en")
    finally:
        done = spawn(mode.stop(), name="test-page-stop")
        qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)


def test_a_project_says_transports_are_off_too(qtbot: QtBot, parts: AppParts) -> None:
    pytest.importorskip("PySide6.QtWebEngineWidgets")
    mode = install_project_mode(parts, ROOT / "examples" / "projects" / "native-chat")
    try:
        note = note_of(parts)
        assert note is not None and note.isVisible()
    finally:
        done = spawn(mode.stop(), name="test-project-stop")
        qtbot.waitUntil(done.done, timeout=TIMEOUT_MS * 3)
