"""The seed's ways of getting a streamed reply into a chat bubble, only on top of `simulator.wx`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from simulator.wx import WxRuntime

TRANSPORT_NAMES = ("auto", "websocket", "chunked", "download", "polling", "sync")
"""The transport picker's choices, in the order the UI shows them."""

EXTRA_TRANSPORT_NAMES = ("longpoll",)
"""Variants the bench and race mode can run too: polling with a cursor and a server-side wait."""

_CLASSES: dict[str, type[Transport]] = {
    cls.name: cls
    for cls in (
        AutoTransport,
        WebSocketTransport,
        ChunkedTransport,
        DownloadTransport,
        PollingTransport,
        LongPollTransport,
        SyncTransport,
    )
}


def create_transport(
    name: str, wx: WxRuntime, backend: BackendProfile, **options: Any
) -> Transport:
    """The transport called `name` (one of `TRANSPORT_NAMES` or `EXTRA_TRANSPORT_NAMES`),
    with its keyword `options` (e.g. `first_text_s` for auto, `timeout_ms` for the HTTP ones).

    Raises:
        ValueError: unknown name.
    """
    try:
        cls = _CLASSES[name]
    except KeyError:
        known = ", ".join(TRANSPORT_NAMES + EXTRA_TRANSPORT_NAMES)
        raise ValueError(f"unknown transport {name!r}; expected one of {known}") from None
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
