"""The layout is the architecture: ui → session → transports → wx; nothing below `ui` loads Qt."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Every module of the Qt-free packages is imported, since some packages load their modules lazily.
IMPORT_ALL_BELOW_UI = """
import importlib, pkgutil, sys
import simulator.bench, simulator.metrics, simulator.session, simulator.transports
import simulator.typewriter, simulator.wx, simulator.page, simulator.probe, simulator.history
import simulator.har, simulator.verdict, simulator.project
pkgs = (simulator.bench, simulator.metrics, simulator.session, simulator.transports, simulator.wx,
        simulator.page, simulator.probe, simulator.history, simulator.project)
for pkg in pkgs:
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        importlib.import_module(info.name)
bad = [m for m in sys.modules if m.startswith(("PySide6", "qasync", "simulator.ui"))]
print(len([m for m in sys.modules if m.startswith("simulator.")]), bad)
raise SystemExit(1 if bad else 0)
"""

LAYERS = ("wx", "transports", "session", "ui")
"""Bottom to top; a layer imports only the layers below it (metrics, typewriter and bench are
beside them: metrics and typewriter sit on transports; the bench, page and load on the session;
load is not imported here: Locust monkey-patches the process at import)."""
MAY_IMPORT = {
    "wx": set(),
    "transports": {"wx", "typewriter"},
    "metrics": {"transports", "wx"},
    "typewriter": set(),
    "session": {"transports", "wx", "metrics", "typewriter"},
    "verdict": {"transports"},
    "har": {"wx", "metrics"},
    "history": {"metrics"},
    "probe": {"session", "transports", "wx", "metrics"},
    "bench": {"session", "transports", "wx", "metrics", "typewriter", "verdict", "history", "har"},
    "page": {"session", "bench", "transports", "wx", "metrics", "typewriter"},
    "project": {"page", "session", "bench", "transports", "wx", "metrics", "typewriter"},
    "load": {"session", "transports", "wx", "metrics", "typewriter"},
    "ui": {
        "session", "transports", "wx", "metrics", "typewriter", "bench", "page", "probe",
        "verdict", "history", "har", "project",
    },
}


def package_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "simulator" else None


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_transports_metrics_session_bench_and_wx_do_not_import_qt_or_ui() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL_BELOW_UI], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_package_imports_only_the_layers_below_it() -> None:
    wrong: list[str] = []
    for package, allowed in MAY_IMPORT.items():
        base = ROOT / "simulator" / package
        files = sorted(base.rglob("*.py")) if base.is_dir() else [base.with_suffix(".py")]
        for path in files:
            for module in imports_of(path):
                used = package_of(module)
                if used is not None and used != package and used not in allowed:
                    wrong.append(f"{path.relative_to(ROOT)} imports {module}")
                if package != "ui" and module.split(".")[0] in ("PySide6", "qasync"):
                    wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not wrong, "\n".join(wrong)


def test_backend_stub_does_not_import_simulator() -> None:
    code = (
        "import sys, backend_stub;"
        "bad=[m for m in sys.modules if m.startswith(('simulator','PySide6'))];"
        "print(bad); raise SystemExit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    sources = (ROOT / "backend_stub").rglob("*.py")
    assert not [p for p in sources if any(m.startswith("simulator") for m in imports_of(p))]
