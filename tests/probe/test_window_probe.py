"""The window probes a new backend URL before using it, and uses the profile it found."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import simulator.ui.dialogs.probe_dialog
from simulator.probe import load_profile
from simulator.ui.dialogs.settings_dialog import SettingsDialog
from simulator.ui.kit.settings import UiSettings
from tests.doubles.serve import ThreadServer
from tests.helpers.timing import seconds


def test_choosing_a_url_probes_it_and_uses_the_profile(
    qtbot: QtBot,
    qloop: object,
    literal: ThreadServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Profiles go to the test's directory, not the user's.
    monkeypatch.setattr(simulator.ui.dialogs.probe_dialog, "profiles_dir", lambda: tmp_path)
    dialog = SettingsDialog(UiSettings())
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.backend_url.setText(literal.base_url)
    dialog.accept()  # a new URL without a profile: the probe runs first
    probe = dialog.probe_dialog
    assert probe is not None and probe.isVisible()
    assert dialog.isVisible()  # not accepted yet: nothing is used before the user saw it
    qtbot.waitUntil(probe.use_button.isEnabled, timeout=int(seconds(30) * 1000))
    assert "download   will not" in probe.report.toPlainText()
    assert "Probing" in probe.status.text() or "spring" in probe.status.text()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        probe.use_button.click()
    chosen = dialog.result_settings().profile_file
    assert chosen.endswith(".json")
    profile = load_profile(Path(chosen))
    assert profile.base_url == literal.base_url and "download" in profile.unsupported
