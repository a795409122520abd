"""One source of truth per extensible set: its names are spelled out only in its table.

A transport, backend kind, network profile or bench column named as a string anywhere else
in the code (tests and docs aside) fails here: derive it from the table instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

from simulator.bench.columns import CSV_COLUMNS, TABLE_COLUMNS
from simulator.session.registry import BACKEND_KINDS, NETWORK_PROFILES, TRANSPORTS

ROOT = Path(__file__).resolve().parents[1]
CODE = ROOT / "simulator"

SETS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # set: (its names, the files allowed to spell them: the table's home)
    # (bench columns are checked in the bench only: elsewhere "error" or "requests" are words)
    "transport": (
        frozenset(s.name for s in TRANSPORTS),
        frozenset({"simulator/transports/registry.py"}),
    ),
    "backend kind": (
        frozenset(k.name for k in BACKEND_KINDS),
        frozenset({"simulator/transports/backend.py"}),
    ),
    "network profile": (
        frozenset(NETWORK_PROFILES),
        frozenset({"simulator/wx/network.py"}),
    ),
    "bench column": (
        frozenset(c.header for c in TABLE_COLUMNS) | frozenset(c.name for c in CSV_COLUMNS),
        frozenset({"simulator/bench/columns.py"}),
    ),
}

BENCH = "simulator/bench/"

HOMONYMS = {
    # (file, string): why this string is not the set's member
    ("simulator/transports/framing.py", "openai"): "a stream framing (FRAMINGS), not a kind",
    ("simulator/transports/sync.py", "openai"): "BackendProfile.body_style, not a kind",
    ("simulator/transports/reply.py", "openai"): "BackendProfile.body_style, not a kind",
    ("simulator/transports/download.py", "download"): "RequestMade.kind (a wx call)",
    ("simulator/ui/phone/phone.py", "wifi"): "a status-bar icon",
    ("simulator/page/apis.py", "sync"): "a wx API kind (wx.*Sync), not the sync transport",
    ("simulator/page/calls.py", "sync"): "a bridge message flag for *Sync calls",
    ("simulator/page/host.py", "download"): "a wx flow kind (downloadFile)",
    ("simulator/project/recorder.py", "download"): "a wx flow kind (downloadFile)",
    ("simulator/bench/chart.py", "ok"): "a run's status in a chart title",
    ("simulator/automation/cli.py", "auto"): "DevTools' CLI command (`cli auto --project …`)",
    ("simulator/automation/devtools_cli.py", "auto"): "DevTools' CLI command, as automator runs it",
    ("simulator/wx/runtime.py", "download"): "a wx flow kind (downloadFile)",
    ("simulator/wx/config.py", "none"): "the runtime's default network, from the table",
    ("simulator/har.py", "download"): "a wx flow kind (downloadFile) mapped to a HAR resource type",
    ("simulator/har.py", "websocket"): "Chrome's HAR `_resourceType` for a socket flow",
    ("simulator/probe/probe.py", "openai"): "a stream framing (FRAMINGS), not a kind",
    (
        "simulator/ui/devtools/network_rows.py",
        "download",
    ): "the log's type of a wx downloadFile flow",
    (
        "simulator/ui/devtools/network_rows.py",
        "chunked",
    ): "the log's type of a request that got chunks (enableChunked), whatever transport made it",
    ("simulator/page/platform_apis.py", "sync"): "a platform API kind (wx.*Sync)",
    ("simulator/wx/ui/events.py", "none"): "showToast's icon option",
    ("simulator/wx/ui/apis.py", "none"): "showToast's icon option",
    ("simulator/wx/ui/state.py", "none"): "showToast's icon option",
    ("simulator/wx/native.py", "none"): "showToast's icon option (the clipboard toast)",
    ("simulator/ui/phone/native_chrome.py", "none"): "showToast's icon option, drawn in the phone",
    ("simulator/session/settings.py", "none"): "RUNTIME_DEFAULT_NETWORK; a test checks it is "
    "WxConfig's default (the window reads settings before wx is imported)",
}
"""Strings that equal a member's name but mean something else (each says what)."""


def module_docstrings(tree: ast.Module) -> set[int]:
    """ids of docstring nodes (prose may name anything)."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            ids.add(id(body[0].value))
    # an attribute docstring: a string expression statement after an assignment
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            ids.add(id(node.value))
    return ids


def strings_in(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    prose = module_docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose
    ]


def is_class_name_declaration(path: Path, line: int) -> bool:
    """`name: ClassVar[str] = "..."` in a transport module: the class states its table name."""
    text = path.read_text(encoding="utf-8").splitlines()[line - 1].strip()
    return text.startswith("name: ClassVar[str] =")


def test_every_set_is_named_only_in_its_table() -> None:
    found: list[str] = []
    for path in sorted(CODE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for line, value in strings_in(path):
            for label, (names, homes) in SETS.items():
                if value not in names or rel in homes or (rel, value) in HOMONYMS:
                    continue
                if label == "bench column" and not rel.startswith(BENCH):
                    continue
                if label == "transport" and is_class_name_declaration(path, line):
                    continue
                found.append(f"{rel}:{line}: {label} {value!r} outside its table")
    assert not found, "\n".join(found)


def test_each_transport_class_states_its_table_name() -> None:
    for spec in TRANSPORTS:
        assert spec.load().name == spec.name


def test_the_scan_catches_a_stray_name(tmp_path: Path) -> None:
    stray = tmp_path / "stray.py"
    stray.write_text('PICKS = ("websocket", "x")\n"""a docstring naming websocket is prose"""\n')
    assert [v for _, v in strings_in(stray)] == ["websocket", "x"]


def test_each_probe_check_names_a_judge_method() -> None:
    from simulator.probe.findings import Judge

    checks = {spec.name: spec.probe_check for spec in TRANSPORTS if spec.probe_check is not None}
    assert checks, "no transport is probed"
    for name, check in checks.items():
        assert callable(getattr(Judge, check, None)), f"{name}: Judge has no {check}"
