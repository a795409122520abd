"""The run timeline: what a chat transport reports, in the past tense, with monotonic times.

Every transport emits these into one callback; the metrics, the UI, the headless bench and
the tests read only them. `at` is `time.monotonic()` seconds in this process; `emitted_at`
is the backend's own `time.monotonic()` stamp for a chunk (comparable on one machine,
None when the backend gives no trace).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from simulator.transports.failures import FailureKind


@dataclass(frozen=True, slots=True)
class MessageSent:
    """The user's message left the page (before any connection is made)."""

    at: float
    transport: str
    text: str
    tier: str | None = None
    """For `auto`: the tier it tries first (a `FallbackTaken` names each later one)."""


@dataclass(frozen=True, slots=True)
class RequestMade:
    """The transport asked the wx runtime for one network operation (request, socket, download)."""

    at: float
    kind: str  # "request" | "socket" | "download" | "poll"
    url: str


@dataclass(frozen=True, slots=True)
class ConnectionOpened:
    """First sign of life from the backend: socket open, response headers, poll session accepted."""

    at: float
    detail: str


@dataclass(frozen=True, slots=True)
class ChunkReceived:
    """A piece of reply text reached the page's code (after decoding and parsing)."""

    at: float
    text: str
    nbytes: int
    seq: int | None = None
    emitted_at: float | None = None


@dataclass(frozen=True, slots=True)
class EmptyResponseReceived:
    """A response or frame that carried no new reply text (an empty poll, a session start, `done`).

    Counted so that requests and bytes moved are complete; a text-bearing response is a
    `ChunkReceived` instead (its `nbytes` are the wire bytes that carried the text).
    """

    at: float
    kind: str  # "poll" | "frame" | "response"
    nbytes: int


@dataclass(frozen=True, slots=True)
class TransportNote:
    """Something worth a line in the log: a reconnect, a resume, a retry."""

    at: float
    message: str


@dataclass(frozen=True, slots=True)
class FallbackTaken:
    """`auto` left one transport for the next, and why."""

    at: float
    from_transport: str
    to_transport: str
    reason: str


@dataclass(frozen=True, slots=True)
class ReplyCompleted:
    """The whole reply arrived; `text` is everything the page holds."""

    at: float
    text: str
    reply_id: str | None = None
    altered: str | None = None
    """Why the page's text is not what the backend sent (bytes shown as U+FFFD), when it is
    not: such a run is never judged exact or consistent."""


@dataclass(frozen=True, slots=True)
class RunFailed:
    """The run ended in error; `partial_text` is what had arrived and is kept.

    `kind` is what the UI and `auto` decide on; `error` is the raw one-line detail shown with it.
    """

    at: float
    error: str
    partial_text: str
    reply_id: str | None = None
    """The backend's reply id when the page learnt it (so its trace can be read back)."""
    kind: FailureKind = FailureKind.UNKNOWN
    status: int | None = None
    """HTTP status or WebSocket close code, when there was one."""
    errno: int | None = None
    """The wx errno, when a wx `fail` callback ended the run."""
    reason: str = ""
    """The backend's own reason text, when it gave one."""


@dataclass(frozen=True, slots=True)
class RunStopped:
    """The user stopped the run; `partial_text` is kept."""

    at: float
    partial_text: str
    reply_id: str | None = None


@dataclass(frozen=True, slots=True)
class CharsPainted:
    """The renderer (typewriter) showed characters; reported by the UI or a headless painter."""

    at: float
    count: int
    total: int


RunEvent = (
    MessageSent
    | RequestMade
    | ConnectionOpened
    | ChunkReceived
    | EmptyResponseReceived
    | TransportNote
    | FallbackTaken
    | ReplyCompleted
    | RunFailed
    | RunStopped
    | CharsPainted
)
EmitEvent = Callable[[RunEvent], None]
