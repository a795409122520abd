"""Server settings of the stub: address, auth, seed, default scenario, limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from backend_stub.replies.replay import ReplayConfig
from backend_stub.replies.upstream import UpstreamConfig

Framing = Literal["raw", "envelope"]
FRAMINGS: tuple[Framing, ...] = get_args(Framing)
"""WebSocket framings (`/ws/chat?framing=`), the stub's one list of their names."""


def framing_of(name: str) -> Framing:
    """`name` as a framing.

    Raises:
        ValueError: not one of `FRAMINGS`.
    """
    if name not in FRAMINGS:
        raise ValueError(f"'framing' must be {' or '.join(FRAMINGS)}")
    return name  # narrowed by the check above


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a long-running stub from growing without end."""

    max_message_bytes: int = 16_384
    """Largest accepted chat message (UTF-8 bytes); larger ones get 413 or an error frame."""
    max_body_bytes: int = 262_144
    """Largest accepted request body, whatever the endpoint."""
    session_ttl_s: float = 120.0
    """A poll session not polled for this long is forgotten (its reply keeps its own TTL)."""
    max_sessions: int = 10_000
    """Live poll sessions at once; beyond it, starting one answers 429."""
    reply_ttl_s: float = 300.0
    """How long a finished reply stays readable (trace, resume, poll) after its last chunk."""
    max_replies: int = 20_000
    """Replies kept at once; the oldest finished ones go first when it is reached."""
    max_reply_chars: int = 200_000
    """Upper bound of the `length=` scenario key."""
    sweep_interval_s: float = 5.0
    """How often expired sessions and replies are dropped."""
    # Cost budgets: what one request, connection or client may take (docs/stub.md table).
    max_reply_writes: int = 200_000
    """Planned writes of one reply (chunks, or body pieces under `slice_bytes`); more -> 400."""
    max_held_chars: int = 4_000_000
    """Characters of all replies held at once (~65 bytes each); beyond it, finished replies
    are forgotten early, then new ones get 503."""
    max_client_replies: int = 2_000
    """Replies in flight per identity (its `userId`, else its address); more -> 429."""
    max_client_chars: int = 1_000_000
    """Characters of the replies in flight per identity; more -> 429."""
    max_address_share: float = 0.5
    """Share of `max_replies` and `max_held_chars` one client address may hold in flight, all
    its identities together (userIds are the client's word: one address naming many of them
    must not take the whole stub); more -> 429."""
    abandon_after_s: float = 30.0
    """A reply in flight that nobody reads this long (its socket closed and never resumed, its
    poll session not polled) is ended as `abandoned` when its budget is wanted, and at the
    next sweep: a client that stops has its whole budget back within this window."""
    max_connection_replies: int = 64
    """Replies in flight started on one WebSocket; more -> error frame `too_many_replies`."""
    ws_messages_per_s: float = 50.0
    """Sustained chat/resume frames per second on one WebSocket (token bucket)."""
    ws_message_burst: int = 100
    """Frames one WebSocket may send at once before `ws_messages_per_s` applies."""
    max_backlog_bytes: int = 1_048_576
    """Unsent bytes queued for one stream or socket whose peer reads too slowly; beyond it the
    stream is cut (HTTP) or the socket closed with 1013 (WebSocket)."""
    slow_reader_s: float = 30.0
    """Longest a stream or socket may stay behind its peer without catching up (writes
    waiting for the peer to read, continuously); then it is cut as a slow reader, as for
    `max_backlog_bytes`. A 1 KB/s reader of a faster reply reaches this long before 1 MiB."""
    send_buffer_bytes: int = 65_536
    """Kernel send buffer of each connection (SO_SNDBUF; Linux doubles it). What a slow reader
    has queued there the stub cannot see; autotuned (0) it grows to megabytes on loopback, and a
    1 KB/s reader of a 20 KB/s stream would look fine for minutes."""
    tick_budget_ms: float = 5.0
    """CPU one scheduler tick may spend before it lets the loop serve I/O (then goes on)."""
    chunks_per_turn: int = 32
    """Chunks one reply may emit before the other due replies get theirs (fairness)."""
    header_timeout_s: float = 10.0
    """A connection must complete each request's headers within this many seconds."""
    body_timeout_s: float = 10.0
    """A request body must arrive within this many seconds; else 408."""


@dataclass(frozen=True)
class StubConfig:
    """Everything `create_app` and the CLI need; the defaults match the seed document."""

    host: str = "127.0.0.1"
    port: int = 8082
    token: str | None = None
    """Bearer token every endpoint requires; None turns authentication off."""
    seed: int = 0
    """Seed of the fake LLM: same seed, message and scenario give the same reply and timing."""
    scenario: str = ""
    """Default scenario spec applied under every request's own (see `Scenario.parse`)."""
    framing: Framing = "raw"
    """WebSocket framing when the client does not ask (`/ws/chat?framing=`); raw is the seed's."""
    limits: Limits = field(default_factory=Limits)
    upstream: UpstreamConfig | None = None
    """Forward every chat to this OpenAI-compatible LLM instead of the fake one."""
    replay: ReplayConfig | None = None
    """Serve recorded replies from this cassette instead of the fake LLM."""
    record: str | None = None
    """Append every reply (prompt, chunks, arrival times) to this cassette file."""
    debug_remote: bool = False
    """Serve the debug/control endpoints to non-loopback clients too (off: loopback only)."""
    trust_proxy: tuple[str, ...] = ()
    """Peers (addresses, CIDR networks, `*`) whose `Forwarded`/`X-Forwarded-For` name the
    client; empty (the default) believes no forwarding header, not even from loopback."""
    control_token: str | None = None
    """Secret of the control endpoints (`PUT /api/debug/scenario`); None: the bearer `token`
    when one is set, else one generated per run (`StubState.control_token`)."""
