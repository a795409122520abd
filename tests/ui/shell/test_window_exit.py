"""Closing the window with a project open ends the process cleanly (exit 0, no crash)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CLOSE_AFTER_OPEN = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import simulator.ui.shell.app as app_module

make = app_module.make_application

def close_when_open() -> None:
    windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow"]
    if windows and "native-chat" in windows[0].windowTitle():
        QTimer.singleShot(500, windows[0].close)  # the project is open: close as a person would
    else:
        QTimer.singleShot(200, close_when_open)

def make_and_watch():
    app = make()
    QTimer.singleShot(200, close_when_open)
    return app

app_module.make_application = make_and_watch
status = app_module.run_window(None, "en", project=Path(sys.argv[1]))
print("status", status, flush=True)
"""


def test_the_window_closes_cleanly_after_a_project_ran_in_it(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-c", CLOSE_AFTER_OPEN, str(ROOT / "examples/projects/native-chat")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert "status 0" in done.stdout, done.stderr[-2000:]
    assert done.returncode == 0, done.stderr[-2000:]  # a crash in Qt's teardown is -11 / -6
