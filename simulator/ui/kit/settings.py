"""The window's settings: the run settings plus the UI's language, remembered with QSettings."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from PySide6.QtCore import QSettings

from simulator.session.backend import parse_paths
from simulator.session.settings import RunSettings

ORGANIZATION = "wx-stream-sim"
APPLICATION = "simulator"

__all__ = ["UiSettings", "load_settings", "parse_paths", "save_settings"]


@dataclass(frozen=True, slots=True)
class UiSettings(RunSettings):
    """`RunSettings` (one definition for window, bench and CLI) and the window's language."""

    language: str = "zh"
    device: str = "iPhone 15"
    """The phone preset (`phone.DEVICES`)."""
    zoom: float = 0.0
    """0: fit the window; otherwise the phone's fixed zoom."""


def load_settings(store: QSettings | None = None) -> UiSettings:
    """Read the remembered settings; a missing, mistyped or invalid value is the default."""
    store = store or QSettings(ORGANIZATION, APPLICATION)
    defaults = UiSettings()
    values: dict[str, object] = {}
    for field in dataclasses.fields(UiSettings):
        raw = store.value(field.name)
        if raw is None:
            continue
        default = getattr(defaults, field.name)
        try:
            values[field.name] = type(default)(raw)
        except (TypeError, ValueError):
            continue
    settings = defaults.with_changes(**values)
    bad = {p.field for p in settings.problems()}
    if bad:  # e.g. a network profile that no longer exists: its default, the rest kept
        settings = settings.with_changes(**{name: getattr(defaults, name) for name in bad})
    return settings


def save_settings(settings: UiSettings, store: QSettings | None = None) -> None:
    """Remember `settings` for the next start."""
    store = store or QSettings(ORGANIZATION, APPLICATION)
    for field in dataclasses.fields(UiSettings):
        store.setValue(field.name, getattr(settings, field.name))
    store.sync()
