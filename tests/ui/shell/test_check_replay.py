"""A check's cell replayed in the window's phone (`check --window`, the dialog's "Replay in
phone"): the page runs under the cell's conditions on the window's own embedded stub, the run
is judged as the matrix judges it, and the network panel selects the read that holds the first
bad character's bytes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from simulator.check.matrix import Cell
from simulator.check.replay import CellReplay
from simulator.check.runner import CheckConfig, run_matrix
from simulator.check.traps import active_traps
from simulator.check.verdicts import CellVerdict
from simulator.page.run import page_settings
from simulator.ui.dialogs.check_dialog import CheckDialog
from simulator.ui.kit.settings import UiSettings
from simulator.ui.kit.tasks import spawn
from simulator.ui.shell.app import AppParts, build_app, install_modes, replay_settings, shutdown
from simulator.ui.shell.check_replay import CellReplayer
from tests.helpers.timing import seconds

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "check"
FAST = "ttft_ms=0,tps=400"
WAIT_MS = int(seconds(60) * 1000)
ANDROID_3 = Cell("android", "wifi", "seeded", 3, active_traps())
"""A seeded phone delivery: reads of varied sizes, some ending inside a character."""


@pytest.fixture
def window(qtbot: QtBot, qloop: object) -> Iterator[tuple[AppParts, CellReplayer]]:
    """The window as `check --window` builds it: its own embedded stub, English."""
    first = replay_of("fresh-textdecoder.js", ANDROID_3)  # the settings `check --window` gives
    settings = replay_settings(UiSettings(language="en", typewriter_cps=3000), first)
    parts = build_app(settings, remember=False)
    # not qtbot.addWidget: pytest-qt closes those before this fixture's teardown, and the
    # modes' stop below needs the window alive to end the page processes
    parts.window.resize(1280, 720)
    parts.window.show()
    page_mode, project_mode, replayer = install_modes(parts)
    yield parts, replayer
    stops = [page_mode.stop(), project_mode.stop(), shutdown(parts)]

    async def close() -> None:
        for step in stops:
            await step

    done = spawn(close(), name="test-close")
    qtbot.waitUntil(done.done, timeout=WAIT_MS)
    parts.window.close()
    parts.window.deleteLater()
    done.result()


def replay_of(name: str, cell: Cell) -> CellReplay:
    config = CheckConfig(
        EXAMPLES / name, "你好", page_settings(), scenario=FAST, hang_bound_s=seconds(10)
    )
    return CellReplay(config, cell)


def test_check_window_opens_the_panel_at_the_first_bad_character(
    qtbot: QtBot, window: tuple[AppParts, CellReplayer]
) -> None:
    parts, replayer = window
    # a fresh TextDecoder per read turns a character a read cut into U+FFFD
    cell = ANDROID_3
    replay = replay_of("fresh-textdecoder.js", cell)
    assert (parts.window.settings.platform, parts.window.settings.network) == ("android", "wifi")
    replayer.start(replay)
    qtbot.waitUntil(lambda: replayer.task is not None and replayer.task.done(), timeout=WAIT_MS)
    result = replayer.task.result() if replayer.task else None
    assert result is not None and result.verdict is CellVerdict.GARBLED, result
    g = result.judged.garble
    assert g is not None and g.byte_offset is not None and g.got == "\ufffd"
    # the same cell headless (the matrix, its own stub) garbles at the same character
    headless = spawn(run_matrix(replay.config, [cell]), name="headless")
    qtbot.waitUntil(headless.done, timeout=WAIT_MS)
    again = headless.result().results[0].judged.garble
    # (at the same character: the body's framing, reply ids and all, may differ by a byte or two)
    assert again is not None and (again.index, again.want) == (g.index, g.want)
    # the window's page ran under the cell: the phone's reads, not DevTools' whole ones
    panel = parts.window.network_log
    assert parts.window.tabs.currentWidget() is panel
    detail = panel.detail
    assert detail.row is not None and detail.row.flow is not None
    assert detail.raw_reads.isChecked()
    pieces = detail._pieces
    assert len(pieces) > 2
    read = detail.chunks.currentRow()
    assert detail.revealed == (read, g.byte_offset) and replayer.revealed == read
    start = sum(len(p) for p in pieces[:read])
    assert start <= g.byte_offset < start + len(pieces[read])
    # the panel's flow is the body the check judged: the backend's character is at that byte
    body = b"".join(pieces)
    assert body[g.byte_offset :].startswith(g.want.encode())
    # its bytes are marked in the read's hex dump, and the verdict is in the status bar
    marks = detail.chunk_text.extraSelections()
    assert marks and marks[0].cursor.selectedText() == f"{g.want.encode()[0]:02x}"
    assert not detail.chunk_text.textCursor().hasSelection()  # the mark shows, not hidden
    assert f"Body byte {g.byte_offset}" in detail.chunk_text.toPlainText()
    label = replayer.label.text()
    assert label.startswith("Replay android · wifi · 3: garbled")
    assert f"read {read + 1} (body byte {g.byte_offset})" in label


def test_an_exact_cell_says_exact(qtbot: QtBot, window: tuple[AppParts, CellReplayer]) -> None:
    _parts, replayer = window
    # the correct streaming decoder on the same phone delivery comes out exact
    cell = Cell("android", "wifi", "seeded", 3, active_traps())
    replayer.start(replay_of("stream-decoder.js", cell))
    qtbot.waitUntil(lambda: replayer.task is not None and replayer.task.done(), timeout=WAIT_MS)
    assert replayer.result is not None and replayer.result.verdict is CellVerdict.EXACT
    assert replayer.label.text().startswith("Replay android · wifi · 3: exact")
    # no garble: the panel points at the first read that cut a character or a line
    assert replayer.point is not None and replayer.point.why == "cut"


def test_a_crash_points_at_the_first_cut_read(
    qtbot: QtBot, window: tuple[AppParts, CellReplayer]
) -> None:
    parts, replayer = window
    # decodeURIComponent(escape(…)) per read throws on a cut character: no garble to point at
    cell = Cell("android", "wifi", "seeded", 3, active_traps())
    replayer.start(replay_of("escape-decoder.js", cell))
    qtbot.waitUntil(lambda: replayer.task is not None and replayer.task.done(), timeout=WAIT_MS)
    result = replayer.result
    assert result is not None and result.verdict is CellVerdict.CRASHED
    assert "URIError" in replayer.label.text() and "escape-decoder.js:7" in replayer.label.text()
    point = replayer.point
    assert point is not None and point.why == "cut" and point.byte_offset is not None
    first_cut = next(c for c in result.chunks if c.cuts_char or c.cuts_line)
    assert point.byte_offset == first_cut.offset
    detail = parts.window.network_log.detail
    assert detail.revealed == (detail.chunks.currentRow(), first_cut.offset)
    assert detail._pieces[detail.chunks.currentRow()] == first_cut.data


def test_a_dialog_cell_replays_in_the_phone(
    qtbot: QtBot, window: tuple[AppParts, CellReplayer]
) -> None:
    parts, replayer = window
    traps = active_traps()
    cells = [
        Cell("android", "wifi", "seeded", 3, traps),
        Cell("devtools", "wifi", "ideal", 0, traps),
    ]
    dialog = CheckDialog(
        EXAMPLES / "fresh-textdecoder.js", cells=cells, scenario=FAST, parent=parts.window,
        on_replay=replayer.start,
    )  # fmt: skip
    dialog.show()
    assert dialog.phone_button.isVisible() and not dialog.phone_button.isEnabled()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.finished_check, timeout=WAIT_MS)
    garbled = dialog.results[cells[0]]
    assert garbled.verdict is CellVerdict.GARBLED
    # a double click on the garbled cell: the page opens in the phone under that cell
    dialog.table.cellDoubleClicked.emit(*dialog._where[cells[0]])
    qtbot.waitUntil(lambda: replayer.task is not None and replayer.task.done(), timeout=WAIT_MS)
    result = replayer.result
    assert result is not None and result.verdict is CellVerdict.GARBLED
    g, first = result.judged.garble, garbled.judged.garble
    assert g is not None and first is not None and (g.index, g.want) == (first.index, first.want)
    detail = parts.window.network_log.detail
    assert detail.revealed is not None and detail.revealed[1] == g.byte_offset
    assert replayer.label.text().startswith("Replay android · wifi · 3: garbled")
    # the button, on DevTools' ideal cell: whole reads, the page shows the reply exactly
    dialog.table.cellClicked.emit(*dialog._where[cells[1]])
    assert dialog.phone_button.isEnabled()
    dialog.phone_button.click()
    qtbot.waitUntil(lambda: replayer.task is not None and replayer.task.done(), timeout=WAIT_MS)
    assert replayer.result is not None and replayer.result.verdict is CellVerdict.EXACT
    assert replayer.label.text().startswith("Replay devtools · wifi · ideal: exact")
    dialog.close()


def test_a_project_cell_replays_in_the_phone(
    qtbot: QtBot, window: tuple[AppParts, CellReplayer]
) -> None:
    parts, replayer = window
    # the project's own input and send button, tapped in the window's web view; byte-by-byte
    # iOS reads, which its streaming decoder survives
    root = Path(__file__).resolve().parents[3] / "examples" / "projects" / "native-chat"
    config = CheckConfig(root, "你好", page_settings(), scenario=FAST, hang_bound_s=seconds(10))
    replayer.start(CellReplay(config, Cell("ios", "wifi", "bytes", 0, active_traps())))
    qtbot.waitUntil(lambda: replayer.task is not None and replayer.task.done(), timeout=WAIT_MS)
    result = replayer.result
    assert result is not None and result.verdict is CellVerdict.EXACT, result.judged
    point = replayer.point
    assert point is not None
    assert all(len(c.data) == 1 for c in result.chunks if c.flow_id == point.flow_id)
    assert replayer.label.text().startswith("Replay ios · wifi · bytes: exact")
    detail = parts.window.network_log.detail
    assert detail.revealed is not None and len(detail._pieces) > 10


def test_the_silent_loss_hangs_a_page_without_a_timeout(
    qtbot: QtBot, window: tuple[AppParts, CellReplayer]
) -> None:
    _parts, replayer = window
    # iOS loses the link after two reads with neither fail nor complete: the page waits on
    config = CheckConfig(
        EXAMPLES / "no-timeout.js", "你好", page_settings(), scenario=FAST,
        hang_bound_s=seconds(3),
    )  # fmt: skip
    replayer.start(CellReplay(config, Cell("ios", "loss", "seeded", 0, active_traps())))
    qtbot.waitUntil(lambda: replayer.task is not None and replayer.task.done(), timeout=WAIT_MS)
    assert replayer.result is not None and replayer.result.verdict is CellVerdict.HUNG
    assert replayer.label.text().startswith("Replay ios · loss · 0: hung")
