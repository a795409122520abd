"""What a QA run of the window found: the backend label's one form, the window's size."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from simulator.ui.app import AppParts, build_app, shutdown, start_backend
from simulator.ui.tasks import spawn
from tests.ui.conftest import qloop, session_loop  # noqa: F401 (fixtures)
from tests.ui.stub_app import TIMEOUT_MS, app_settings, send_and_wait


@pytest.fixture
def stub_parts(qtbot: QtBot, qloop: object) -> Iterator[AppParts]:  # noqa: F811
    """The app on its own embedded stub (no backend URL), as a first start is."""
    parts = build_app(app_settings(""), remember=False)
    qtbot.addWidget(parts.window)
    parts.window.show()
    yield parts
    done = spawn(shutdown(parts), name="test-shutdown")
    qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)
    done.result()


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
    qtbot.wait(50)
    qtbot.waitUntil(lambda: label.text() == at_start, timeout=TIMEOUT_MS)
    parts.window.settings_changed.emit(
        parts.window.settings.with_changes(backend_url="http://127.0.0.1:1")
    )
    assert label.text() == "Backend: http://127.0.0.1:1"
