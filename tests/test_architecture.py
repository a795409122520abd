"""The layout is the architecture: nothing below `ui` loads Qt."""

import subprocess
import sys

# Every module of the Qt-free packages is imported, since some packages load their modules lazily.
IMPORT_ALL_BELOW_UI = """
import importlib, pkgutil, sys
import simulator.bench, simulator.metrics, simulator.transports, simulator.typewriter, simulator.wx
for pkg in (simulator.bench, simulator.metrics, simulator.transports, simulator.wx):
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        importlib.import_module(info.name)
bad = [m for m in sys.modules if m.startswith(("PySide6", "qasync"))]
print(len([m for m in sys.modules if m.startswith("simulator.")]), bad)
raise SystemExit(1 if bad else 0)
"""


def test_transports_metrics_bench_and_wx_do_not_import_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL_BELOW_UI], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_backend_stub_does_not_import_simulator() -> None:
    code = (
        "import sys, backend_stub;"
        "bad=[m for m in sys.modules if m.startswith(('simulator','PySide6'))];"
        "print(bad); raise SystemExit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
