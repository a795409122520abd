""" "Device check…": the dialog runs a small matrix on the real stub and shows it as a
table coloured by verdict, with the replay command of a non-exact cell."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QToolBar
from pytestqt.qtbot import QtBot

from simulator.check.matrix import build_matrix
from simulator.check.traps import active_traps
from simulator.check.verdicts import CellVerdict
from simulator.ui.dialogs.check_dialog import VERDICT_COLOURS, CheckDialog, install_check_action
from simulator.ui.shell.app import AppParts

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "check"
FAST = "ttft_ms=0,tps=400"


def test_the_table_shows_a_garbled_cell_and_its_replay(qtbot: QtBot, qloop: object) -> None:
    cells = build_matrix(("android", "devtools"), ("wifi",), 2, active_traps())
    dialog = CheckDialog(EXAMPLES / "fresh-textdecoder.js", cells=cells, scenario=FAST)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.finished_check, timeout=60_000)
    assert dialog.progress.value() == len(cells) == 4
    assert [dialog.table.verticalHeaderItem(r).text() for r in range(2)] == [
        "android · wifi",
        "devtools · wifi",
    ]
    # byte-by-byte reads cut every Chinese character: a fresh decoder per chunk garbles it
    bytes_cell = next(c for c in cells if c.delivery == "bytes")
    row, column = dialog._where[bytes_cell]
    item = dialog.table.item(row, column)
    assert item is not None
    assert dialog.results[bytes_cell].verdict is CellVerdict.GARBLED
    assert item.text() == "garbled"
    assert item.background().color() == QColor(VERDICT_COLOURS[CellVerdict.GARBLED])
    assert "first bad character" in item.toolTip() and "at index" in item.toolTip()
    # DevTools' ideal delivery hands whole characters: the page looks fine there
    ideal = next(c for c in cells if c.platform == "devtools")
    assert dialog.results[ideal].verdict is CellVerdict.EXACT
    assert dialog.table.item(*dialog._where[ideal]).text() == "exact"  # type: ignore[union-attr]
    dialog.table.cellClicked.emit(row, column)
    assert dialog.copy_button.isEnabled()
    assert dialog.replay.endswith("--platform android --seed bytes --network wifi")
    assert dialog.replay in dialog.detail.toPlainText()
    assert dialog.cancel_button.text() == "Close"
    # run again: the byte-by-byte delivery garbles at the same character
    dialog.rerun_button.click()
    qtbot.waitUntil(lambda: dialog.rerun is not None, timeout=30_000)
    assert dialog.rerun is not None and dialog.rerun.verdict is CellVerdict.GARBLED
    first = dialog.results[bytes_cell].judged.garble
    again = dialog.rerun.judged.garble
    assert first is not None and again is not None and again.index == first.index
    assert "✂char" in dialog.detail.toPlainText()


def test_the_toolbar_action_is_on_only_with_a_page_open(parts: AppParts, qtbot: QtBot) -> None:
    opened: list[Path] = []
    action = install_check_action(parts.window, lambda: opened[0] if opened else None)
    bar = parts.window.findChild(QToolBar, "toolbar")
    assert bar is not None and action in bar.actions()
    assert action.text() == "Device check…"
    assert not action.isEnabled()
    opened.append(EXAMPLES / "stream-decoder.js")
    qtbot.waitUntil(action.isEnabled, timeout=5_000)
