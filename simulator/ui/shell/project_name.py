"""The name a project is shown by: the one its developer gave it, not its build folder's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BUILD_FOLDERS = frozenset({"dist", "build", "dev", "mp-weixin", "unpackage"})
"""Folders a framework builds into (Taro's dist/, uni-app's dist/build/mp-weixin): never the
project's name."""


def project_name(folder: Path, root: Path, app: dict[str, Any]) -> str:
    """`projectname` of project.config.json (the folder opened, else the built root's), else
    app.json's window title, else the project's folder: above dist/ or mp-weixin/ when the
    root is a framework's build output."""
    for place in dict.fromkeys((folder, root)):
        name = _config_name(place / "project.config.json")
        if name:
            return name
    window = app.get("window")
    title = window.get("navigationBarTitleText") if isinstance(window, dict) else None
    if isinstance(title, str) and title.strip():
        return title.strip()
    source = folder if folder != root else root
    while source.name in BUILD_FOLDERS and source.parent != source:
        source = source.parent
    return source.name


def _config_name(path: Path) -> str:
    try:
        config = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return ""
    name = config.get("projectname") if isinstance(config, dict) else None
    return name.strip() if isinstance(name, str) else ""
