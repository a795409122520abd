"""Every string the window translates is in the Chinese .ts, finished; the source is English."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "assets" / "i18n" / "zh_CN.ts"
LUPDATE = Path(shutil.which("pyside6-lupdate") or ROOT / ".venv" / "bin" / "pyside6-lupdate")
KEPT_AS_IS = {"Wi-Fi", "iPhone 15", "iPhone SE"}
"""Names a Chinese phone shows in Latin letters too."""
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")


def messages(ts: Path) -> dict[tuple[str, str], tuple[str, bool]]:
    """(context, source) → (translation, finished)."""
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            text = translation.text or ""
            finished = translation.get("type") not in ("unfinished", "obsolete", "vanished")
            out[(name, source)] = (text, finished and bool(text.strip()))
    return out


def test_the_chinese_translation_covers_every_string_in_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "simulator" / "ui").rglob("*.py"))
    subprocess.run(
        [str(LUPDATE), *sources, "-ts", str(fresh)], check=True, capture_output=True, cwd=ROOT
    )
    in_code = messages(fresh)
    committed = messages(TS)
    assert len(in_code) > 150
    missing = sorted(set(in_code) - set(committed))
    assert not missing, f"not in {TS.name}: {missing}"
    unfinished = sorted(k for k in in_code if not committed[k][1])
    assert not unfinished, f"untranslated: {unfinished}"
    # a Chinese UI shows no English where a translation exists; product names stay as they are
    english = [k for k in in_code if not CJK.search(committed[k][0])]
    assert {committed[k][0] for k in english} <= KEPT_AS_IS, english


def test_labels_read_from_the_tables_are_translated() -> None:
    # lupdate cannot see them (they live below the UI): each must be in its context, finished
    from simulator.session.registry import NETWORK_PROFILES, TRANSPORTS

    wanted = {("Transports", spec.label) for spec in TRANSPORTS} | {
        ("Networks", text)
        for p in NETWORK_PROFILES.values()
        for text in (p.label, p.cell_label)
        if text
    }
    committed = messages(TS)
    unfinished = sorted(k for k in wanted if k not in committed or not committed[k][1])
    assert not unfinished, unfinished


def test_the_english_source_strings_are_english() -> None:
    chinese = [k for k in messages(TS) if CJK.search(k[1])]
    assert not chinese, f"Chinese in the English UI: {chinese}"


def test_no_translated_literal_hides_where_lupdate_cannot_see_it() -> None:
    # lupdate skips calls inside f-strings: every tr("…") literal in the code must be in the .ts
    known = {source for _, source in messages(TS)}
    literal = re.compile(r"""\btr\(\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\)""")
    hidden = []
    for path in sorted((ROOT / "simulator" / "ui").rglob("*.py")):
        for match in literal.finditer(path.read_text(encoding="utf-8")):
            text = match.group(1) if match.group(1) is not None else match.group(2)
            if text not in known:
                hidden.append((path.name, text))
    assert not hidden, hidden
