"""The one transport table: every transport's name, class, looks and where it takes part.

Adding a transport = its module + one row here; the picker, race mode, the bench, `auto`'s
tiers, the chart colours and the typewriter's fast policy all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from simulator.transports.tables import row_of

if TYPE_CHECKING:
    from simulator.transports.backend import BackendProfile
    from simulator.transports.base import Transport
    from simulator.wx import WxRuntime


@dataclass(frozen=True, slots=True)
class TransportSpec:
    """One row of the transport table."""

    name: str
    """What settings, the CLI and events call it (the class's `name`)."""
    module: str
    """Module below `simulator.transports` (imported on first use)."""
    class_name: str
    label: str
    """English label; the UI translates it in context "Transports"."""
    colour: str
    """Its colour in charts and race lanes (#rrggbb)."""
    needs: tuple[str, ...]
    """`BackendProfile` fields that must be set for it to run (its endpoints)."""
    in_picker: bool = True
    """Offered in the window's transport picker."""
    in_race: bool = True
    """Gets a lane in race mode."""
    in_bench: bool = True
    """Run by the bench's default `all`."""
    auto_tier: bool = False
    """One of `auto`'s tiers, tried in table order."""
    requires_api: str | None = None
    """A `canIUse` schema it needs; `auto` skips the tier on a base library without it."""
    fast_typewriter: bool = False
    """The whole reply comes at once: typed out by the fast policy (the seed's sync fallback)."""
    needs_poll_cursor: bool = False
    """Each poll sends `cursor`/`wait_ms`: a poll endpoint that ignores them cannot serve it."""
    probe_check: str | None = None
    """The probe's `Judge` method that tells whether it works on a backend (None: not probed)."""

    def load(self) -> type[Transport]:
        cls: type[Transport] = getattr(
            import_module(f"simulator.transports.{self.module}"), self.class_name
        )
        return cls

    def supported_by(self, backend: BackendProfile) -> bool:
        """The backend profile has every endpoint this transport needs."""
        return all(getattr(backend, field) is not None for field in self.needs)


TRANSPORTS: tuple[TransportSpec, ...] = (
    TransportSpec(
        "auto", "auto", "AutoTransport", "Auto (smart fallback)", "#7f7f7f", (),
        in_race=False, in_bench=False,
    ),
    TransportSpec(
        "websocket", "websocket", "WebSocketTransport", "WebSocket", "#07c160", ("ws_url",),
        auto_tier=True, probe_check="socket_finding",
    ),
    TransportSpec(
        "chunked", "chunked", "ChunkedTransport", "Chunked (enableChunked)", "#1677ff",
        ("chunked",), auto_tier=True, requires_api="RequestTask.onChunkReceived",
        probe_check="stream_finding",
    ),
    TransportSpec(
        "download", "download", "DownloadTransport", "Download (progress)", "#fa9d3b",
        ("download",), auto_tier=True, probe_check="get_stream_finding",
    ),
    TransportSpec(
        "polling", "polling", "PollingTransport", "Polling (1 s)", "#d4380d",
        ("poll_start", "poll"), probe_check="poll_finding",
    ),
    TransportSpec(
        "longpoll", "polling", "LongPollTransport", "Long polling", "#eb2f96",
        ("poll_start", "poll"), in_picker=False, needs_poll_cursor=True,
        probe_check="poll_finding",
    ),
    TransportSpec(
        "sync", "sync", "SyncTransport", "Sync (one request)", "#722ed1", ("sync",),
        auto_tier=True, fast_typewriter=True, probe_check="send_finding",
    ),
)  # fmt: skip
"""In the order the picker, race mode and the bench show them."""

TRANSPORT_BY_NAME = {spec.name: spec for spec in TRANSPORTS}


def transport_spec(name: str) -> TransportSpec:
    """The row of `name`.

    Raises:
        ValueError: unknown name.
    """
    return row_of(TRANSPORT_BY_NAME, name, "transport")


def picker_names() -> tuple[str, ...]:
    return tuple(s.name for s in TRANSPORTS if s.in_picker)


def race_names() -> tuple[str, ...]:
    return tuple(s.name for s in TRANSPORTS if s.in_race)


def bench_names() -> tuple[str, ...]:
    return tuple(s.name for s in TRANSPORTS if s.in_bench)


def auto_tiers() -> tuple[TransportSpec, ...]:
    return tuple(s for s in TRANSPORTS if s.auto_tier)


def uses_fast_typewriter(name: str) -> bool:
    """Whether a run on (or fallen back to) `name` is typed out by the fast policy."""
    spec = TRANSPORT_BY_NAME.get(name)
    return spec is not None and spec.fast_typewriter


def create_transport(
    name: str, wx: WxRuntime, backend: BackendProfile, **options: Any
) -> Transport:
    """The transport called `name` with its keyword `options` (e.g. `first_text_s` for auto).

    Raises:
        ValueError: unknown name.
    """
    return transport_spec(name).load()(wx, backend, **options)
