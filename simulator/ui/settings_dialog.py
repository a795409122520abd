"""The settings dialog: backend, network, scenario, typewriter, download fidelity, base library."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from simulator.typewriter import Policy
from simulator.ui.settings import UiSettings

if TYPE_CHECKING:
    from simulator.ui.probe_dialog import ProbeDialog
from simulator.wx.network import NETWORK_PROFILES

BACKEND_KINDS = ("stub", "spring", "openai")
BASE_LIBRARIES = ("3.6.5", "2.32.3", "2.20.1", "2.19.0", "2.10.0")
"""A current one, the first with onChunkReceived (2.20.1) and older ones to rehearse fallbacks."""


def _combo(items: tuple[str, ...] | list[str], current: str) -> QComboBox:
    box = QComboBox()
    box.addItems(list(items))
    if current not in items:
        box.addItem(current)
    box.setCurrentText(current)
    return box


class SettingsDialog(QDialog):
    """Edits a copy of the settings; `result_settings()` after `accept`."""

    def __init__(self, settings: UiSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(520)  # URLs, path overrides and scenarios must be readable whole
        self._base = settings
        form = QFormLayout()
        self.backend_url = QLineEdit(settings.backend_url)
        self.backend_url.setPlaceholderText(self.tr("empty: embedded stub"))
        self.backend_kind = _combo(BACKEND_KINDS, settings.backend_kind)
        self.profile_file = QLineEdit(settings.profile_file)
        self.profile_file.setPlaceholderText(self.tr("empty: the backend profile below"))
        self.probe_button = QPushButton(self.tr("Probe…"))
        self.probe_button.clicked.connect(lambda: self.probe(then_accept=False))
        self.probe_dialog: ProbeDialog | None = None
        self.token = QLineEdit(settings.token)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.model = QLineEdit(settings.model)
        self.paths = QLineEdit(settings.paths)
        self.paths.setPlaceholderText("ws=/ws/chat, download=/api/chat/miniapp-stream")
        self.network = _combo(list(NETWORK_PROFILES), settings.network)
        self.scenario = QLineEdit(settings.scenario)
        self.scenario.setPlaceholderText("ttft_ms=800,tps=30,drop_after=8")
        self.scenario.setCursorPosition(0)  # show a long scenario from its start
        self.speed = QSpinBox()
        self.speed.setRange(5, 2000)
        self.speed.setSuffix(self.tr(" chars/s"))
        self.speed.setValue(settings.typewriter_cps)
        self.policy = _combo([p.value for p in Policy], settings.typewriter_policy)
        self.fidelity = _combo(("strict", "lenient"), settings.download_fidelity)
        self.base_library = _combo(BASE_LIBRARIES, settings.base_library_version)
        self.base_library.setEditable(True)
        form.addRow(self.tr("Backend URL"), self.backend_url)
        probe_row = QHBoxLayout()
        probe_row.addWidget(self.profile_file)
        probe_row.addWidget(self.probe_button)
        form.addRow(self.tr("Probed profile"), probe_row)
        form.addRow(self.tr("Backend profile"), self.backend_kind)
        form.addRow(self.tr("Token"), self.token)
        form.addRow(self.tr("Model (OpenAI)"), self.model)
        form.addRow(self.tr("Paths"), self.paths)
        form.addRow(self.tr("Network profile"), self.network)
        form.addRow(self.tr("Stub scenario"), self.scenario)
        form.addRow(self.tr("Typewriter speed"), self.speed)
        form.addRow(self.tr("Typewriter policy"), self.policy)
        form.addRow(self.tr("Download fidelity"), self.fidelity)
        form.addRow(self.tr("Base library version"), self.base_library)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(buttons)

    def accept(self) -> None:
        """A new backend URL without a profile is probed first: never a silent wrong profile."""
        url = self.backend_url.text().strip()
        if url and url != self._base.backend_url and not self.profile_file.text().strip():
            self.probe(then_accept=True)
            return
        super().accept()

    def probe(self, *, then_accept: bool) -> None:
        """Probe the URL in a dialog of its own; "Use this profile" fills the profile field."""
        from simulator.ui.probe_dialog import ProbeDialog

        url = self.backend_url.text().strip()
        if not url:
            return
        dialog = self.probe_dialog = ProbeDialog(url, self.token.text(), self)

        def closed(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and dialog.profile_file:
                self.profile_file.setText(dialog.profile_file)
            if then_accept:
                QDialog.accept(self)  # Cancel in the probe keeps the backend profile chosen

        dialog.finished.connect(closed)
        dialog.open()
        dialog.start()

    def result_settings(self) -> UiSettings:
        """The edited settings."""
        return self._base.with_changes(
            backend_url=self.backend_url.text().strip(),
            backend_kind=self.backend_kind.currentText(),
            profile_file=self.profile_file.text().strip(),
            token=self.token.text(),
            model=self.model.text().strip(),
            paths=self.paths.text().strip(),
            network=self.network.currentText(),
            scenario=self.scenario.text().strip(),
            typewriter_cps=self.speed.value(),
            typewriter_policy=self.policy.currentText(),
            download_fidelity=self.fidelity.currentText(),
            base_library_version=self.base_library.currentText().strip(),
        )
