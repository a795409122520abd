"""Every string the window translates is in the Chinese .ts, finished; the source is English."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TS = ROOT / "assets" / "i18n" / "zh_CN.ts"
LUPDATE = Path(shutil.which("pyside6-lupdate") or ROOT / ".venv" / "bin" / "pyside6-lupdate")
KEPT_AS_IS = {"Wi-Fi", "iPhone 15", "iPhone SE", "Page({...})", "AppData", "WXML"}
"""Names a Chinese phone (and DevTools' panels) show in Latin letters too."""
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


USER_VISIBLE_CALLS = {
    "setText", "setPlaceholderText", "setToolTip", "setWindowTitle", "setTitle", "addTab",
    "setTabText", "show_message", "_console", "_toast", "_error", "setItemText", "QLabel",
    "QPushButton", "appendPlainText", "setPlainText", "setSuffix", "setPrefix",
}  # fmt: skip
"""Calls whose first argument the user reads: it must come from tr() or be data."""
WORDS = re.compile(r"[A-Za-z]{2,}")
NOT_WORDS = {"B", "ms", "chrome", "inspect", "Wi", "Fi"}
"""Units and names that read the same in Chinese."""
SYNTAX_EXAMPLES = {
    "ws=/ws/chat, download=/api/chat/miniapp-stream",
    "ttft_ms=800,tps=30,drop_after=8",
}
"""Placeholders showing what to type: the syntax itself, the same in every language."""


def _literal_text(node: object) -> str | None:
    """The fixed text of a str literal or f-string (placeholders dropped), else None."""
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    return None


def test_no_english_literal_reaches_the_screen_without_tr() -> None:
    # lupdate only sees tr(): a literal (or f-string) handed straight to a widget is English in
    # the Chinese UI; page-console lines included
    import ast

    found = []
    for path in sorted((ROOT / "simulator" / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in USER_VISIBLE_CALLS:
                continue
            text = _literal_text(node.args[0])
            if text in SYNTAX_EXAMPLES:
                continue
            if text is not None and set(WORDS.findall(text)) - NOT_WORDS:
                found.append((path.name, node.lineno, text))
    assert not found, found


def _note_templates() -> set[str]:
    """The transports' `note(...)` texts (and auto's skipped tiers) as {0}-templates."""
    import ast

    out = set()
    for path in sorted((ROOT / "simulator" / "transports").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else ""
            owner = func.value if isinstance(func, ast.Attribute) else None
            skipped = name == "append" and getattr(owner, "attr", "") == "skipped"
            why = name == "_to_snapshot" and len(node.args) > 1  # polling's "why" inside a note
            if name != "note" and not skipped and not why:
                continue
            arg = node.args[1] if why else node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                out.add(arg.value)
            elif isinstance(arg, ast.JoinedStr):
                slots = itertools.count()
                out.add(
                    "".join(
                        v.value if isinstance(v, ast.Constant) else f"{{{next(slots)}}}"
                        for v in arg.values
                    )
                )
    return out


def test_every_transport_note_has_a_translated_template() -> None:
    from simulator.ui.kit.messages import TEMPLATES

    templates = _note_templates()
    assert len(templates) >= 10
    missing = sorted(templates - set(TEMPLATES))
    assert not missing, f"add to simulator/ui/kit/messages.py and the .ts: {missing}"


def test_runtime_messages_read_in_chinese(qapp: object) -> None:
    from simulator.ui.kit.i18n import Translations
    from simulator.ui.kit.messages import translate_lines, translate_message

    note = "partial read refused, the reply will arrive whole at the end: readFile:fail EACCES"
    translations = Translations()
    assert translations.set_language("zh")
    try:
        assert (
            translate_message(note)
            == "分段读取被拒绝，回复将在结束时整体到达：readFile:fail EACCES"
        )
        nested = "connection closed (1006); reconnecting in 500 ms (1/3)"
        assert translate_message(nested) == "连接已关闭（1006）；500 毫秒后重连（1/3）"
        assert translate_lines(f"download: {note}").startswith("download: 分段读取被拒绝")
        assert translate_message("request:fail abort") == "request:fail abort"  # data stays
    finally:
        translations.set_language("en")
    assert translate_message(note) == note


def test_a_size_of_one_byte_reads_right(qtbot: object) -> None:
    from simulator.ui.dialogs.settings_dialog import SettingsDialog
    from simulator.ui.kit.settings import UiSettings

    dialog = SettingsDialog(UiSettings())
    dialog.slice_min_size.setValue(1)
    assert dialog.slice_min_size.text() == "1 B"  # not "1 bytes"
    dialog.deleteLater()


QT_DIALOG_GAPS = {("QFileDialog", "&Look in:"), ("QFileDialog", "Files of &type:")}
"""Strings of Qt's own file dialog that qtbase_zh_CN.qm leaves English: our .ts has them."""


def test_qt_file_dialogs_are_chinese(qapp: object) -> None:
    from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

    from simulator.ui.kit.i18n import Translations

    translations = Translations()
    assert translations.set_language("zh")
    try:
        dialog = QFileDialog(None, "x")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QPushButton)]
        english = [t for t in texts if t and not CJK.search(t)]
        assert not english, english
        dialog.deleteLater()
    finally:
        translations.set_language("en")
    assert all(k in messages(TS) for k in QT_DIALOG_GAPS)
