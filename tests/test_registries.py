"""One source of truth per extensible set: its names are spelled out only in its table.

A transport, backend kind, network profile or bench column named as a string anywhere else
in the code (tests and docs aside) fails here: derive it from the table instead. Framings and
verdict words are checked in the stub and scripts too, and every scenario preset spelled in
the code, the examples, the scripts or a Markdown code block must parse with the stub's own
`Scenario`.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from backend_stub.config import FRAMINGS as STUB_FRAMINGS
from backend_stub.scenario import Scenario, ScenarioError
from simulator.bench.columns import CSV_COLUMNS, TABLE_COLUMNS
from simulator.session.registry import BACKEND_KINDS, NETWORK_PROFILES, TRANSPORTS
from simulator.transports.backend import WsFraming
from simulator.transports.framing import (
    FRAMINGS,
    OPENAI_FRAMING,
    TEXT_FRAMING,
    WS_FRAMINGS,
    WS_JSON,
    WS_RAW,
)
from simulator.verdict import Status

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
    ("simulator/probe/state.py", "chunked"): "a profile endpoint key (OLD_PATH_KEYS' new key)",
    ("simulator/probe/state.py", "download"): "a profile endpoint key (OLD_PATH_KEYS' new key)",
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


def translated(tree: ast.Module) -> set[int]:
    """ids of `tr("…")` / `QT_TRANSLATE_NOOP(context, "…")` arguments: Qt's lupdate needs the
    literal (the UI's label of a word)."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(
            node.func, "attr", getattr(node.func, "id", "")
        ) in ("tr", "QT_TRANSLATE_NOOP"):
            ids.update(id(arg) for arg in node.args)
    return ids


def strings_in(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    prose = module_docstrings(tree) | translated(tree)
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


# -- framings, verdict words and scenario presets: simulator, the stub and scripts -----------

GENERIC_FRAMINGS = frozenset({TEXT_FRAMING, WS_JSON, WS_RAW, OPENAI_FRAMING})
"""Framing names that are ordinary words in code ("text", "json"; "openai" is checked as a
backend kind): the scan looks for the others."""
GENERIC_VERDICTS = frozenset({Status.FAILED, Status.UNSUPPORTED, Status.STOPPED})
"""Verdict words that are ordinary words elsewhere: checked where verdicts are handled only."""
VERDICT_USERS = ("simulator/bench/", "simulator/load/", "simulator/history/", "simulator/check/")


@dataclass(frozen=True)
class Vocabulary:
    """One set of words, the files allowed to spell them, and where the scan looks."""

    names: frozenset[str]
    homes: frozenset[str]
    roots: tuple[str, ...]


VOCABULARIES: dict[str, Vocabulary] = {
    "framing": Vocabulary(
        (frozenset(FRAMINGS) | frozenset(WS_FRAMINGS)) - GENERIC_FRAMINGS,
        frozenset({"simulator/transports/framing.py", "simulator/transports/backend.py"}),
        ("simulator/", "scripts/"),
    ),
    "stub framing": Vocabulary(
        frozenset(STUB_FRAMINGS),
        frozenset(
            {
                "backend_stub/config.py",
                "backend_stub/wire/framing.py",
                "backend_stub/wire/golden.py",
            }
        ),
        ("backend_stub/",),
    ),
    "verdict": Vocabulary(
        frozenset(s.value for s in Status) - GENERIC_VERDICTS,
        frozenset({"simulator/verdict.py"}),
        ("simulator/", "backend_stub/", "scripts/"),
    ),
    "verdict word": Vocabulary(
        frozenset(s.value for s in GENERIC_VERDICTS),
        frozenset({"simulator/verdict.py"}),
        VERDICT_USERS,
    ),
}

VOCABULARY_HOMONYMS = {
    ("simulator/probe/state.py", "sse"): "a probe path key (Paths.sse), not a framing",
    ("simulator/bench/report.py", "unsupported"): "bench.json's key of unsupported transports",
}
"""Strings that equal a word of `VOCABULARIES` but mean something else (each says what)."""

SCANNED = ("simulator", "backend_stub", "scripts")


def python_files() -> list[Path]:
    return [p for top in SCANNED for p in sorted((ROOT / top).rglob("*.py"))]


def stray_words(path: Path, rel: str) -> list[str]:
    """Every word of a vocabulary `path` spells outside the vocabulary's homes."""
    found: list[str] = []
    for line, value in strings_in(path):
        for label, vocab in VOCABULARIES.items():
            if value not in vocab.names or rel in vocab.homes:
                continue
            if not rel.startswith(vocab.roots) or (rel, value) in VOCABULARY_HOMONYMS:
                continue
            found.append(f"{rel}:{line}: {label} {value!r} outside its table")
    return found


def test_framings_and_verdicts_are_spelled_only_in_their_tables() -> None:
    found = [w for p in python_files() for w in stray_words(p, p.relative_to(ROOT).as_posix())]
    assert not found, "\n".join(found)


def test_the_framing_scan_catches_a_stray_word(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text('FRAMING = "ndjson"\nWORD = "unverified"\nLOAD = "failed"\n')
    assert stray_words(planted, "scripts/planted.py") == [
        "scripts/planted.py:1: framing 'ndjson' outside its table",
        "scripts/planted.py:2: verdict 'unverified' outside its table",
    ]
    assert stray_words(planted, "simulator/load/planted.py")[-1].endswith(
        "'failed' outside its table"
    )
    stub = tmp_path / "stub.py"
    stub.write_text('MODE = "envelope"\n')
    assert stray_words(stub, "backend_stub/routes/planted.py") == [
        "backend_stub/routes/planted.py:1: stub framing 'envelope' outside its table"
    ]


def test_the_framing_tables_agree_with_their_types() -> None:
    assert get_args(WsFraming) == WS_FRAMINGS
    assert set(STUB_FRAMINGS) <= set(WS_FRAMINGS)  # the stub speaks a subset of the sockets
    assert {"raw", "envelope"} == set(STUB_FRAMINGS)


def test_translated_words_are_not_strays(tmp_path: Path) -> None:
    ui = tmp_path / "panel.py"
    ui.write_text('label = self.tr("unverified")\n')
    assert stray_words(ui, "simulator/ui/panel.py") == []


SCENARIO_KEYS = frozenset(f.name for f in dataclasses.fields(Scenario)) - {"given"}
SPEC = re.compile(r"^\s*[a-z_]+\s*=[^,=\s]+(\s*,\s*[a-z_]+\s*=[^,=\s]+)*\s*$")
QUOTED = re.compile(r"""(?:"([^"\n]*)"|'([^'\n]*)')""")
FLAG_VALUE = re.compile(r"--(?:stub-)?scenario[ =]([^\s'\"]+)")
TEXT_SUFFIXES = ("*.js", "*.ts", "*.sh", "*.json", "*.toml")


def is_preset(text: str) -> bool:
    """`text` reads as a scenario preset: key=value items, one key at least the stub's (a value
    in capitals is a placeholder: the text is a template, not a preset)."""
    if not SPEC.match(text):
        return False
    items = [item.partition("=") for item in text.split(",")]
    if any(value.strip().isalpha() and value.strip().isupper() for _, _, value in items):
        return False  # a template, `drop_after=N`
    return bool({key.strip() for key, _, _ in items} & SCENARIO_KEYS)


QUERY_VALUE = re.compile(r"[?&]scenario=([^\s&`'\"]+)")
SPAN = re.compile(r"`([^`\n]+)`")


def candidates(line: str) -> list[str]:
    """Quoted strings, `--scenario X` / `--stub-scenario X` values and `?scenario=X` queries."""
    quoted = [a or b for a, b in QUOTED.findall(line)]
    return [*quoted, *FLAG_VALUE.findall(line), *QUERY_VALUE.findall(line)]


def presets_in_text(text: str) -> list[tuple[int, str]]:
    """The presets of a script or source file, with their line numbers."""
    return [
        (number, value)
        for number, line in enumerate(text.splitlines(), 1)
        for value in candidates(line)
        if is_preset(value)
    ]


def presets_in_markdown(markdown: str) -> list[tuple[int, str]]:
    """The presets of fenced code blocks and of inline code spans (a span may be one whole)."""
    found: list[tuple[int, str]] = []
    inside = False
    for number, line in enumerate(markdown.splitlines(), 1):
        if line.lstrip().startswith("```"):
            inside = not inside
            continue
        values = candidates(line) if inside else []
        if not inside:
            for span in SPAN.findall(line):
                values += [span, *candidates(span)]
        found += [(number, v) for v in dict.fromkeys(values) if is_preset(v)]
    return found


def preset_sites() -> list[tuple[str, int, str]]:
    sites: list[tuple[str, int, str]] = []
    for path in python_files() + sorted((ROOT / "examples").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        sites += [(rel, line, value) for line, value in strings_in(path) if is_preset(value)]
    others = [p for suffix in TEXT_SUFFIXES for p in (ROOT / "examples").rglob(suffix)]
    others += [p for p in (ROOT / "scripts").iterdir() if p.is_file() and p.suffix != ".py"]
    for path in sorted(set(others)):
        if "node_modules" in path.parts or not path.is_file():
            continue
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        sites += [(rel, line, value) for line, value in presets_in_text(text)]
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        rel = path.relative_to(ROOT).as_posix()
        markdown = path.read_text(encoding="utf-8")
        sites += [(rel, line, value) for line, value in presets_in_markdown(markdown)]
    return sites


def bad_presets(sites: list[tuple[str, int, str]]) -> list[str]:
    bad: list[str] = []
    for rel, line, value in sites:
        try:
            Scenario.parse(value)
        except ScenarioError as exc:
            bad.append(f"{rel}:{line}: {value!r}: {exc}")
    return bad


def test_every_scenario_preset_parses_with_the_stubs_own_parser() -> None:
    sites = preset_sites()
    assert len(sites) > 20, sites  # the scan finds them (simulator, stub, scripts, docs)
    assert {rel.split("/")[0] for rel, _, _ in sites} >= {"simulator", "backend_stub", "docs"}
    assert not (bad := bad_presets(sites)), "\n".join(bad)


def test_the_preset_scan_catches_a_bad_preset(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text('FAST = "ttft_ms=0,tps=fast"\nPATHS = "ws=/ws/chat, download=/x"\n')
    sites = [("planted.py", line, v) for line, v in strings_in(planted) if is_preset(v)]
    assert [v for _, _, v in sites] == ["ttft_ms=0,tps=fast"]  # the path spec is no preset
    assert [b.split(": ")[:2] for b in bad_presets(sites)] == [
        ["planted.py:1", "'ttft_ms=0,tps=fast'"]
    ]
    doc = "```sh\npython -m simulator bench --scenario ttft_ms=800,drop_aftr=8\n```\n"
    doc += "Prose `?scenario=ttft_ms=1,tpz=2` and `status=5O3` spans, not ttft_ms=x outside.\n"
    assert presets_in_markdown(doc) == [
        (2, "ttft_ms=800,drop_aftr=8"),
        (4, "ttft_ms=1,tpz=2"),
        (4, "status=5O3"),
    ]
    assert len(bad_presets([("doc.md", n, v) for n, v in presets_in_markdown(doc)])) == 3


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
