"""Server settings of the stub: address, auth, seed, default scenario, limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from backend_stub.replay import ReplayConfig
from backend_stub.upstream import UpstreamConfig

Framing = Literal["raw", "envelope"]


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
