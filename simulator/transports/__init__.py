"""The seed's ways of getting a streamed reply into a chat bubble, only on top of `simulator.wx`."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from simulator.transports.registry import TRANSPORTS, picker_names

if TYPE_CHECKING:
    from simulator.transports.auto import AutoTransport
    from simulator.transports.backend import (
        BackendProfile,
        Endpoint,
        openai_profile,
        profile_for_url,
        spring_profile,
        stub_profile,
    )
    from simulator.transports.base import SendMessage, Transport
    from simulator.transports.chunked import ChunkedTransport
    from simulator.transports.download import DownloadTransport
    from simulator.transports.events import (
        CharsPainted,
        ChunkReceived,
        ConnectionOpened,
        EmitEvent,
        EmptyResponseReceived,
        FallbackTaken,
        MessageSent,
        ReplyCompleted,
        RequestMade,
        RunEvent,
        RunFailed,
        RunStopped,
        TransportNote,
    )
    from simulator.transports.failures import Failure, FailureKind
    from simulator.transports.polling import LongPollTransport, PollingTransport
    from simulator.transports.registry import TransportSpec, create_transport, transport_spec
    from simulator.transports.sync import SyncTransport
    from simulator.transports.websocket import WebSocketTransport

TRANSPORT_NAMES = picker_names()
"""The transport picker's choices, in the order the UI shows them."""

EXTRA_TRANSPORT_NAMES = tuple(s.name for s in TRANSPORTS if not s.in_picker)
"""Variants the bench and race mode can run too (not in the picker)."""

# Loaded on first use (module `__getattr__`): the window paints before any transport, and with
# it the whole wx runtime, has been imported.
_MODULE_OF = {
    "BackendProfile": "backend",
    "Endpoint": "backend",
    "openai_profile": "backend",
    "profile_for_url": "backend",
    "spring_profile": "backend",
    "stub_profile": "backend",
    "SendMessage": "base",
    "Transport": "base",
    "CharsPainted": "events",
    "ChunkReceived": "events",
    "ConnectionOpened": "events",
    "EmitEvent": "events",
    "EmptyResponseReceived": "events",
    "FallbackTaken": "events",
    "MessageSent": "events",
    "ReplyCompleted": "events",
    "RequestMade": "events",
    "RunEvent": "events",
    "RunFailed": "events",
    "RunStopped": "events",
    "TransportNote": "events",
    "Failure": "failures",
    "FailureKind": "failures",
    "TransportSpec": "registry",
    "transport_spec": "registry",
    "create_transport": "registry",
    **{s.class_name: s.module for s in TRANSPORTS},
}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups skip this hook
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "EXTRA_TRANSPORT_NAMES",
    "TRANSPORTS",
    "TRANSPORT_NAMES",
    "AutoTransport",
    "BackendProfile",
    "CharsPainted",
    "ChunkReceived",
    "ChunkedTransport",
    "ConnectionOpened",
    "DownloadTransport",
    "EmitEvent",
    "EmptyResponseReceived",
    "Endpoint",
    "Failure",
    "FailureKind",
    "FallbackTaken",
    "LongPollTransport",
    "MessageSent",
    "PollingTransport",
    "ReplyCompleted",
    "RequestMade",
    "RunEvent",
    "RunFailed",
    "RunStopped",
    "SendMessage",
    "SyncTransport",
    "Transport",
    "TransportNote",
    "TransportSpec",
    "WebSocketTransport",
    "create_transport",
    "openai_profile",
    "profile_for_url",
    "spring_profile",
    "stub_profile",
    "transport_spec",
]
