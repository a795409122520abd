"""The layout is the architecture: nothing below `ui` loads Qt."""

import subprocess
import sys


def test_transports_metrics_and_wx_do_not_import_qt() -> None:
    code = (
        "import sys, simulator.wx, simulator.transports, simulator.metrics;"
        "bad=[m for m in sys.modules if m.startswith(('PySide6','qasync'))];"
        "print(bad); raise SystemExit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_backend_stub_does_not_import_simulator() -> None:
    code = (
        "import sys, backend_stub;"
        "bad=[m for m in sys.modules if m.startswith(('simulator','PySide6'))];"
        "print(bad); raise SystemExit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
