"""Probe a backend URL from the window: progress while it runs, the report, a profile to use."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.probe import load_profile, probe_backend, save_profile
from simulator.probe.report import format_report


def profiles_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".wx-stream-sim") / "profiles"


def profile_path_for(url: str) -> Path:
    """One saved profile per backend address (re-probing overwrites it)."""
    return profiles_dir() / (re.sub(r"[^A-Za-z0-9]+", "_", url).strip("_") + ".json")


def profile_fits(profile_file: str, url: str) -> bool:
    """`profile_file` was probed at `url` (a profile from another address does not fit it)."""
    if not profile_file:
        return False
    try:
        profile = load_profile(Path(profile_file))
    except ValueError:
        return False
    return profile.base_url.rstrip("/") == url.rstrip("/")


def cached_profile(url: str) -> str | None:
    """The profile saved for `url` by an earlier probe, when there is one that fits."""
    path = profile_path_for(url.rstrip("/"))
    return str(path) if path.exists() and profile_fits(str(path), url) else None


class ProbeDialog(QDialog):
    """Runs the probe on the window's event loop; "Use this profile" accepts with `profile_file`.

    Nothing is used silently: the user sees what was found before the profile takes effect,
    and can re-probe or edit the saved file.
    """

    finished_probe = Signal()

    def __init__(self, url: str, token: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Probe backend"))
        self.setMinimumSize(820, 520)
        self.url = url.rstrip("/")
        self.token = token or None
        self.profile_file: str | None = None
        self.status = QLabel()
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.use_button = QPushButton(self.tr("Use this profile"))
        self.reprobe_button = QPushButton(self.tr("Probe again"))
        self.buttons.addButton(self.use_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.reprobe_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.use_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reprobe_button.clicked.connect(self.start)
        column = QVBoxLayout(self)
        column.addWidget(self.status)
        column.addWidget(self.report)
        column.addWidget(self.buttons)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Begin (or restart) the probe; the dialog stays responsive meanwhile."""
        if self._task is not None and not self._task.done():
            return
        self.use_button.setEnabled(False)
        self.reprobe_button.setEnabled(False)
        self.report.setPlainText("")
        self._task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        count = [0]

        def progress(label: str) -> None:
            count[0] += 1
            self.status.setText(
                self.tr("Probing {0} — request {1}: {2}").format(self.url, count[0], label)
            )

        try:
            report = await probe_backend(self.url, token=self.token, progress=progress)
        except Exception as exc:  # the probe's own failure is shown, never swallowed
            self.status.setText(self.tr("Probe failed: {0}").format(exc))
        else:
            self.report.setPlainText(format_report(report))
            if not report.reachable:  # nothing answered: a profile of it would be a guess
                self.status.setText(self.tr("Nothing answered at {0}: no profile saved").format(
                    self.url))  # fmt: skip
                self.use_button.setEnabled(False)
                return
            path = profile_path_for(self.url)
            path.parent.mkdir(parents=True, exist_ok=True)
            save_profile(report.profile, path, report.as_dict())
            self.profile_file = str(path)
            works = [n for n, f in report.findings.items() if f.works]
            self.status.setText(
                self.tr("{0}: {1} — profile saved to {2}").format(
                    report.flavour, ", ".join(works) or self.tr("nothing works"), path
                )
            )
            self.use_button.setEnabled(bool(works))
        finally:
            self.reprobe_button.setEnabled(True)
            self.finished_probe.emit()

    def done(self, result: int) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        super().done(result)
