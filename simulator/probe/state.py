"""What a probe is made of: the endpoint paths, findings, the report, and what it collected."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, fields
from typing import Any

from simulator.probe.wire import Attempt, Wire
from simulator.transports.backend import BackendProfile, ParamStyle
from simulator.transports.paths import path_keys
from simulator.transports.shapes import JsonShape

PROBE_PROMPT = "probe: 用一句话说明流式输出"
IDLE_END_S = 3.0
"""The least a profile for a socket that ends by silence waits after its last frame."""
IDLE_END_FACTOR = 3.0
"""…else this many times the longest pause the probe saw between its frames."""
BUDGET_S = 300.0
"""The whole probe's bound (each reply is read to its end at the backend's own pace)."""
SSE_START = re.compile(r"\A(?:\ufeff)?(?::|(?:data|event|id|retry):)")
"""A body whose first line is an SSE comment or field is an event stream, whatever its type."""


@dataclass(frozen=True, slots=True)
class Paths:
    """The endpoint paths tried; all overridable (`probe --path name=/x`)."""

    # the profile's own keys (`transports.paths.path_keys`)
    ws: str = "/ws/chat"
    chunked: str = "/api/chat/miniapp-stream"
    """Tried with POST (query, form, JSON parameters)."""
    download: str = "/api/chat/miniapp-stream"
    """Tried with GET `?message=…` (also the chunked endpoint when only GET answers)."""
    poll_start: str = "/api/chat/stream"
    poll: str = "/api/chat/poll"
    sync: str = "/api/chat/send"
    # what the probe looks at to tell the backend's kind (no profile endpoint of their own)
    sse: str = "/api/chat/sse"
    openai: str = "/v1/chat/completions"
    models: str = "/v1/models"
    stub_marker: str = "/api/debug/scenario"


PROBE_ONLY_PATHS = tuple(f.name for f in fields(Paths) if f.name not in path_keys())
"""`Paths` fields that are no profile endpoint: where the probe tells a backend's kind."""
OLD_PATH_KEYS: dict[str, tuple[str, ...]] = {
    "miniapp_stream": ("chunked", "download"),
    "start": ("poll_start",),
}
"""`probe --path` keys before 0.2.0 → the profile's keys; accepted with a warning in 0.2.x
only (CHANGELOG.md)."""


@dataclass
class Finding:
    """Will `transport` work with this backend, why, and the exchanges that show it."""

    transport: str
    works: bool
    why: str
    evidence: list[str] = field(default_factory=list)
    buffered: bool | None = None
    buffering_measure: str = ""


@dataclass
class ProbeReport:
    base_url: str
    flavour: str
    """"stub", "spring" (the seed's contract), "openai" or "unknown"."""
    profile: BackendProfile
    findings: dict[str, Finding]
    notes: list[str]
    requests: int
    elapsed_s: float
    auth_needed: bool = False
    deterministic: bool | None = None
    reachable: bool = True
    """Something answered (any status): else the profile says nothing and is not saved."""
    texts: dict[str, str] = field(default_factory=dict)
    """The reply text each endpoint gave the probe's prompt (whole replies only)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "base_url": self.base_url,
            "flavour": self.flavour,
            "reachable": self.reachable,
            "auth_needed": self.auth_needed,
            "deterministic": self.deterministic,
            "requests": self.requests,
            "elapsed_s": round(self.elapsed_s, 3),
            "notes": self.notes,
            "transports": {
                name: {
                    "works": f.works,
                    "why": f.why,
                    "evidence": f.evidence,
                    "buffered": f.buffered,
                    "buffering_measure": f.buffering_measure or None,
                }
                for name, f in self.findings.items()
            },
        }


class ProbeState:
    """The exchanges a probe made, kept for judging them afterwards."""

    def __init__(self, wire: Wire, paths: Paths, ws_base: str, token: str | None) -> None:
        self.wire = wire
        self.paths = paths
        self.ws_base = ws_base.rstrip("/")
        self.token = token
        self.notes: list[str] = []
        self.unreachable: str | None = None
        """Why the first call got no answer at all ("connection refused"): nothing was tried."""
        self.flavour = "unknown"
        self.attempts: list[Attempt] = []
        self.ws: Attempt | None = None
        self.ws_framing = "raw"
        self.ws_json: JsonShape | None = None
        self.stream_post: tuple[str, ParamStyle, Attempt] | None = None
        self.stream_get: Attempt | None = None
        self.stream_tries: list[Attempt] = []
        self.sse: Attempt | None = None
        self.openai: Attempt | None = None
        self.model = "gpt-4o-mini"
        self.poll: dict[str, Any] = {}
        self.sync: tuple[ParamStyle, Attempt] | None = None
        self.sync_tries: list[Attempt] = []
        self.texts: dict[str, str] = {}
        """The reply text per endpoint that gave one (is the backend deterministic?)."""

    def _poll_text(self) -> str | None:
        """The whole reply as polling saw it: the last content, or every delta joined."""
        answers: list[str] = self.poll.get("answers", [])
        if not answers:
            return None
        if self._poll_cumulative() is False:
            return "".join(answers)
        return str(self.poll["contents"][-1])

    def _poll_cumulative(self) -> bool | None:
        """True: each poll answers the whole content; False: only what is new; None: the
        reply came in one poll (nothing to tell them apart)."""
        non_empty = [c for c in self.poll.get("contents", []) if c]
        if len(non_empty) < 2:
            return None
        return all(b.startswith(a) for a, b in itertools.pairwise(non_empty))

    def _poll_cursor(self) -> bool | None:
        """Honoured only when both cursor polls prove it (see `_polling`); None: not tried."""
        tries: list[tuple[int, str, str]] = self.poll.get("cursor", [])
        if len(tries) < 2:
            return None
        (_, held, after), (_, _, whole) = tries[0], tries[1]
        return not after.startswith(held) and whole.startswith(held) and bool(held)

    def _cursor_evidence(self) -> list[str]:
        return [
            f"poll cursor={cursor} (holding {len(held)} chars) → {got[:40]!r}"
            + ("…" if len(got) > 40 else "")
            for cursor, held, got in self.poll.get("cursor", [])
        ]
