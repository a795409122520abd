"""Which framework built a mini-program: native, Taro or uni-app (Qt-free; the window's title
and the CLI's report name it).

Read from the build output's own files, one row per framework: Taro's webpack runtime
(`taro.js` + `base.wxml`, its version in `getAppInfo`'s `taroVersion`), uni-app's
`common/vendor.js` (`wx.createPage`, its runtime version in `uniRuntimeVersion`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_HEAD = 400_000
"""Enough of a vendor file to find its markers (Taro's taro.js is ~130 KB)."""


@dataclass(frozen=True, slots=True)
class Framework:
    name: str
    """`native`, `taro` or `uni-app`."""
    label: str
    """For people: `Taro 4.1.11`, `uni-app (Vue 3.4.21)`, `原生 / native`."""
    version: str | None = None


@dataclass(frozen=True, slots=True)
class _Row:
    name: str
    title: str
    marker_file: str
    marker: re.Pattern[str]
    version: re.Pattern[str]
    extra: str | None = None
    """A file that must also be there."""
    under: re.Pattern[str] | None = None
    """The UI library's version, named in the label (uni-app's Vue)."""
    under_name: str = ""


FRAMEWORKS = (
    _Row(
        "taro", "Taro", "taro.js", re.compile(r"taroVersion|@tarojs"),
        re.compile(r'taroVersion:"([\d.]+[\w.-]*)"'), extra="base.wxml",
    ),
    _Row(
        "uni-app", "uni-app", "common/vendor.js", re.compile(r"wx\.createPage|uniPlatform"),
        re.compile(r'uniRuntimeVersion:"([\d.]+[\w.-]*)"'),
        under=re.compile(r'="(3\.\d+\.\d+)";function'), under_name="Vue",
    ),
)  # fmt: skip
NATIVE = Framework("native", "原生 / native")


def detect_framework(root: Path) -> Framework:
    """The framework whose runtime is in the miniprogram root `root` (native when none is)."""
    for row in FRAMEWORKS:
        marker_file = root / row.marker_file
        if not marker_file.is_file() or (row.extra and not (root / row.extra).is_file()):
            continue
        head = _head(marker_file)
        if not row.marker.search(head):
            continue
        found = row.version.search(head)
        version = found.group(1) if found else None
        label = f"{row.title} {version}" if version else row.title
        under = row.under.search(head) if row.under else None
        if under:
            label += f" ({row.under_name} {under.group(1)})"
        return Framework(row.name, label, version)
    return NATIVE


def _head(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            return f.read(_HEAD)
    except OSError:
        return ""
