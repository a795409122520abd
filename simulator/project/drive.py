"""How a headless run acts on the page as a person would: which field to type into and
which element sends, when the user did not say (`--input` / `--tap`).

Read from the page's own WXML: the first `input`/`textarea`, and the first element whose tap
handler names a send (`send`, `onSend`, `handleSubmit`…), else the first `button`.
"""

from __future__ import annotations

import re
from pathlib import Path

_TAG = re.compile(r"<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'))?)*)\s*/?>")
_ATTR = re.compile(r"([^\s=>/]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'))?")
_SEND = re.compile(r"send|submit|ask|chat", re.IGNORECASE)
_TAP_ATTRS = ("bindtap", "catchtap", "bind:tap", "catch:tap")


def _elements(wxml: str) -> list[tuple[str, dict[str, str]]]:
    out = []
    for tag, attrs in _TAG.findall(re.sub(r"<!--.*?-->", "", wxml, flags=re.DOTALL)):
        values = {m[0]: m[1] or m[2] for m in _ATTR.findall(attrs)}
        out.append((tag, values))
    return out


def _selector(tag: str, attrs: dict[str, str]) -> str:
    ident = attrs.get("id", "")
    if ident and "{{" not in ident:
        return f"#{ident}"
    classes = [c for c in attrs.get("class", "").split() if "{{" not in c]
    return f"{tag}.{classes[0]}" if classes else tag


def default_input(wxml_file: Path) -> str:
    for tag, attrs in _elements(_read(wxml_file)):
        if tag in ("input", "textarea"):
            return _selector(tag, attrs)
    return "input, textarea"


def default_tap(wxml_file: Path) -> str:
    elements = _elements(_read(wxml_file))
    for tag, attrs in elements:
        handler = next((attrs[a] for a in _TAP_ATTRS if a in attrs), None)
        if handler is not None and _SEND.search(handler):
            return _selector(tag, attrs)
    for tag, attrs in elements:
        if tag == "button":
            return _selector(tag, attrs)
    return "button"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""
