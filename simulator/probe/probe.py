"""Find out what a backend speaks, with no prior knowledge, and build the profile that fits.

Every check is one small exchange (or one short poll session) in turn, never in parallel;
the whole probe is bounded in time and requests, and both are reported.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from simulator.metrics.arrival import judge_arrival
from simulator.probe.wire import Attempt, Wire
from simulator.transports.backend import (
    BackendProfile,
    Endpoint,
    ParamStyle,
    WsEnd,
    openai_profile,
    stub_profile,
)
from simulator.transports.framing import make_parser

PROBE_PROMPT = "probe: 用一句话说明流式输出"
TRANSPORTS = ("websocket", "chunked", "download", "polling", "longpoll", "sync")
SILENCE_S = 2.0
"""The probe's wait after the last socket frame before it calls the end silence."""
IDLE_END_S = 3.0
"""What a profile for a backend that ends by silence waits (a margin above the probe's)."""


@dataclass(frozen=True, slots=True)
class Paths:
    """The endpoint paths tried; all overridable (`probe --path name=/x`)."""

    ws: str = "/ws/chat"
    miniapp_stream: str = "/api/chat/miniapp-stream"
    sse: str = "/api/chat/sse"
    start: str = "/api/chat/stream"
    poll: str = "/api/chat/poll"
    sync: str = "/api/chat/send"
    openai: str = "/v1/chat/completions"
    models: str = "/v1/models"
    stub_marker: str = "/api/debug/scenario"


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

    def as_dict(self) -> dict[str, Any]:
        return {
            "base_url": self.base_url,
            "flavour": self.flavour,
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


def _ws_base(base_url: str) -> str:
    return "ws" + base_url.removeprefix("http") if base_url.startswith("http") else base_url


async def probe_backend(
    base_url: str,
    *,
    token: str | None = None,
    ws_url: str | None = None,
    paths: Paths | None = None,
    budget_s: float = 90.0,
    read_s: float = 15.0,
    progress: Callable[[str], None] | None = None,
) -> ProbeReport:
    """Probe `base_url`; the report's profile is what the bench, window and session load.

    `progress` is told the label of each exchange as it starts.
    """
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    wire = Wire(base_url, headers, read_s=read_s, progress=progress)
    prober = _Prober(wire, paths or Paths(), ws_url or _ws_base(base_url.rstrip("/")), token)
    try:
        async with asyncio.timeout(budget_s):
            await prober.run()
    except TimeoutError:
        prober.notes.append(f"probe budget of {budget_s:g} s used up: later checks skipped")
    finally:
        await wire.aclose()
    return prober.report()


class _Prober:
    def __init__(self, wire: Wire, paths: Paths, ws_base: str, token: str | None) -> None:
        self.wire = wire
        self.paths = paths
        self.ws_base = ws_base.rstrip("/")
        self.token = token
        self.notes: list[str] = []
        self.flavour = "unknown"
        self.attempts: list[Attempt] = []
        self.ws: Attempt | None = None
        self.ws_framing = "raw"
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

    def _as_event_stream(self, attempt: Attempt) -> None:
        """A text body that is really an event stream: reparse it; note emission stamps."""
        if not attempt.text.lstrip().startswith(("data:", "event:", "id:")):
            return
        parser = make_parser("sse")
        pieces = parser.feed(attempt.text.encode("utf-8")) + parser.close()
        attempt.framing = "sse"
        attempt.stamped = any(p.emitted_at is not None for p in pieces)
        attempt.text = "".join(p.text for p in pieces)

    def _seen(self, attempt: Attempt) -> Attempt:
        self.attempts.append(attempt)
        return attempt

    async def run(self) -> None:
        marker = self._seen(await self.wire.call("GET", self.paths.stub_marker))
        if marker.ok and isinstance(marker.body, dict) and marker.body.get("success") is True:
            self.flavour = "stub"
        models = self._seen(await self.wire.call("GET", self.paths.models))
        if (
            models.ok
            and isinstance(models.body, dict)
            and isinstance(models.body.get("data"), list)
        ):
            self.flavour = "openai" if self.flavour == "unknown" else self.flavour
            first = next(iter(models.body["data"]), None)
            if isinstance(first, dict) and isinstance(first.get("id"), str):
                self.model = first["id"]
        await self._websocket()
        await self._miniapp_stream()
        if self.flavour == "stub":
            self.sse = self._seen(
                await self.wire.call(
                    "POST", self.paths.sse, json_body=self._seed_body(), framing="sse"
                )
            )
        await self._openai()
        await self._polling()
        await self._sync()
        if self.flavour == "unknown" and ((self.ws and self.ws.text) or self.stream_post):
            self.flavour = "spring"

    def _seed_body(self) -> dict[str, str]:
        return {"message": PROBE_PROMPT, "userId": "sim-probe"}

    async def _websocket(self) -> None:
        url = self.ws_base + self.paths.ws
        if self.flavour == "stub":
            url += "?framing=envelope"
        attempt = self._seen(
            await self.wire.socket(
                url, json.dumps(self._seed_body(), ensure_ascii=False), silence_s=SILENCE_S
            )
        )
        self.ws = attempt
        first = attempt.frames[0] if attempt.frames else ""
        try:
            envelope = isinstance(json.loads(first), dict) and "type" in json.loads(first)
        except ValueError:
            envelope = False
        self.ws_framing = "envelope" if envelope else "raw"
        if envelope:
            text = ""
            for frame in attempt.frames:
                obj = json.loads(frame)
                if obj.get("type") == "chunk" and isinstance(obj.get("text"), str):
                    text += obj["text"]
                if obj.get("type") == "done":
                    attempt.ended = "marker"
            attempt.text = text
        else:
            attempt.text = "".join(attempt.frames)
        if attempt.text:
            self.texts["websocket"] = attempt.text

    async def _miniapp_stream(self) -> None:
        path = self.paths.miniapp_stream
        fields = self._seed_body()
        get = self._seen(
            await self.wire.call(
                "GET", path, label=f"GET {path}?message=…", params=fields, framing="text"
            )
        )
        self.stream_tries.append(get)
        self._as_event_stream(get)
        if get.ok and get.text:
            self.stream_get = get
            self.texts.setdefault("stream", get.text)
        styles: tuple[tuple[ParamStyle, dict[str, Any]], ...] = (
            ("query", {"params": fields}),
            ("form", {"form": fields}),
            ("json", {"json_body": fields}),
        )
        for style, kwargs in styles:
            attempt = self._seen(
                await self.wire.call(
                    "POST", path, label=f"POST {path} ({style})", framing="text", **kwargs
                )
            )
            self.stream_tries.append(attempt)
            self._as_event_stream(attempt)
            if attempt.ok and attempt.text:
                self.stream_post = ("POST", style, attempt)
                self.texts.setdefault("stream", attempt.text)
                return
            if attempt.status in (401, 403, 404):
                return  # not a parameter problem: other styles cannot help

    async def _openai(self) -> None:
        body = {
            "model": self.model,
            "messages": [{"role": "user", "content": PROBE_PROMPT}],
            "stream": True,
        }
        attempt = self._seen(
            await self.wire.call("POST", self.paths.openai, json_body=body, framing="openai")
        )
        if attempt.ok and attempt.text:
            self.openai = attempt
            if self.flavour == "unknown":
                self.flavour = "openai"
            if attempt.ended != "marker":
                self.notes.append("OpenAI stream gave no [DONE] before the read limit")
            self.texts["openai-stream"] = attempt.text
            whole = self._seen(
                await self.wire.call("POST", self.paths.openai, json_body=body | {"stream": False})
            )
            try:
                self.texts["openai-sync"] = whole.body["choices"][0]["message"]["content"]
            except (KeyError, IndexError, TypeError):
                self.notes.append(f"OpenAI non-streaming answer without a message: {whole.quote()}")

    async def _polling(self) -> None:
        session = f"probe-{uuid.uuid4().hex[:12]}"
        start = self._seen(
            await self.wire.call(
                "POST",
                self.paths.start,
                label=f"POST {self.paths.start}?sessionId=…",
                params={"sessionId": session},
                json_body=self._seed_body(),
            )
        )
        self.poll = {"start": start}
        if not (start.ok and isinstance(start.body, dict) and start.body.get("success") is True):
            return
        contents: list[str] = []
        cursor_probe: Attempt | None = None
        complete = False
        for _ in range(60):
            query = {"sessionId": session}
            use_cursor = len(contents) >= 1 and cursor_probe is None and bool(contents[-1])
            if use_cursor:
                query |= {"cursor": str(len(contents[-1])), "wait_ms": "300"}
            attempt = await self.wire.call("GET", self.paths.poll, params=query)
            data = attempt.body.get("data") if isinstance(attempt.body, dict) else None
            if (
                not attempt.ok
                or not isinstance(data, dict)
                or not isinstance(data.get("content"), str)
            ):
                self.poll["error"] = self._seen(attempt)
                return
            if use_cursor:
                cursor_probe = attempt
                self.poll["cursor_content"] = data["content"]
                self.poll["cursor_base"] = contents[-1]
            else:
                contents.append(data["content"])
            self.poll["last"] = (use_cursor, data["content"])
            if data.get("complete") is True:
                complete = True
                break
            await asyncio.sleep(0.1 if len(contents) < 10 else 0.5)  # quick first, then gentle
        self.poll["contents"] = contents
        self.poll["complete"] = complete
        if complete:
            after = await self.wire.call("GET", self.paths.poll, params={"sessionId": session})
            self.poll["after"] = after
        text = self._poll_text() if complete else None
        if text is not None:
            self.texts["polling"] = text

    def _poll_text(self) -> str | None:
        """The whole reply as polling saw it (None for deltas: the probe does not rebuild them)."""
        if self._poll_cumulative() is False:
            return None
        by_cursor, content = self.poll["last"]
        if by_cursor and self._poll_cursor():
            return str(self.poll["cursor_base"]) + str(content)
        return str(content)

    def _poll_cumulative(self) -> bool | None:
        non_empty = [c for c in self.poll.get("contents", []) if c]
        if self._poll_cursor() is False:
            return True  # the cursor answer repeated what was held: whole content each time
        if len(non_empty) < 2:
            return None
        return all(b.startswith(a) for a, b in itertools.pairwise(non_empty))

    def _poll_cursor(self) -> bool | None:
        if "cursor_content" not in self.poll:
            return None
        base, got = self.poll["cursor_base"], self.poll["cursor_content"]
        return not (got.startswith(base) and len(base) > 0)

    async def _sync(self) -> None:
        path = self.paths.sync
        styles: tuple[tuple[ParamStyle, dict[str, Any]], ...] = (
            ("json", {"json_body": self._seed_body()}),
            ("form", {"form": self._seed_body()}),
        )
        for style, kwargs in styles:
            attempt = self._seen(
                await self.wire.call("POST", path, label=f"POST {path} ({style})", **kwargs)
            )
            self.sync_tries.append(attempt)
            data = attempt.body.get("data") if isinstance(attempt.body, dict) else None
            if attempt.ok and isinstance(data, dict) and isinstance(data.get("content"), str):
                self.sync = (style, attempt)
                self.texts["sync"] = data["content"]
                return
            if attempt.status != 400:
                return

    # ---- verdicts -------------------------------------------------------------------------

    def report(self) -> ProbeReport:
        findings = {
            "websocket": self._ws_finding(),
            "chunked": self._chunked_finding(),
            "download": self._download_finding(),
            "polling": self._polling_finding(long_poll=False),
            "longpoll": self._polling_finding(long_poll=True),
            "sync": self._sync_finding(),
        }
        auth = any(a.status in (401, 403) for a in self.attempts) and not any(
            f.works for f in findings.values()
        )
        if auth:
            self.notes.append(
                "every endpoint refused with 401/403: the backend needs auth (pass --token)"
            )
        texts = set(self.texts.values())
        deterministic = None if len(self.texts) < 2 else len(texts) == 1
        if deterministic is False:
            self.notes.append(
                "the same prompt gave different texts on "
                + ", ".join(f"{k} ({len(v)} chars)" for k, v in self.texts.items())
                + ": runs are only checked structurally, not against each other"
            )
        return ProbeReport(
            base_url=self.wire.base_url,
            flavour=self.flavour,
            profile=self._profile(findings, deterministic),
            findings=findings,
            notes=self.notes,
            requests=self.wire.requests,
            elapsed_s=self.wire.elapsed_s,
            auth_needed=auth,
            deterministic=deterministic,
        )

    def _reference_spread(self) -> float | None:
        """How long a reply takes to produce, from the socket (nothing buffers a WS frame)."""
        return self.ws.spread_s if self.ws is not None and self.ws.text else None

    def _buffering(self, finding: Finding, attempt: Attempt) -> None:
        verdict = judge_arrival(attempt.arrivals, self._reference_spread())
        finding.buffered = verdict.buffered
        finding.buffering_measure = f"{verdict.measure}: {verdict.why}"
        if verdict.buffered:
            finding.why += (
                f"; BUFFERED on the way ({verdict.why}): the text arrives all at once —"
                " a proxy in between holds the stream (nginx: proxy_buffering off,"
                " or X-Accel-Buffering: no)"
            )

    def _ws_finding(self) -> Finding:
        ws = self.ws
        if ws is None:
            return Finding("websocket", False, "not probed")
        evidence = [
            ws.quote() + (f" ({len(ws.frames)} frames, end: {ws.ended})" if ws.frames else "")
        ]
        if ws.reason or not ws.text:
            why = f"no usable socket at {self.paths.ws}: {ws.reason or 'no text frames'}"
            if self.flavour == "openai":
                why = "OpenAI-compatible servers have no WebSocket chat; " + why
            return Finding("websocket", False, why, evidence)
        end = {
            "marker": "ends with a [DONE] frame",
            "silence": f"sends no end marker: the reply ends by {IDLE_END_S:g} s of silence",
        }.get(ws.ended, f"ends by {ws.ended} after the text")
        framing = (
            "JSON envelope with seq (resumable)"
            if self.ws_framing == "envelope"
            else ("raw text frames (no seq: a drop cannot be resumed)")
        )
        return Finding("websocket", True, f"{framing}; {end}", evidence)

    def _chunked_finding(self) -> Finding:
        evidence = [a.quote() for a in self.stream_tries]
        if self.flavour == "stub" and self.sse is not None and self.sse.ok:
            finding = Finding(
                "chunked", True, "stub SSE with seq and emission stamps", [self.sse.quote()]
            )
            self._buffering(finding, self.sse)
            return finding
        if self.openai is not None:
            end = "ends at [DONE]" + (
                " (the connection stays open after it)" if self.openai.ended == "marker" else ""
            )
            finding = Finding(
                "chunked",
                True,
                f"OpenAI SSE deltas at {self.paths.openai}; {end}",
                [self.openai.quote()],
            )
            self._buffering(finding, self.openai)
            return finding
        if self.stream_post is not None:
            _, style, attempt = self.stream_post
            body = "text/plain chunks"
            if attempt.framing == "sse":
                body = "SSE events" + (
                    " with emittedAt stamps: true per-chunk delay" if attempt.stamped else ""
                )
            finding = Finding(
                "chunked",
                True,
                f"POST {self.paths.miniapp_stream} with parameters in the {style} ({body})",
                evidence,
            )
            self._buffering(finding, attempt)
            return finding
        if self.stream_get is not None:
            finding = Finding(
                "chunked", True, f"GET {self.paths.miniapp_stream}?message=…", evidence
            )
            self._buffering(finding, self.stream_get)
            return finding
        why = "no streaming endpoint answered: " + "; ".join(evidence or ["none tried"])
        return Finding("chunked", False, why, evidence)

    def _download_finding(self) -> Finding:
        get = next((a for a in self.stream_tries if a.label.startswith("GET")), None)
        if get is None:
            return Finding("download", False, "not probed")
        if self.stream_get is not None:
            finding = Finding(
                "download",
                True,
                f"GET {self.paths.miniapp_stream}?message=… answers text",
                [get.quote()],
            )
            self._buffering(finding, self.stream_get)
            return finding
        why = f"{get.quote()}"
        if get.status == 405:
            why += (
                "; wx.downloadFile can only GET, and this endpoint is POST-only"
                " (the seed's @PostMapping): map it for GET too"
            )
        return Finding("download", False, why, [get.quote()])

    def _polling_finding(self, *, long_poll: bool) -> Finding:
        name = "longpoll" if long_poll else "polling"
        start: Attempt | None = self.poll.get("start")
        if start is None:
            return Finding(name, False, "not probed")
        evidence = [start.quote()]
        if not start.ok:
            return Finding(name, False, f"start call failed: {start.quote()}", evidence)
        if "error" in self.poll:
            error: Attempt = self.poll["error"]
            return Finding(name, False, f"poll failed: {error.quote()}", [*evidence, error.quote()])
        if not self.poll.get("complete"):
            grew = any(self.poll.get("contents", []))
            why = "the reply did not complete within the probe's polls"
            if grew and not long_poll:
                return Finding(name, True, why + " (content grew: polling itself works)", evidence)
            return Finding(name, False, why, evidence)
        cumulative = self._poll_cumulative()
        cursor = self._poll_cursor()
        after: Attempt | None = self.poll.get("after")
        kind = {
            True: "cumulative (whole content each time)",
            False: "deltas",
            None: "complete at once",
        }[cumulative]
        if after is not None:
            evidence.append(f"poll after the end → HTTP {after.status}")
        if long_poll:
            if cursor is False:
                return Finding(
                    name,
                    False,
                    "the backend ignores cursor/wait_ms (answered the whole content again):"
                    " long-poll would be plain polling; use polling",
                    evidence,
                )
            if cursor is None:
                return Finding(name, False, "cursor support could not be checked", evidence)
            return Finding(name, True, "cursor and wait_ms honoured", evidence)
        return Finding(name, True, f"start + poll works; content is {kind}", evidence)

    def _sync_finding(self) -> Finding:
        evidence = [a.quote() for a in self.sync_tries]
        if self.sync is not None:
            return Finding("sync", True, f"POST {self.paths.sync} ({self.sync[0]} body)", evidence)
        if self.openai is not None:
            return Finding(
                "sync", True, f"POST {self.paths.openai} with stream=false", [self.openai.quote()]
            )
        return Finding("sync", False, "; ".join(evidence) or "not probed", evidence)

    def _profile(self, findings: dict[str, Finding], deterministic: bool | None) -> BackendProfile:
        base = self.wire.base_url
        unsupported = {n: f.why for n, f in findings.items() if not f.works}
        if self.flavour == "stub":
            profile = stub_profile(base, self.ws_base, self.token)
        elif self.flavour == "openai":
            profile = openai_profile(base, self.token, self.model)
        else:
            profile = self._seed_profile(findings)
        return profile.with_options(
            unsupported=MappingProxyType(unsupported), deterministic=deterministic
        )

    def _seed_profile(self, findings: dict[str, Finding]) -> BackendProfile:
        ws = self.ws
        ws_end: WsEnd = "marker"
        if ws is not None and ws.ended.startswith("close"):
            ws_end = "close"
        elif ws is not None and ws.ended == "silence":
            ws_end = "silence"
        path = self.paths.miniapp_stream
        chunked: Endpoint | None = None
        if self.stream_post is not None:
            chunked = Endpoint(path, "POST", self.stream_post[2].framing, self.stream_post[1])
        elif self.stream_get is not None:
            chunked = Endpoint(path, "GET", self.stream_get.framing, "query")
        polling_ok = findings["polling"].works
        return BackendProfile(
            name="probed",
            base_url=self.wire.base_url,
            ws_url=self.ws_base if findings["websocket"].works else None,
            ws_path=self.paths.ws,
            ws_framing="envelope" if self.ws_framing == "envelope" else "raw",
            ws_end=ws_end,
            ws_idle_end_s=IDLE_END_S if ws_end == "silence" else None,
            chunked=chunked,
            download=Endpoint(path, "GET", self.stream_get.framing, "query")
            if self.stream_get
            else None,
            poll_start=Endpoint(self.paths.start, "POST", "json") if polling_ok else None,
            poll=Endpoint(self.paths.poll, "GET", "json") if polling_ok else None,
            poll_content="delta" if self._poll_cumulative() is False else "cumulative",
            poll_cursor=self._poll_cursor(),
            sync=Endpoint(self.paths.sync, "POST", "json", self.sync[0]) if self.sync else None,
            token=self.token,
        )
