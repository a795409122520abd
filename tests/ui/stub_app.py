"""Driving the real window on the real stub: send a prompt, wait for its end, read the stub."""

from __future__ import annotations

import httpx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from backend_stub import EmbeddedStub
from simulator.ui.kit.settings import UiSettings
from simulator.ui.phone.bubbles import AssistantBubble
from simulator.ui.shell.app import AppParts
from tests.helpers.timing import seconds

FAST = "ttft_ms=0,tps=400,jitter_ms=0"
TIMEOUT_MS = int(seconds(20) * 1000)


def app_settings(backend_url: str, scenario: str = FAST) -> UiSettings:
    return UiSettings(
        backend_url=backend_url, scenario=scenario, typewriter_cps=3000, language="en"
    )


def use(parts: AppParts, transport: str | None = None, scenario: str | None = None) -> None:
    """Pick the transport and/or the stub scenario, as the toolbar and the settings do."""
    window = parts.window
    if transport is not None:
        window.transport_box.setCurrentText(transport)
    if scenario is not None:
        window.settings_changed.emit(window.settings.with_changes(scenario=scenario))


def send_and_wait(qtbot: QtBot, parts: AppParts, text: str) -> AssistantBubble:
    """Type `text`, click send, wait until the reply ended and its last character is painted."""
    bar = parts.window.phone.input_bar
    bar.edit.setPlainText(text)
    qtbot.mouseClick(bar.send_button, Qt.MouseButton.LeftButton)
    bubble = parts.window.phone.chat.bubbles[-1]
    qtbot.waitUntil(lambda: bubble.run.ended and not bubble.painting, timeout=TIMEOUT_MS)
    return bubble


def outcome_name(bubble: AssistantBubble) -> str:
    return type(bubble.run.outcome).__name__


def stub_text(stub: EmbeddedStub, reply_id: str) -> str:
    """The reply the stub generated, from its trace."""
    response = httpx.get(f"{stub.base_url}/api/debug/trace/{reply_id}", trust_env=False)
    response.raise_for_status()
    return str(response.json()["text"])
