"""The seed's ways of getting a streamed reply into a chat bubble, only on top of `simulator.wx`."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

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
    from simulator.transports.polling import LongPollTransport, PollingTransport
    from simulator.transports.sync import SyncTransport
    from simulator.transports.websocket import WebSocketTransport
    from simulator.wx import WxRuntime

TRANSPORT_NAMES = ("auto", "websocket", "chunked", "download", "polling", "sync")
"""The transport picker's choices, in the order the UI shows them."""

EXTRA_TRANSPORT_NAMES = ("longpoll",)
"""Variants the bench and race mode can run too: polling with a cursor and a server-side wait."""

# Loaded on first use (module `__getattr__`): the window paints before any transport, and with
# it the whole wx runtime, has been imported.
_MODULE_OF = {
    "AutoTransport": "auto",
    "BackendProfile": "backend",
    "Endpoint": "backend",
    "openai_profile": "backend",
    "profile_for_url": "backend",
    "spring_profile": "backend",
    "stub_profile": "backend",
    "SendMessage": "base",
    "Transport": "base",
    "ChunkedTransport": "chunked",
    "DownloadTransport": "download",
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
    "LongPollTransport": "polling",
    "PollingTransport": "polling",
    "SyncTransport": "sync",
    "WebSocketTransport": "websocket",
}

_CLASS_OF = {
    "auto": "AutoTransport",
    "websocket": "WebSocketTransport",
    "chunked": "ChunkedTransport",
    "download": "DownloadTransport",
    "polling": "PollingTransport",
    "longpoll": "LongPollTransport",
    "sync": "SyncTransport",
}
"""Transport name → class name (the class's own `name`)."""


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups skip this hook
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


def create_transport(
    name: str, wx: WxRuntime, backend: BackendProfile, **options: Any
) -> Transport:
    """The transport called `name` (one of `TRANSPORT_NAMES` or `EXTRA_TRANSPORT_NAMES`),
    with its keyword `options` (e.g. `first_text_s` for auto, `timeout_ms` for the HTTP ones).

    Raises:
        ValueError: unknown name.
    """
    try:
        class_name = _CLASS_OF[name]
    except KeyError:
        known = ", ".join(TRANSPORT_NAMES + EXTRA_TRANSPORT_NAMES)
        raise ValueError(f"unknown transport {name!r}; expected one of {known}") from None
    cls: type[Transport] = __getattr__(class_name)
    return cls(wx, backend, **options)


__all__ = [
    "EXTRA_TRANSPORT_NAMES",
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
    "WebSocketTransport",
    "create_transport",
    "openai_profile",
    "profile_for_url",
    "spring_profile",
    "stub_profile",
]
