"""The window and a backend URL: the first use probes it (progress, then the profile), and a URL
changed in Settings is where the next message goes — read from each double's own request log,
and from the network log."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import simulator.ui.dialogs.probe_dialog
from simulator.ui.dialogs.probe_dialog import ProbeDialog
from simulator.ui.kit.settings import UiSettings
from simulator.ui.kit.tasks import spawn
from simulator.ui.shell.app import build_app, shutdown, start_backend
from tests.doubles.serve import ThreadServer
from tests.doubles.shapes import SHAPES, ShapeBackend, create_app, reply_text
from tests.helpers.timing import seconds
from tests.ui.stub_app import TIMEOUT_MS, send_and_wait

PROBE_MS = int(seconds(60) * 1000)


def use_when_done(qtbot: QtBot, probe: ProbeDialog | None) -> None:
    assert probe is not None and probe.isVisible()
    qtbot.waitUntil(probe.use_button.isEnabled, timeout=PROBE_MS)
    probe.use_button.click()


def test_first_use_probes_and_a_changed_url_reaches_the_network(
    qtbot: QtBot, qloop: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(simulator.ui.dialogs.probe_dialog, "profiles_dir", lambda: tmp_path)
    # JSON socket frames: the stub's contract would show raw JSON, the probed profile the text.
    a, b = ShapeBackend(SHAPES["ws-json-delta"]), ShapeBackend(SHAPES["ws-json-delta"])
    with (
        ThreadServer(create_app(a), log_level="critical") as server_a,
        ThreadServer(create_app(b), log_level="critical") as server_b,
    ):
        settings = UiSettings(
            backend_url=server_a.base_url, transport="websocket", typewriter_cps=3000,
            language="en",
        )  # fmt: skip
        parts = build_app(settings, remember=False)
        window = parts.window
        qtbot.addWidget(window)
        window.show()
        spawn(start_backend(parts), name="test-start-backend")
        qtbot.waitUntil(lambda: window.first_use_probe is not None, timeout=TIMEOUT_MS)
        assert isinstance(window.first_use_probe, ProbeDialog)
        use_when_done(qtbot, window.first_use_probe)
        qtbot.waitUntil(lambda: bool(window.settings.profile_file), timeout=TIMEOUT_MS)
        first = send_and_wait(qtbot, parts, "你好")
        assert first.shown_text == reply_text("你好")
        on_a = len(a.hits)
        assert any(h.startswith("WS /ws/chat") for h in a.hits)

        window.on_settings_clicked()
        dialog = window.settings_dialog
        assert dialog is not None
        dialog.backend_url.setText(server_b.base_url)
        dialog.accept()  # the profile field holds A's profile: B is probed first
        use_when_done(qtbot, dialog.probe_dialog)
        qtbot.waitUntil(lambda: window.settings.backend_url == server_b.base_url)
        probed_b = len(b.hits)
        second = send_and_wait(qtbot, parts, "你好")
        assert second.shown_text == reply_text("你好")
        assert len(a.hits) == on_a, a.hits[on_a:]  # nothing more went to A
        host_b = server_b.base_url.removeprefix("http://")
        assert b.hits[probed_b:] == [f"WS /ws/chat {host_b}"]
        assert any(host_b in row.url for row in window.network_model.rows)
        done = spawn(shutdown(parts), name="test-shutdown")
        qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)
        done.result()
