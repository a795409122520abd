"""Where the window's icons, style sheet and translations live (`assets/` at the repo root)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap

ASSETS_DIR = Path(__file__).resolve().parents[3] / "assets"
ICONS_DIR = ASSETS_DIR / "icons"
I18N_DIR = ASSETS_DIR / "i18n"


def icon(name: str) -> QIcon:
    """An SVG icon from `assets/icons/<name>.svg`."""
    return QIcon(str(ICONS_DIR / f"{name}.svg"))


def pixmap(name: str, size: int) -> QPixmap:
    """An SVG icon rendered at `size`×`size` device-independent pixels."""
    return icon(name).pixmap(QSize(size, size), mode=QIcon.Mode.Normal, state=QIcon.State.Off)


def style_sheet() -> str:
    """The application style sheet (`assets/style.qss`)."""
    return (ASSETS_DIR / "style.qss").read_text(encoding="utf-8")


ALIGN_TOP = Qt.AlignmentFlag.AlignTop
