"""The settings dialog: one editor per `RunSettings` field, checked by its one validation."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from simulator.session.registry import NETWORK_PROFILES
from simulator.session.settings import RunSettings, choices_of
from simulator.ui.kit.settings import UiSettings

if TYPE_CHECKING:
    from simulator.ui.dialogs.probe_dialog import ProbeDialog

BASE_LIBRARIES = ("3.6.5", "2.32.3", "2.20.1", "2.19.0", "2.10.0")
"""A current one, the first with onChunkReceived (2.20.1) and older ones to rehearse fallbacks."""

NOT_IN_DIALOG = {
    "transport": "picked in the toolbar",
    "run_timeout_s": "a safety bound of every run, window and bench (a settings file sets it)",
    "run_budget_mb": "a safety bound of every run, like run_timeout_s (a settings file sets it)",
}
"""`RunSettings` fields without an editor here, and why (a test checks every other has one)."""


PAGES = (
    QT_TRANSLATE_NOOP("SettingsDialog", "Backend"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Network and platform"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Typewriter"),
)
"""The dialog's tabs, in order: 22 fields in one column would not fit a 720 px screen."""
PAGE_OF: dict[str, int] = {
    **dict.fromkeys(
        ("backend_url", "profile_file", "backend_kind", "replay", "token", "model", "paths",
         "scenario"), 0),
    **dict.fromkeys(
        ("network", "network_seed", "platform", "base_library_version", "delivery", "slicing",
         "slice_size", "slice_min_size", "slice_merge", "download_fidelity",
         "request_timeout_ms"), 1),
    **dict.fromkeys(("typewriter_cps", "typewriter_policy", "first_text_s"), 2),
}  # fmt: skip
"""Field → its tab (a test checks that every field with an editor has one)."""


def _combo(items: tuple[str, ...] | list[str], current: str) -> QComboBox:
    box = QComboBox()
    box.addItems(list(items))
    if current not in items:
        box.addItem(current)
    box.setCurrentText(current)
    return box


def _network_label(value: str) -> str | None:
    profile = NETWORK_PROFILES.get(value)
    if profile is None or not profile.label:
        return None
    return QCoreApplication.translate("Networks", profile.label)


def _no_label(value: str) -> str | None:
    return None


TABLE_LABELS: dict[str, Callable[[str], str | None]] = {"network": _network_label}
"""Field → its values' translated labels, read from the value's table (None: no label)."""

VALUE_LABELS: dict[str, dict[str, object]] = {
    "typewriter_policy": {
        "adaptive": QT_TRANSLATE_NOOP("SettingsDialog", "adaptive (catch up on bursts)"),
        "fixed": QT_TRANSLATE_NOOP("SettingsDialog", "fixed rate"),
        "fast": QT_TRANSLATE_NOOP("SettingsDialog", "fast (whole reply in 1 s)"),
    },
    "download_fidelity": {
        "strict": QT_TRANSLATE_NOOP("SettingsDialog", "strict (like a device)"),
        "lenient": QT_TRANSLATE_NOOP("SettingsDialog", "lenient (like DevTools)"),
    },
    "platform": {
        "device": QT_TRANSLATE_NOOP("SettingsDialog", "phone"),
        "devtools": QT_TRANSLATE_NOOP("SettingsDialog", "WeChat DevTools"),
        "pc": QT_TRANSLATE_NOOP("SettingsDialog", "PC WeChat"),
    },
    "delivery": {
        "device": QT_TRANSLATE_NOOP("SettingsDialog", "like a phone (merged and split, seeded)"),
        "ideal": QT_TRANSLATE_NOOP("SettingsDialog", "ideal (one network read, one callback)"),
    },
    "slicing": {
        "off": QT_TRANSLATE_NOOP("SettingsDialog", "off (the platform's default)"),
        "fixed": QT_TRANSLATE_NOOP("SettingsDialog", "fixed size"),
        "random": QT_TRANSLATE_NOOP("SettingsDialog", "random sizes (seeded)"),
    },
}
"""Field → what a stored value reads as in the dialog; the value itself is what is saved."""


def _choice(name: str, current: str) -> QComboBox:
    """A combo box of the field's choices showing translated labels, values as item data."""
    values = list(choices_of(name) or ())
    labels = VALUE_LABELS.get(name, {})
    from_table = TABLE_LABELS.get(name, _no_label)
    box = QComboBox()
    for value in [*values, *([] if current in values else [current])]:
        label = from_table(value) or QCoreApplication.translate(
            "SettingsDialog", str(labels.get(value, value))
        )
        box.addItem(label, value)
    box.setCurrentIndex(box.findData(current))
    return box


def _int_box(low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setSuffix(suffix)
    box.setValue(value)
    return box


def _float_box(
    low: float, high: float, value: float, step: float, suffix: str = ""
) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(2)
    box.setSuffix(suffix)
    box.setValue(value)
    return box


class SettingsDialog(QDialog):
    """Edits a copy of the settings; `result_settings()` after `accept`.

    OK keeps the dialog open while a field is bad, saying which and why.
    """

    def __init__(self, settings: UiSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(520)  # URLs, path overrides and scenarios must be readable whole
        self._base = settings
        s = settings
        self.backend_url = QLineEdit(s.backend_url)
        self.backend_url.setPlaceholderText(self.tr("empty: embedded stub"))
        self.backend_kind = _choice("backend_kind", s.backend_kind)
        self.profile_file = QLineEdit(s.profile_file)
        self.profile_file.setPlaceholderText(self.tr("empty: the backend profile below"))
        self.probe_button = QPushButton(self.tr("Probe…"))
        self.probe_button.clicked.connect(lambda: self.probe(then_accept=False))
        self.probe_dialog: ProbeDialog | None = None
        probe_box = QWidget()
        probe_row = QHBoxLayout(probe_box)
        probe_row.setContentsMargins(0, 0, 0, 0)
        probe_row.addWidget(self.profile_file)
        probe_row.addWidget(self.probe_button)
        self.replay = QLineEdit(s.replay)
        self.replay.setPlaceholderText(self.tr("empty: the stub's fake LLM"))
        self.token = QLineEdit(s.token)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.model = QLineEdit(s.model)
        self.paths = QLineEdit(s.paths)
        self.paths.setPlaceholderText("ws=/ws/chat, download=/api/chat/miniapp-stream")
        self.network = _choice("network", s.network)
        self.network_seed = _int_box(0, 2**31 - 1, s.network_seed)
        self.platform = _choice("platform", s.platform)
        self.delivery = _choice("delivery", s.delivery)
        self.slicing = _choice("slicing", s.slicing)
        self.slice_size = _int_box(1, 65536, s.slice_size, " B")
        self.slice_min_size = _int_box(1, 65536, s.slice_min_size, " B")
        self.slice_merge = _float_box(0.0, 1.0, s.slice_merge, 0.05)
        self.scenario = QLineEdit(s.scenario)
        self.scenario.setPlaceholderText("ttft_ms=800,tps=30,drop_after=8")
        self.scenario.setCursorPosition(0)  # show a long scenario from its start
        self.speed = _int_box(5, 2000, round(s.typewriter_cps), self.tr(" chars/s"))
        self.policy = _choice("typewriter_policy", s.typewriter_policy)
        self.fidelity = _choice("download_fidelity", s.download_fidelity)
        self.base_library = _combo(BASE_LIBRARIES, s.base_library_version)
        self.base_library.setEditable(True)
        self.first_text = _float_box(0.1, 600.0, s.first_text_s, 1.0, self.tr(" s"))
        self.request_timeout = _int_box(1, 600_000, s.request_timeout_ms, self.tr(" ms"))
        self.problem = QLabel()
        self.problem.setObjectName("settingsProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()

        rows: list[tuple[str, str, QWidget, Callable[[], object]]] = [
            ("backend_url", self.tr("Backend URL"), self.backend_url,
             lambda: self.backend_url.text().strip()),
            ("profile_file", self.tr("Probed profile"), probe_box,
             lambda: self.profile_file.text().strip()),
            ("backend_kind", self.tr("Backend profile"), self.backend_kind,
             self.backend_kind.currentData),
            ("replay", self.tr("Replay cassette"), self.replay, lambda: self.replay.text().strip()),
            ("token", self.tr("Token"), self.token, self.token.text),
            ("model", self.tr("Model (OpenAI)"), self.model, lambda: self.model.text().strip()),
            ("paths", self.tr("Paths"), self.paths, lambda: self.paths.text().strip()),
            ("network", self.tr("Network profile"), self.network, self.network.currentData),
            ("network_seed", self.tr("Network seed"), self.network_seed, self.network_seed.value),
            ("platform", self.tr("Platform"), self.platform, self.platform.currentData),
            ("delivery", self.tr("Chunk delivery"), self.delivery, self.delivery.currentData),
            ("slicing", self.tr("Chunk slicing"), self.slicing, self.slicing.currentData),
            ("slice_size", self.tr("Slice size"), self.slice_size, self.slice_size.value),
            ("slice_min_size", self.tr("Smallest slice (random)"), self.slice_min_size,
             self.slice_min_size.value),
            ("slice_merge", self.tr("Merge probability"), self.slice_merge, self.slice_merge.value),
            ("scenario", self.tr("Stub scenario"), self.scenario,
             lambda: self.scenario.text().strip()),
            ("typewriter_cps", self.tr("Typewriter speed"), self.speed,
             lambda: float(self.speed.value())),
            ("typewriter_policy", self.tr("Typewriter policy"), self.policy,
             self.policy.currentData),
            ("download_fidelity", self.tr("Download fidelity"), self.fidelity,
             self.fidelity.currentData),
            ("base_library_version", self.tr("Base library version"), self.base_library,
             lambda: self.base_library.currentText().strip()),
            ("first_text_s", self.tr("Auto: first text within"), self.first_text,
             self.first_text.value),
            ("request_timeout_ms", self.tr("Request timeout"), self.request_timeout,
             self.request_timeout.value),
        ]  # fmt: skip
        self.editors: dict[str, QWidget] = {}
        """Field name → its editor widget (every `RunSettings` field but `NOT_IN_DIALOG`)."""
        self._readers: dict[str, Callable[[], object]] = {}
        self.pages = QTabWidget()
        forms: list[QFormLayout] = []
        for title in PAGES:
            page = QWidget()
            forms.append(QFormLayout(page))
            self.pages.addTab(page, QCoreApplication.translate("SettingsDialog", str(title)))
        for name, label, widget, read in rows:
            forms[PAGE_OF[name]].addRow(label, widget)
            self.editors[name] = widget
            self._readers[name] = read
            widget.setToolTip(_help(name))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.pages)
        column.addWidget(self.problem)
        column.addWidget(buttons)

    def accept(self) -> None:
        """Close only with valid settings (else each bad field is named); a new backend URL
        without a profile is probed first: never a silent wrong profile."""
        problems = self.result_settings().problems()
        if problems:
            bad = [PAGE_OF[p.field] for p in problems if p.field in PAGE_OF]
            if bad:  # the tab of the first bad field: the user sees what to fix
                self.pages.setCurrentIndex(min(bad))
            self.problem.setText("\n".join(f"⚠ {p}" for p in problems))
            self.problem.show()
            return
        self.problem.hide()
        from simulator.ui.dialogs.probe_dialog import cached_profile, profile_fits

        url = self.backend_url.text().strip()
        if url and not profile_fits(self.profile_file.text().strip(), url):
            # A new URL is never run with another address's profile: the one probed for it
            # before, else a probe now (Cancel keeps the hand-picked backend kind).
            cached = cached_profile(url)
            if cached is None and url != self._base.backend_url:
                self.profile_file.setText("")
                self.probe(then_accept=True)
                return
            self.profile_file.setText(cached or "")
        super().accept()

    def probe(self, *, then_accept: bool) -> None:
        """Probe the URL in a dialog of its own; "Use this profile" fills the profile field."""
        from simulator.ui.dialogs.probe_dialog import ProbeDialog

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
        """The edited settings (not validated: see `accept`)."""
        return self._base.with_changes(**{name: read() for name, read in self._readers.items()})


def _help(name: str) -> str:
    for field in dataclasses.fields(RunSettings):
        if field.name == name:
            return str(field.metadata.get("help", ""))
    return ""
