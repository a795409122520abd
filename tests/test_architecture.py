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
import simulator.har, simulator.verdict, simulator.project, simulator.check
pkgs = (simulator.bench, simulator.metrics, simulator.session, simulator.transports, simulator.wx,
        simulator.page, simulator.probe, simulator.history, simulator.project, simulator.check)
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
    "front_door": set(),
    "session": {"transports", "wx", "metrics", "typewriter", "front_door"},
    "verdict": {"transports"},
    "har": {"wx", "metrics"},
    "history": {"metrics", "verdict"},
    "probe": {"session", "transports", "wx", "metrics", "front_door"},
    "bench": {"session", "transports", "wx", "metrics", "typewriter", "verdict", "history", "har"},
    "page": {"session", "bench", "transports", "wx", "metrics", "typewriter"},
    "load": {"session", "transports", "wx", "metrics", "typewriter", "verdict"},
    "project": {"session", "bench", "page", "transports", "wx", "metrics", "typewriter", "verdict"},
    "automation": {"project", "session", "bench", "page", "transports", "wx", "metrics"},
    "check": {
        "session",
        "bench",
        "page",
        "project",
        "transports",
        "wx",
        "metrics",
        "typewriter",
        "verdict",
    },
    "ui": {
        "session",
        "transports",
        "wx",
        "metrics",
        "typewriter",
        "bench",
        "page",
        "probe",
        "verdict",
        "history",
        "har",
        "project",
        "check",
        "automation",
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
        files = [f for f in files if f.exists()]  # a row may name a package not written yet
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


UI_MAY_IMPORT = {
    "kit": set(),
    "phone": {"kit"},
    "devtools": {"kit"},
    "dialogs": {"kit"},
    "shell": {"kit", "phone", "devtools", "dialogs"},
}
"""The window's rooms, top to bottom: the shell composes the phone, the DevTools panels and the
dialogs; all of them may use the kit; none imports back up or sideways."""


def test_ui_sub_packages_import_only_downwards() -> None:
    base = ROOT / "simulator" / "ui"
    rooms = {p.name for p in base.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert rooms == set(UI_MAY_IMPORT), "a new ui sub-package needs a row in UI_MAY_IMPORT"
    assert not [p.name for p in base.glob("*.py") if p.name != "__init__.py"], "loose ui module"
    wrong: list[str] = []
    for room, allowed in UI_MAY_IMPORT.items():
        for path in sorted((base / room).rglob("*.py")):
            for module in imports_of(path):
                parts = module.split(".")
                inside = parts[:2] == ["simulator", "ui"] and len(parts) > 2
                if inside and parts[2] != room and parts[2] not in allowed:
                    wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not wrong, "\n".join(wrong)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Modules of ours `path` imports at run time: function-level imports count, imports
    under `if TYPE_CHECKING:` do not (they cannot form a circle when the program runs)."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {m for m in found if m in known and m != name}


def _circles(nodes: set[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative enough here)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def walk(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges.get(v, set()) & nodes:
            if w not in index:
                walk(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(nodes):
        if v not in index:
            walk(v)
    return found


def test_no_import_circles_inside_a_package() -> None:
    paths = [p for top in ("simulator", "backend_stub") for p in (ROOT / top).rglob("*.py")]
    names = {_module_name(p): p for p in paths}
    known = set(names)
    edges = {name: _runtime_imports(path, name, known) for name, path in names.items()}
    packages: dict[str, set[str]] = {}
    for name in names:
        packages.setdefault(name.rpartition(".")[0], set()).add(name)
    circles = [c for members in packages.values() for c in _circles(members, edges)]
    assert not circles, f"import circles (type-only imports excepted): {circles}"


LONG_FILE_LINES = 400
LONG_FILE_REASON = "# Over 400 lines: "


def test_a_module_over_400_lines_says_why_at_its_top() -> None:
    """Small modules with one job; a longer one carries a one-line reason in its first lines."""
    unexplained = []
    for top in ("simulator", "backend_stub"):
        for path in sorted((ROOT / top).rglob("*.py")):
            lines = path.read_text(encoding="utf-8").splitlines()
            if len(lines) > LONG_FILE_LINES and not any(
                line.startswith(LONG_FILE_REASON) for line in lines[:3]
            ):
                unexplained.append(f"{path.relative_to(ROOT)} ({len(lines)} lines)")
    assert not unexplained, f"split these, or give the reason at the top: {unexplained}"


TEST_FOLDERS_WITHOUT_A_PACKAGE = {
    "e2e": "flows across packages (window + stub + session, record and replay)",
    "fixtures": "the framework fixtures' own build checks",
    "helpers": "the suite's own helpers (waits, time unit) checked",
}


def test_tests_live_beside_the_package_they_test() -> None:
    """`tests/<package>/<sub-package>/test_<module>.py`: a folder of tests names a real package."""
    stray = []
    for folder in sorted({p.parent for p in (ROOT / "tests").rglob("test_*.py")}):
        rel = folder.relative_to(ROOT / "tests")
        if not rel.parts or rel.parts[0] in TEST_FOLDERS_WITHOUT_A_PACKAGE:
            continue
        if not ((ROOT / "simulator" / rel).is_dir() or (ROOT / rel).is_dir()):
            stray.append(str(rel))
    assert not stray, f"test folders with no package of that name: {stray}"
