""" "Device check…" (真机检查…): the check matrix (simulator/check) for the open page or
project, with a progress bar, as a table of platform × network rows and a cell per seed,
coloured by verdict.

Clicking a cell shows its detail and the one command that replays it (copyable); "Replay in
phone" (or a double click) runs that cell once more in the window's phone, the network panel
at its first bad read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer
from PySide6.QtGui import QAction, QColor, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from simulator.check.matrix import Cell, build_matrix, replay_command
from simulator.check.replay import CellReplay
from simulator.check.runner import CellResult, CheckConfig, run_matrix
from simulator.check.traps import active_traps
from simulator.check.verdicts import CellVerdict
from simulator.session import RunSettings
from simulator.ui.kit.tasks import spawn

VERDICT_COLOURS: dict[CellVerdict, str] = {
    CellVerdict.EXACT: "#b7e4c7",
    CellVerdict.FAILED_CLEANLY: "#d8e2dc",
    CellVerdict.ENDED: "#e9ecef",
    CellVerdict.GARBLED: "#f4a261",
    CellVerdict.CRASHED: "#e76f51",
    CellVerdict.HUNG: "#ffd166",
    CellVerdict.ERROR: "#adb5bd",
}
"""One colour per verdict: the passing ones pale, the failing ones loud."""
OnReplay = Callable[[CellReplay], object]
"""Replays a cell in the window's phone (the shell's, given to the dialog)."""


def verdict_text(verdict: CellVerdict) -> str:
    """A verdict's word in the UI language."""
    words = {
        CellVerdict.EXACT: QT_TRANSLATE_NOOP("CheckDialog", "exact"),
        CellVerdict.GARBLED: QT_TRANSLATE_NOOP("CheckDialog", "garbled"),
        CellVerdict.CRASHED: QT_TRANSLATE_NOOP("CheckDialog", "crashed"),
        CellVerdict.HUNG: QT_TRANSLATE_NOOP("CheckDialog", "hung"),
        CellVerdict.FAILED_CLEANLY: QT_TRANSLATE_NOOP("CheckDialog", "failed cleanly"),
        CellVerdict.ENDED: QT_TRANSLATE_NOOP("CheckDialog", "ended"),
        CellVerdict.ERROR: QT_TRANSLATE_NOOP("CheckDialog", "error"),
    }
    return QCoreApplication.translate("CheckDialog", str(words[verdict]))


def replay_base(target: Path) -> list[str]:
    """The check command for `target`, relative to the working folder when inside it (the
    command is run from there, and reads shorter)."""
    try:
        shown = str(target.resolve().relative_to(Path.cwd()))
    except ValueError:
        shown = str(target)
    return ["python", "-m", "simulator", "check", shown]


class CheckDialog(QDialog):
    """Runs `cells` (the default matrix unless given) for `target` on the window's loop."""

    def __init__(
        self,
        target: Path,
        settings: RunSettings | None = None,
        cells: list[Cell] | None = None,
        scenario: str | None = None,
        parent: QWidget | None = None,
        on_replay: OnReplay | None = None,
    ) -> None:
        super().__init__(parent)
        self.target = target
        self.on_replay = on_replay
        self.settings = settings
        self.cells = cells if cells is not None else build_matrix(traps=active_traps())
        self.scenario = scenario
        self.results: dict[Cell, CellResult] = {}
        self.setWindowTitle(self.tr("Check on devices — {0}").format(target.name))
        self.setMinimumSize(820, 520)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, len(self.cells))
        self.rows = list(dict.fromkeys((c.platform, c.network) for c in self.cells))
        self.columns = list(dict.fromkeys(c.seed_label for c in self.cells))
        self.table = QTableWidget(len(self.rows), len(self.columns))
        self.table.setObjectName("checkTable")
        self.table.setVerticalHeaderLabels([f"{p} · {n}" for p, n in self.rows])
        self.table.setHorizontalHeaderLabels(self.columns)
        self.table.horizontalHeader().setDefaultSectionSize(64)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self._where: dict[Cell, tuple[int, int]] = {}
        self._items: dict[Cell, QTableWidgetItem] = {}
        for cell in self.cells:
            at = (
                self.rows.index((cell.platform, cell.network)),
                self.columns.index(cell.seed_label),
            )
            self._where[cell] = at
            item = QTableWidgetItem("…")
            item.setToolTip(self.tr("Waiting"))
            self._items[cell] = item
            self.table.setItem(*at, item)
        self.table.cellClicked.connect(self._on_click)
        self.table.cellDoubleClicked.connect(self._on_double_click)
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("checkDetail")
        self.detail.setReadOnly(True)
        self.detail.setMaximumHeight(170)
        self.detail.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Cancel"))
        self.copy_button = QPushButton(self.tr("Copy replay command"))
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self._copy)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.rerun_button = QPushButton(self.tr("Run this cell again"))
        self.rerun_button.setEnabled(False)
        self.rerun_button.clicked.connect(self._rerun)
        self.buttons.addButton(self.rerun_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.phone_button = QPushButton(self.tr("Replay in phone"))
        self.phone_button.setObjectName("replayInPhone")
        self.phone_button.setToolTip(
            self.tr("Run the picked cell in the window's phone; the network panel opens at its "
                    "first bad read")
        )  # fmt: skip
        self.phone_button.setEnabled(False)
        self.phone_button.setVisible(on_replay is not None)
        self.phone_button.clicked.connect(self.replay_in_phone)
        self.buttons.addButton(self.phone_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.picked: Cell | None = None
        self.rerun: CellResult | None = None
        """The last re-run of the picked cell (a seed replays exactly)."""
        self.buttons.rejected.connect(self._cancel_or_close)
        column = QVBoxLayout(self)
        for widget in (self.status, self.progress, self.table, self.detail, self.buttons):
            column.addWidget(widget)
        self.replay = ""
        self._task: asyncio.Task[None] | None = None
        self.finished_check = False

    def verdict_label(self, verdict: CellVerdict) -> str:
        return verdict_text(verdict)

    def start(self) -> None:
        if self._task is None or self._task.done():
            self.status.setText(self.tr("Checking {0} on {1} cells…").format(
                self.target.name, len(self.cells)))  # fmt: skip
            self._task = spawn(self._run(), name="check-matrix")

    def _config(self) -> CheckConfig:
        if self.scenario is None:
            return CheckConfig(self.target, settings=self.settings)
        return CheckConfig(self.target, settings=self.settings, scenario=self.scenario)

    async def _run(self) -> None:
        try:
            report = await run_matrix(self._config(), self.cells, on_cell=self._on_cell)
        except asyncio.CancelledError:
            self.status.setText(self.tr("Cancelled"))
            raise
        except Exception as exc:  # the check's own failure is shown, never swallowed
            self.status.setText(self.tr("The check failed: {0}").format(exc))
            return
        finally:
            self.finished_check = True
            self.cancel_button.setText(self.tr("Close"))
        self.table.resizeColumnsToContents()  # "failed cleanly" is wider than a seed
        if report.error:
            self.status.setText(self.tr("The check failed: {0}").format(report.error))
            return
        counts: dict[CellVerdict, int] = {}
        for result in report.results:
            counts[result.verdict] = counts.get(result.verdict, 0) + 1
        parts = ", ".join(f"{self.verdict_label(v)} {n}" for v, n in counts.items())
        self.status.setText(
            self.tr("{0}: {1} cells in {2:.1f} s — {3}. Click a cell for its replay command.")
            .format(self.target.name, len(report.results), report.elapsed_s, parts)
        )  # fmt: skip

    def _on_cell(self, result: CellResult, done: int, total: int) -> None:
        self.results[result.cell] = result
        self.progress.setValue(done)
        item = self._items[result.cell]
        item.setText(self.verdict_label(result.verdict))
        item.setBackground(QColor(VERDICT_COLOURS[result.verdict]))
        item.setForeground(QColor("#000000"))
        item.setToolTip(self.details(result))

    def details(self, result: CellResult) -> str:
        """The verdict's detail: the first bad character, its index and context; the
        crash's error and file:line; else the summary."""
        judged = result.judged
        g = judged.garble
        # the core's reason sentence (English) first: why, beside the translated lines below
        summary = judged.reason or judged.summary
        lines = [f"{result.cell.name}: {self.verdict_label(judged.verdict)}", summary]
        if g is not None:
            lines.append(
                self.tr("first bad character {0!r} (expected {1!r}) at index {2}").format(
                    g.got, g.want, g.index
                )
            )
            lines.append(self.tr("page: …{0}…").format(g.got_context))
            lines.append(self.tr("backend: …{0}…").format(g.want_context))
            if g.replacement_char:
                lines.append(self.tr("U+FFFD appears in the page's text"))
            if g.cut_inside:
                lines.append(self.tr("a read ends inside this character"))
        if judged.verdict is CellVerdict.CRASHED and judged.error.get("file"):
            lines.append(f"{judged.error['file']}:{judged.error.get('line', '?')}")
        return "\n".join(line for line in lines if line)

    def _on_click(self, row: int, column: int) -> None:
        cell = next((c for c, at in self._where.items() if at == (row, column)), None)
        result = self.results.get(cell) if cell is not None else None
        if cell is None or result is None:
            return
        self.replay = replay_command(replay_base(self.target), cell)
        text = self.details(result)
        if result.verdict is not CellVerdict.EXACT:
            text += "\n" + self.tr("Replay: {0}").format(self.replay)
        self.detail.setPlainText(text)
        self.copy_button.setEnabled(result.verdict is not CellVerdict.EXACT)
        self.picked = cell
        self.rerun_button.setEnabled(self.finished_check)
        self.phone_button.setEnabled(self.finished_check)

    def _on_double_click(self, row: int, column: int) -> None:
        self._on_click(row, column)
        if self.picked is not None and self.picked in self.results and self.finished_check:
            self.replay_in_phone()

    def replay_in_phone(self) -> None:
        """The picked cell in the window's phone, under the check's own configuration."""
        if self.picked is None or self.on_replay is None:
            return
        self.on_replay(CellReplay(self._config(), self.picked))

    def _rerun(self) -> None:
        if self.picked is not None and (self._task is None or self._task.done()):
            self.rerun_button.setEnabled(False)
            self._task = spawn(self._run_one(self.picked), name="check-rerun")

    async def _run_one(self, cell: Cell) -> None:
        """The picked cell once more, its verdict and the reads the page got around the
        first bad character."""
        try:
            report = await run_matrix(self._config(), [cell])
        finally:
            self.rerun_button.setEnabled(True)
        if report.error or not report.results:
            self.detail.appendPlainText(self.tr("The check failed: {0}").format(report.error))
            return
        self.rerun = result = report.results[0]
        lines = ["", self.tr("Run again: {0}").format(self.details(result))]
        g = result.judged.garble
        at = g.byte_offset if g is not None else None
        if at is not None:  # the reads around the first bad character
            near = sorted(result.chunks, key=lambda c: abs(c.offset - at))[:6]
            near.sort(key=lambda c: c.offset)
        else:  # else the first reads that cut a character or a line
            near = [c for c in result.chunks if c.cuts_char or c.cuts_line][:6]
        for c in near:
            marks = (" ✂char" if c.cuts_char else "") + (" ✂line" if c.cuts_line else "")
            lines.append(f"  #{c.index} @{c.offset} +{len(c.data)} {c.callback}{marks}")
        self.detail.appendPlainText("\n".join(lines))

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.replay)

    def _cancel_or_close(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            return
        self.reject()

    def done(self, result: int) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        super().done(result)


def install_check_action(
    window: QWidget, target: Callable[[], Path | None], on_replay: OnReplay | None = None
) -> QAction:
    """ "Device check…" on the toolbar: enabled while a page or project is open. The check
    runs on its own embedded stub at the fast scenario (as the `check` command does); a cell
    is replayed in the window's phone through `on_replay`."""
    action = QAction(window)
    action.setObjectName("checkOnDevices")
    bar = window.findChild(QToolBar, "toolbar")
    if bar is not None:
        bar.addAction(action)

    def retranslate() -> None:
        action.setText(QCoreApplication.translate("CheckDialog", "Device check…"))
        tip = (  # the disabled action says why it is disabled
            QCoreApplication.translate("CheckDialog", "Run the open page on every phone profile")
            if action.isEnabled()
            else QCoreApplication.translate(
                "CheckDialog", "Open a page or a project first (Page… or Project…)"
            )
        )
        action.setToolTip(tip)

    def refresh() -> None:
        action.setEnabled(target() is not None)
        retranslate()  # follows a language change too

    def open_dialog() -> None:
        path = target()
        if path is None:
            return
        dialog = CheckDialog(path, parent=window, on_replay=on_replay)
        dialog.show()
        dialog.start()

    action.triggered.connect(open_dialog)
    # the modes say nothing when they open a page: a cheap poll keeps the action in step
    timer = QTimer(action, interval=500)
    timer.timeout.connect(refresh)
    timer.start()
    retranslate()
    refresh()
    return action
