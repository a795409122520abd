"""The window's settings, remembered between runs with QSettings."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from PySide6.QtCore import QSettings

ORGANIZATION = "wx-stream-sim"
APPLICATION = "simulator"


@dataclass(frozen=True, slots=True)
class UiSettings:
    """Everything the user can set; the defaults are the embedded stub on an unthrottled network."""

    backend_url: str = ""
    """Empty: the embedded stub, started with the window."""
    backend_kind: str = "stub"
    """stub | spring | openai (how the URL's endpoints are framed)."""
    token: str = ""
    model: str = "gpt-4o-mini"
    profile_file: str = ""
    """A backend profile file from `probe --save`; wins over backend_url/backend_kind."""
    paths: str = ""
    """Endpoint path overrides, e.g. `ws=/ws/chat, download=/api/chat/miniapp-stream`."""
    network: str = "none"
    scenario: str = ""
    """Stub scenario spec sent with every message (empty: the stub's default)."""
    typewriter_cps: int = 60
    typewriter_policy: str = "adaptive"
    download_fidelity: str = "strict"
    base_library_version: str = "3.6.5"
    language: str = "zh"
    transport: str = "auto"

    def with_changes(self, **changes: object) -> UiSettings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


def load_settings(store: QSettings | None = None) -> UiSettings:
    """Read the remembered settings (defaults for anything missing or of the wrong type)."""
    store = store or QSettings(ORGANIZATION, APPLICATION)
    values: dict[str, object] = {}
    for field in dataclasses.fields(UiSettings):
        raw = store.value(field.name)
        if raw is None:
            continue
        default = getattr(UiSettings(), field.name)
        try:
            values[field.name] = type(default)(raw)
        except (TypeError, ValueError):
            continue
    return UiSettings(**values)  # type: ignore[arg-type]


def save_settings(settings: UiSettings, store: QSettings | None = None) -> None:
    """Remember `settings` for the next start."""
    store = store or QSettings(ORGANIZATION, APPLICATION)
    for field in dataclasses.fields(UiSettings):
        store.setValue(field.name, getattr(settings, field.name))
    store.sync()


def parse_paths(spec: str) -> dict[str, str]:
    """`"ws=/ws/chat, download=/x"` → {"ws": "/ws/chat", "download": "/x"}.

    Raises:
        ValueError: an entry without `=`.
    """
    paths: dict[str, str] = {}
    for item in spec.replace(";", ",").split(","):
        item = item.strip()
        if not item:
            continue
        key, sep, value = item.partition("=")
        if not sep or not value.strip():
            raise ValueError(f"expected key=/path, got {item!r}")
        paths[key.strip()] = value.strip()
    return paths
