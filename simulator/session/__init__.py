"""Composing a chat run without Qt: settings → session → transport → wx → events → painter.

The window, `python -m simulator bench` and the tests build runs only through this package.
"""

from simulator.session.drive import Outcome, drive
from simulator.session.painter import FRAME_S, PaintModel
from simulator.session.registry import (
    BACKEND_KINDS,
    NETWORK_PROFILES,
    TRANSPORTS,
    BackendKind,
    TransportSpec,
    transport_spec,
)
from simulator.session.session import Session, WxEventSink
from simulator.session.settings import RunSettings, SettingsError, SettingsProblem
from simulator.transports.failures import Failure, FailureKind

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
    "RunSettings",
    "Session",
    "SettingsError",
    "SettingsProblem",
    "TransportSpec",
    "WxEventSink",
    "drive",
    "transport_spec",
]
