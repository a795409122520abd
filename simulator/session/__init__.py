"""Composing a chat run without Qt: settings → session → transport → wx → events → painter.

The window, `python -m simulator bench` and the tests build runs only through this package.
Names load on first use (module `__getattr__`): the window reads `RunSettings` before its
first paint, before the wx runtime is imported.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.session.driver import Outcome, drive
    from simulator.session.painter import FRAME_S, PaintModel
    from simulator.session.registry import (
        BACKEND_KINDS,
        NETWORK_PROFILES,
        TRANSPORTS,
        BackendKind,
        TransportSpec,
        transport_spec,
    )
    from simulator.session.run import RunHandle
    from simulator.session.session import Session, WxEventSink
    from simulator.session.settings import RunSettings, SettingsError, SettingsProblem
    from simulator.transports.failures import Failure, FailureKind

_MODULE_OF = {
    "Outcome": "simulator.session.driver",
    "drive": "simulator.session.driver",
    "FRAME_S": "simulator.session.painter",
    "PaintModel": "simulator.session.painter",
    "BACKEND_KINDS": "simulator.session.registry",
    "NETWORK_PROFILES": "simulator.session.registry",
    "TRANSPORTS": "simulator.session.registry",
    "BackendKind": "simulator.session.registry",
    "TransportSpec": "simulator.session.registry",
    "transport_spec": "simulator.session.registry",
    "RunHandle": "simulator.session.run",
    "Session": "simulator.session.session",
    "WxEventSink": "simulator.session.session",
    "RunSettings": "simulator.session.settings",
    "SettingsError": "simulator.session.settings",
    "SettingsProblem": "simulator.session.settings",
    "Failure": "simulator.transports.failures",
    "FailureKind": "simulator.transports.failures",
}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this hook
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "BACKEND_KINDS",
    "FRAME_S",
    "NETWORK_PROFILES",
    "TRANSPORTS",
    "BackendKind",
    "Failure",
    "FailureKind",
    "Outcome",
    "PaintModel",
    "RunHandle",
    "RunSettings",
    "Session",
    "SettingsError",
    "SettingsProblem",
    "TransportSpec",
    "WxEventSink",
    "drive",
    "transport_spec",
]
