"""Backend profiles: where each transport points and how its replies are framed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal
from urllib.parse import urlencode

from simulator.transports.framing import SSE_FRAMING
from simulator.transports.registry import TRANSPORTS
from simulator.transports.tables import row_of

BodyStyle = Literal["seed", "openai"]
WsFraming = Literal["raw", "envelope", "json"]
"""raw text frames (the seed), the stub's envelope with seq, or another JSON envelope
(`ws_json` names where its text is: a `shapes.JSON_SHAPES` row)."""
PollMode = Literal["full", "cursor"]
ParamStyle = Literal["json", "query", "form"]
"""How the message goes: a JSON body, the query string, or a form body (Spring `@RequestParam`)."""
WsEnd = Literal["marker", "close", "silence"]
PollContent = Literal["cumulative", "delta"]
StreamEnd = Literal["marker", "close"]
"""How a framed HTTP stream ends: its end event (`[DONE]`, `event: done`) or the body's end."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One HTTP endpoint of a backend: path (below `base_url`), method, body framing."""

    path: str
    method: str = "POST"
    framing: str = "text"
    """Stream framing for chunked/download (`framing.FRAMINGS`); "json" for whole-body replies."""
    params: ParamStyle = "json"
    end: StreamEnd = "marker"
    """For sse/openai/ndjson framings: "close" when the backend ends its reply by ending the
    body (no end event); a body cut without its end (a drop) still fails."""


@dataclass(frozen=True, slots=True)
class BackendProfile:
    """Where each transport points; a transport whose endpoint is None is unsupported here.

    Build one with `stub_profile`, `spring_profile` or `openai_profile`, then adjust with
    `dataclasses.replace` (or `with_options`).
    """

    name: str
    base_url: str
    ws_url: str | None = None
    ws_path: str | None = "/ws/chat"
    ws_framing: WsFraming = "raw"
    ws_json: str | None = None
    """For `ws_framing="json"`: the `shapes.JSON_SHAPES` row where a frame keeps its text
    (None: the first row that has text)."""
    ws_binary_text: bool = False
    """Binary frames carry reply text as UTF-8 (else a binary frame is not part of the reply)."""
    chunked: Endpoint | None = None
    download: Endpoint | None = None
    poll_start: Endpoint | None = None
    poll: Endpoint | None = None
    poll_mode: PollMode = "full"
    sync: Endpoint | None = None
    trace_path: str | None = None
    """`GET {trace_path}/{replyId}` gives the emission trace (our stub only)."""
    body_style: BodyStyle = "seed"
    headers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    token: str | None = None
    model: str | None = None
    send_scenario: bool = False
    """Pass `SendMessage.scenario` to the backend (only the stub understands it)."""
    ws_end: WsEnd = "marker"
    """How a raw socket reply ends: a `[DONE]` frame, a close after the text, or silence."""
    ws_idle_end_s: float | None = None
    """Raw frames: this long without a frame after text ends the reply ("ended by silence")."""
    poll_content: PollContent = "cumulative"
    poll_cursor: bool | None = None
    """Whether the poll endpoint honours `cursor`/`wait_ms` (None: not known, assumed)."""
    unsupported: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Transport name → why it cannot work with this backend (from a probe)."""
    deterministic: bool | None = None
    """Same prompt → same text (from a probe): runs can be compared with each other."""
    notes: tuple[str, ...] = ()
    """What the user must be told about this profile (a URL mismatch); never saved."""

    def url(self, path: str, **query: str | None) -> str:
        """Absolute URL for `path` on this backend, with the non-None query parameters."""
        params = {k: v for k, v in query.items() if v is not None}
        sep = "&" if "?" in path else "?"
        suffix = f"{sep}{urlencode(params)}" if params else ""
        return f"{self.base_url.rstrip('/')}{path}{suffix}"

    def socket_url(self, **query: str | None) -> str | None:
        """The WebSocket URL (framing chosen by the profile), or None without a socket endpoint."""
        if self.ws_url is None or self.ws_path is None:
            return None
        params = {k: v for k, v in query.items() if v is not None}
        if self.ws_framing == "envelope":
            params.setdefault("framing", "envelope")  # the stub's default is the seed's raw
        sep = "&" if "?" in self.ws_path else "?"
        suffix = f"{sep}{urlencode(params)}" if params else ""
        return f"{self.ws_url.rstrip('/')}{self.ws_path}{suffix}"

    def request_headers(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """Headers for every call: the profile's, the bearer token, then `extra`."""
        merged = dict(self.headers)
        if self.token:
            merged["Authorization"] = f"Bearer {self.token}"
        merged.update(extra or {})
        return merged

    def with_options(self, **changes: object) -> BackendProfile:
        """A copy with some fields changed (paths, headers, token, framing…)."""
        return replace(self, **changes)  # type: ignore[arg-type]


def stub_profile(
    base_url: str, ws_url: str | None = None, token: str | None = None
) -> BackendProfile:
    """Our embedded stub: envelope WS frames (resumable), SSE with emission stamps, a trace."""
    return BackendProfile(
        name="stub",
        base_url=base_url,
        ws_url=ws_url or ws_from_http(base_url),
        ws_framing="envelope",
        chunked=Endpoint("/api/chat/sse", "POST", SSE_FRAMING),
        download=Endpoint("/api/chat/miniapp-stream", "GET", "text"),
        poll_start=Endpoint("/api/chat/stream", "POST", "json"),
        poll=Endpoint("/api/chat/poll", "GET", "json"),
        poll_mode="full",
        sync=Endpoint("/api/chat/send", "POST", "json"),
        trace_path="/api/debug/trace",
        token=token,
        send_scenario=True,
    )


def spring_profile(
    base_url: str,
    ws_url: str | None = None,
    token: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> BackendProfile:
    """The seed's Spring contract: raw WS frames, text/plain miniapp-stream, full-content polling.

    The seed maps miniapp-stream as POST only, but `downloadFile` can only GET (wx-api-semantics
    §3.1): download uses GET and a Spring backend must accept it; chunked may POST.
    """
    return BackendProfile(
        name="spring",
        base_url=base_url,
        ws_url=ws_url or ws_from_http(base_url),
        ws_framing="raw",
        # `@RequestParam message`: query string or form, never a JSON body.
        chunked=Endpoint("/api/chat/miniapp-stream", "POST", "text", "query"),
        download=Endpoint("/api/chat/miniapp-stream", "GET", "text", "query"),
        poll_start=Endpoint("/api/chat/stream", "POST", "json"),
        poll=Endpoint("/api/chat/poll", "GET", "json"),
        poll_mode="full",
        sync=Endpoint("/api/chat/send", "POST", "json"),
        headers=MappingProxyType(dict(headers or {})),
        token=token,
        ws_idle_end_s=3.0,  # the seed names no end frame: a quiet socket after text is the end
        poll_cursor=False,
        unsupported=MappingProxyType(
            {
                spec.name: "the seed's /api/chat/poll knows no cursor/wait_ms: use polling"
                for spec in TRANSPORTS
                if spec.needs_poll_cursor
            }
        ),
    )


def openai_profile(
    base_url: str, token: str | None = None, model: str = "gpt-4o-mini"
) -> BackendProfile:
    """Any OpenAI-compatible server (`base_url` up to, not including, `/v1`): SSE deltas.

    Only chunked and sync exist there; websocket, download and polling are unsupported, so
    `auto` goes straight to chunked.
    """
    return BackendProfile(
        name="openai",
        base_url=base_url,
        ws_url=None,
        ws_path=None,
        chunked=Endpoint("/v1/chat/completions", "POST", "openai"),
        sync=Endpoint("/v1/chat/completions", "POST", "json"),
        body_style="openai",
        token=token,
        model=model,
    )


@dataclass(frozen=True, slots=True)
class BackendKind:
    """One row of the backend-kind table: how a URL's endpoints are laid out and framed."""

    name: str
    label: str
    """English label; the UI translates it in context "Backends"."""
    build: Callable[[str, str | None], BackendProfile]
    """(base URL, token) → profile."""
    takes_model: bool = False
    """The profile names a model (the settings' `model` applies)."""


BACKEND_KINDS: tuple[BackendKind, ...] = (
    BackendKind(
        "stub", "Embedded stub / stub contract", lambda url, token: stub_profile(url, token=token)
    ),
    BackendKind(
        "spring",
        "Spring (the seed's contract)",
        lambda url, token: spring_profile(url, token=token),
    ),
    BackendKind(
        "openai",
        "OpenAI-compatible",
        lambda url, token: openai_profile(url, token=token),
        takes_model=True,
    ),
)
"""The first row is what the embedded stub speaks."""

BACKEND_KIND_BY_NAME = {kind.name: kind for kind in BACKEND_KINDS}
STUB_KIND = BACKEND_KIND_BY_NAME["stub"]
SPRING_KIND = BACKEND_KIND_BY_NAME["spring"]
OPENAI_KIND = BACKEND_KIND_BY_NAME["openai"]
"""The rows code must tell apart (the probe recognises each by its own endpoints)."""


def backend_kind(name: str) -> BackendKind:
    """The row of `name`.

    Raises:
        ValueError: unknown kind.
    """
    return row_of(BACKEND_KIND_BY_NAME, name, "backend kind")


def profile_for_url(
    url: str, kind: str = BACKEND_KINDS[0].name, token: str | None = None
) -> BackendProfile:
    """A profile by kind (a `BACKEND_KINDS` name) for a backend URL given on the command line.

    Raises:
        ValueError: unknown kind.
    """
    return backend_kind(kind).build(url, token)


def ws_from_http(base_url: str) -> str:
    """The WebSocket base URL of an http(s) base URL."""
    if base_url.startswith("https://"):
        return "wss://" + base_url.removeprefix("https://")
    return "ws://" + base_url.removeprefix("http://")
