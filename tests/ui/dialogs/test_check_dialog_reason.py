"""The cell detail in "Device check…" carries the judge's reason sentence (review
finding 6: the window showed only the first bad character, not why)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from simulator.check.matrix import build_matrix
from simulator.check.runner import CellResult
from simulator.check.traps import active_traps
from simulator.check.verdicts import judge_cell
from simulator.ui.dialogs.check_dialog import CheckDialog

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "check"
WANT = "收到。模拟后端会按设定的速度"


def test_a_garbled_cells_detail_says_why(qtbot: QtBot) -> None:
    cells = build_matrix(("android",), ("loss",), 1, active_traps())
    dialog = CheckDialog(EXAMPLES / "fresh-textdecoder.js", cells=cells)
    qtbot.addWidget(dialog)
    judged = judge_cell(
        text="请求失败", oracle=WANT, timed_out=False, hang_bound_s=5.0, page_errors=[],
        network_failed=True, visible_error=True, body=WANT.encode(), reads=[],
    )  # fmt: skip
    assert judged.garble is not None and judged.reason
    detail = dialog.details(CellResult(cells[0], judged))
    assert judged.reason in detail and "first bad character" in detail
