"""The settings dialog: backend, network, scenario, typewriter, download fidelity, base library."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from simulator.typewriter import Policy
from simulator.ui.settings import UiSettings
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


VALUE_LABELS = {
    "none": QT_TRANSLATE_NOOP("SettingsDialog", "none (unthrottled)"),
    "wifi": QT_TRANSLATE_NOOP("SettingsDialog", "Wi-Fi"),
    "4g": "4G",
    "3g": "3G",
    "2g": "2G",
    "offline": QT_TRANSLATE_NOOP("SettingsDialog", "offline"),
    "adaptive": QT_TRANSLATE_NOOP("SettingsDialog", "adaptive (catch up on bursts)"),
    "fixed": QT_TRANSLATE_NOOP("SettingsDialog", "fixed rate"),
    "fast": QT_TRANSLATE_NOOP("SettingsDialog", "fast (whole reply in 1 s)"),
    "strict": QT_TRANSLATE_NOOP("SettingsDialog", "strict (like a device)"),
    "lenient": QT_TRANSLATE_NOOP("SettingsDialog", "lenient (like DevTools)"),
}
"""What a stored value reads as in the dialog; the value itself is what is saved."""


def _choice(values: tuple[str, ...] | list[str], current: str) -> QComboBox:
    """A combo box showing translated labels, keeping the values as item data."""
    box = QComboBox()
    for value in [*values, *([] if current in values else [current])]:
        label = VALUE_LABELS.get(value, value)
        box.addItem(QCoreApplication.translate("SettingsDialog", str(label)), value)
    box.setCurrentIndex(box.findData(current))
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
        self.token = QLineEdit(settings.token)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.model = QLineEdit(settings.model)
        self.paths = QLineEdit(settings.paths)
        self.paths.setPlaceholderText("ws=/ws/chat, download=/api/chat/miniapp-stream")
        self.network = _choice(list(NETWORK_PROFILES), settings.network)
        self.scenario = QLineEdit(settings.scenario)
        self.scenario.setPlaceholderText("ttft_ms=800,tps=30,drop_after=8")
        self.scenario.setCursorPosition(0)  # show a long scenario from its start
        self.speed = QSpinBox()
        self.speed.setRange(5, 2000)
        self.speed.setSuffix(self.tr(" chars/s"))
        self.speed.setValue(settings.typewriter_cps)
        self.policy = _choice([p.value for p in Policy], settings.typewriter_policy)
        self.fidelity = _choice(("strict", "lenient"), settings.download_fidelity)
        self.base_library = _combo(BASE_LIBRARIES, settings.base_library_version)
        self.base_library.setEditable(True)
        form.addRow(self.tr("Backend URL"), self.backend_url)
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

    def result_settings(self) -> UiSettings:
        """The edited settings."""
        return self._base.with_changes(
            backend_url=self.backend_url.text().strip(),
            backend_kind=self.backend_kind.currentText(),
            token=self.token.text(),
            model=self.model.text().strip(),
            paths=self.paths.text().strip(),
            network=self.network.currentData(),
            scenario=self.scenario.text().strip(),
            typewriter_cps=self.speed.value(),
            typewriter_policy=self.policy.currentData(),
            download_fidelity=self.fidelity.currentData(),
            base_library_version=self.base_library.currentText().strip(),
        )
