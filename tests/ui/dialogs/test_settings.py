"""Settings survive a restart (QSettings) and path overrides parse or fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from simulator.transports import stub_profile
from simulator.typewriter import Policy
from simulator.ui.dialogs.settings_dialog import SettingsDialog
from simulator.ui.kit.frame_clock import FrameClock
from simulator.ui.kit.settings import UiSettings, load_settings, parse_paths, save_settings
from simulator.ui.shell.backend import apply_paths
from simulator.ui.shell.controller import ChatController
from simulator.ui.shell.main_window import MainWindow
from tests.ui.fakes import ScriptedSession, UnreachableFactory


def test_settings_are_remembered_between_runs(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "sim.ini"), QSettings.Format.IniFormat)
    chosen = UiSettings(
        backend_url="http://127.0.0.1:9000",
        network="3g",
        scenario="ttft_ms=800",
        typewriter_cps=120,
        download_fidelity="lenient",
        base_library_version="2.19.0",
        language="en",
        transport="polling",
        device="iPhone SE",
        zoom=0.8,
    )
    save_settings(chosen, store)
    again = QSettings(str(tmp_path / "sim.ini"), QSettings.Format.IniFormat)
    assert load_settings(again) == chosen


def test_missing_settings_fall_back_to_defaults(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "empty.ini"), QSettings.Format.IniFormat)
    store.setValue("typewriter_cps", "not a number")
    assert load_settings(store) == UiSettings()


def test_path_overrides_change_only_the_named_endpoints() -> None:
    profile = apply_paths(stub_profile("http://127.0.0.1:1"), "ws=/socket, download=/dl")
    assert profile.ws_path == "/socket"
    assert profile.download is not None and profile.download.path == "/dl"
    assert profile.download.method == "GET"
    assert profile.sync is not None and profile.sync.path == "/api/chat/send"


def test_a_malformed_path_override_is_rejected() -> None:
    with pytest.raises(ValueError):
        parse_paths("ws")
    with pytest.raises(ValueError):
        apply_paths(stub_profile("http://127.0.0.1:1"), "nope=/x")


def test_the_dialog_edits_every_setting(qtbot: QtBot) -> None:
    dialog = SettingsDialog(UiSettings())
    qtbot.addWidget(dialog)
    dialog.backend_url.setText(" http://127.0.0.1:8082 ")
    dialog.backend_kind.setCurrentText("spring")
    dialog.network.setCurrentIndex(dialog.network.findData("2g"))
    dialog.scenario.setText("drop_after=3")
    dialog.speed.setValue(250)
    dialog.policy.setCurrentIndex(dialog.policy.findData("fixed"))
    dialog.fidelity.setCurrentIndex(dialog.fidelity.findData("lenient"))
    dialog.base_library.setCurrentText("2.19.0")
    result = dialog.result_settings()
    assert result == UiSettings(
        backend_url="http://127.0.0.1:8082",
        backend_kind="spring",
        network="2g",
        scenario="drop_after=3",
        typewriter_cps=250,
        typewriter_policy="fixed",
        download_fidelity="lenient",
        base_library_version="2.19.0",
    )


def test_typewriter_settings_reach_new_bubbles(qtbot: QtBot) -> None:
    window = MainWindow(
        ChatController(ScriptedSession(UnreachableFactory())), UiSettings(), FrameClock()
    )
    qtbot.addWidget(window)
    window.apply_settings(UiSettings(typewriter_cps=7, typewriter_policy="fixed"))
    assert window.phone.chat.chars_per_second == 7
    assert window.phone.chat.policy is Policy.FIXED
    assert all(lane.chat.chars_per_second == 7 for lane in window.race.lanes.values())


def test_accepting_the_dialog_applies_new_settings(qtbot: QtBot) -> None:
    window = MainWindow(
        ChatController(ScriptedSession(UnreachableFactory())), UiSettings(), FrameClock()
    )
    qtbot.addWidget(window)
    window.settings_button.click()
    dialog = window.settings_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.network.setCurrentIndex(dialog.network.findData("3g"))
    with qtbot.waitSignal(window.settings_changed) as blocker:
        dialog.accept()
    assert blocker.args is not None and blocker.args[0].network == "3g"


def test_the_dialog_has_an_editor_for_every_run_setting(qtbot: QtBot) -> None:
    import dataclasses

    from simulator.session import RunSettings
    from simulator.ui.dialogs.settings_dialog import NOT_IN_DIALOG

    dialog = SettingsDialog(UiSettings())
    qtbot.addWidget(dialog)
    fields = {f.name for f in dataclasses.fields(RunSettings)}
    assert set(dialog.editors) | set(NOT_IN_DIALOG) == fields
    assert not set(dialog.editors) & set(NOT_IN_DIALOG)
    # the combo boxes show translated labels; the stored value is the item data
    dialog.platform.setCurrentIndex(dialog.platform.findData("devtools"))
    dialog.slicing.setCurrentIndex(dialog.slicing.findData("random"))
    dialog.slice_size.setValue(5)
    dialog.network_seed.setValue(42)
    result = dialog.result_settings()
    config = result.wx_config()
    assert config.platform == "devtools" and config.seed == 42
    assert config.slicing is not None and config.slicing.mode == "random"


def test_the_dialog_stays_open_and_names_the_bad_field(qtbot: QtBot) -> None:
    dialog = SettingsDialog(UiSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.backend_url.setText("localhost:8080")
    dialog.slice_size.setValue(2)
    dialog.slice_min_size.setValue(3)
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != SettingsDialog.DialogCode.Accepted
    assert "backend_url" in dialog.problem.text() and "slice_min_size" in dialog.problem.text()
    dialog.backend_url.setText("")
    dialog.slice_min_size.setValue(1)
    dialog.accept()
    assert not dialog.isVisible()
