"""Runtime events: everything the emulated wx layer does, in the past tense, on one stream.

Each event carries the `flow_id` of the task it belongs to (a request, socket, download or
file operation) and `at`, the `time.monotonic()` second at which it happened. Events about
received bytes also carry `read_at`: when those bytes came off the real socket, before the
network profile delayed them; `at - read_at` is what the emulated network (and this layer) added.
The UI network log, the metrics and the tests subscribe to `EventStream`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TaskStarted:
    """A task was created by a wx call (it may still wait in the queue)."""

    flow_id: int
    at: float
    kind: str
    """"request" | "download" | "socket"."""
    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    """Request headers as sent (the network log and HAR export show them)."""
    body: bytes | None = None


@dataclass(frozen=True, slots=True)
class TaskQueued:
    """A request or download waits because the concurrency limit is reached."""

    flow_id: int
    at: float
    active: int


@dataclass(frozen=True, slots=True)
class HeadersReceived:
    """Response headers reached the page (after the network profile's delay)."""

    flow_id: int
    at: float
    status: int
    read_at: float
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ChunkReceived:
    """A piece of body reached the page: an `onChunkReceived` call, or a download write."""

    flow_id: int
    at: float
    size: int
    read_at: float
    data: bytes | None = None
    """The piece itself (kept for the network log's detail and HAR export)."""


@dataclass(frozen=True, slots=True)
class ProgressUpdated:
    """A download reported progress (`onProgressUpdate`)."""

    flow_id: int
    at: float
    written: int
    expected: int
    progress: int


@dataclass(frozen=True, slots=True)
class SocketOpened:
    """The WebSocket handshake completed and `onOpen` ran."""

    flow_id: int
    at: float
    protocol: str | None
    headers: tuple[tuple[str, str], ...] = ()
    """The handshake's response headers (the 101's), as received."""
    request_headers: tuple[tuple[str, str], ...] = ()
    """The handshake's request headers as sent (the page's `header` and the protocol's)."""


@dataclass(frozen=True, slots=True)
class FrameSent:
    """A WebSocket message left the page (`send` / `sendSocketMessage`)."""

    flow_id: int
    at: float
    size: int
    binary: bool
    data: str | bytes | None = None


@dataclass(frozen=True, slots=True)
class FrameReceived:
    """A WebSocket message reached `onMessage`."""

    flow_id: int
    at: float
    size: int
    binary: bool
    read_at: float
    data: str | bytes | None = None


@dataclass(frozen=True, slots=True)
class SocketClosed:
    """A socket closed and `onClose` ran."""

    flow_id: int
    at: float
    code: int
    reason: str


@dataclass(frozen=True, slots=True)
class FileRead:
    """`readFile` / `readFileSync` returned data."""

    flow_id: int
    at: float
    path: str
    size: int


@dataclass(frozen=True, slots=True)
class TaskFailed:
    """A task ended in `fail` (or a socket reported `onError`)."""

    flow_id: int
    at: float
    err_msg: str
    errno: int | None


@dataclass(frozen=True, slots=True)
class TaskCompleted:
    """A request or download ended in `success`."""

    flow_id: int
    at: float
    status: int
    nbytes: int
    text_altered: bool = False
    """`res.data` text had bytes its charset could not decode (each became U+FFFD, as the
    platform converts "if possible"): a transport must not call that text exact."""


WxEvent = (
    TaskStarted
    | TaskQueued
    | HeadersReceived
    | ChunkReceived
    | ProgressUpdated
    | SocketOpened
    | FrameSent
    | FrameReceived
    | SocketClosed
    | FileRead
    | TaskFailed
    | TaskCompleted
)
Subscriber = Callable[[WxEvent], None]


class EventStream:
    """Fan-out of runtime events to plain callables, in subscription order.

    A subscriber that raises is logged and skipped; it never breaks the runtime.
    """

    def __init__(self) -> None:
        # Replaced on change, never mutated: `emit` (several times per chunk) needs no copy.
        self._subscribers: tuple[Subscriber, ...] = ()

    def subscribe(self, fn: Subscriber) -> Callable[[], None]:
        """Call `fn(event)` for every event from now on; returns the unsubscribe function."""
        self._subscribers = (*self._subscribers, fn)

        def unsubscribe() -> None:
            if fn in self._subscribers:
                kept = list(self._subscribers)
                kept.remove(fn)
                self._subscribers = tuple(kept)

        return unsubscribe

    def emit(self, event: WxEvent) -> None:
        """Hand `event` to every subscriber."""
        for fn in self._subscribers:
            try:
                fn(event)
            except Exception:
                logger.exception("! event subscriber %r failed on %r", fn, event)
