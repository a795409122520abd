"""The platform's own list of `wx` API names (platform_apis.json, generated from the official
typings by scripts/gen_platform_apis.py) and how our emulation covers it.

A bridge uses it to tell the two kinds of missing API apart, as the phone does:
- on the platform but not emulated → a warning once, `fail`/`complete` with
  `<name>:fail not supported in simulator` (never an unhandled rejection by itself);
- not on the platform at all → `undefined`, so calling it throws `TypeError`.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from simulator.page.apis import API_TABLE

DATA = Path(__file__).with_name("platform_apis.json")
PlatformKind = Literal["async", "callback", "task", "listener", "sync", "property"]


@dataclass(frozen=True, slots=True)
class PlatformApi:
    name: str
    kind: PlatformKind
    """async: callbacks or a Promise; callback: callbacks only; task: returns a task object;
    listener: on*/off*; sync: returns at once; property: wx.env and the like."""

    @property
    def sync(self) -> bool:
        return self.kind == "sync"

    @property
    def promise(self) -> bool:
        return self.kind == "async"


@functools.cache
def _document() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return doc


@functools.cache
def platform_apis() -> dict[str, PlatformApi]:
    """Every name on the platform's `wx`, by name."""
    return {name: PlatformApi(name, row["kind"]) for name, row in _document()["apis"].items()}


def source() -> dict[str, str]:
    """Which typings package and version the list comes from."""
    return dict(_document()["source"])


def emulated_names() -> set[str]:
    """The `wx.*` names our runtime answers (top-level rows of the API table)."""
    return {api.name for api in API_TABLE if "." not in api.name} | {"env"}


def not_emulated() -> list[str]:
    """On the platform, not emulated: these warn once and fail with an errMsg."""
    emulated = emulated_names()
    return sorted(name for name in platform_apis() if name not in emulated)


def emulation_count() -> tuple[int, int]:
    """(platform APIs we emulate, platform APIs in the list) — for the closing note."""
    platform = platform_apis()
    return len(emulated_names() & platform.keys()), len(platform)


def init_message_table() -> dict[str, Any]:
    """What a bridge's init message carries: the platform's names with their kind and
    whether we emulate them, plus the list's source.

    `{"source": {...}, "apis": {name: {"kind", "sync", "promise", "emulated"}}}`
    """
    emulated = emulated_names()
    return {
        "source": source(),
        "apis": {
            name: {
                "kind": api.kind,
                "sync": api.sync,
                "promise": api.promise,
                "emulated": name in emulated,
            }
            for name, api in platform_apis().items()
        },
    }
