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
from typing import Any

from simulator.probe.findings import Judge
from simulator.probe.state import BUDGET_S, PROBE_PROMPT, SSE_START, Finding, Paths, ProbeReport
from simulator.probe.wire import Attempt, Wire
from simulator.session.backend_url import parse_backend
from simulator.transports.backend import OPENAI_KIND, SPRING_KIND, STUB_KIND, ParamStyle
from simulator.transports.failures import FailureKind
from simulator.transports.framing import SSE_FRAMING, WS_ENVELOPE, make_parser
from simulator.transports.shapes import classify_frames, load_json, text_of

NO_ANSWER = {
    FailureKind.REFUSED: "connection refused",
    FailureKind.UNREACHABLE: "host name not resolved",
    FailureKind.TIMEOUT: "connect timed out",
}
"""Why nothing answered, in the words of the per-transport line (the note has the detail)."""

__all__ = ["Finding", "Paths", "ProbeReport", "check_url", "probe_backend"]


def _ws_base(base_url: str) -> str:
    return "ws" + base_url.removeprefix("http") if base_url.startswith("http") else base_url


def check_url(base_url: str) -> str:
    """`base_url` without a trailing slash, if it is an http(s) URL with a host.

    Raises:
        ValueError: anything else (nothing is sent then).
    """
    url = parse_backend(base_url)  # `--backend`'s one grammar and message
    if not url:
        raise ValueError("the embedded stub has no URL until it runs: probe its base_url")
    return url.rstrip("/")


async def probe_backend(
    base_url: str,
    *,
    token: str | None = None,
    ws_url: str | None = None,
    paths: Paths | None = None,
    budget_s: float = BUDGET_S,
    progress: Callable[[str], None] | None = None,
) -> ProbeReport:
    """Probe `base_url`; the report's profile is what the bench, window and session load.

    Each reply is read to its end, with waits derived from the backend's pace (see `Wire`);
    `budget_s` bounds the whole probe. `progress` is told the label of each exchange as it
    starts.

    Raises:
        ValueError: `base_url` is not an http(s) URL (no request is made).
    """
    base_url = check_url(base_url)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    wire = Wire(base_url, headers, progress=progress)
    prober = _Prober(wire, paths or Paths(), ws_url or _ws_base(base_url.rstrip("/")), token)
    try:
        async with asyncio.timeout(budget_s):
            await prober.run()
    except TimeoutError:
        prober.notes.append(f"probe budget of {budget_s:g} s used up: later checks skipped")
    finally:
        await wire.aclose()
    return prober.report()


async def is_our_stub(base_url: str, timeout_s: float = 3.0) -> bool:
    """Whether `base_url` is our stub (its debug marker answers `success: true`): one GET."""
    import httpx

    url = check_url(base_url) + Paths().stub_marker
    try:
        async with httpx.AsyncClient(trust_env=False, timeout=timeout_s) as client:
            answer = await client.get(url)
        body = answer.json() if answer.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        return False
    return isinstance(body, dict) and body.get("success") is True


class _Prober(Judge):
    """Runs the checks in turn; `Judge` makes the report from what they collected."""

    def _as_event_stream(self, attempt: Attempt) -> None:
        """A body that is really an event stream (by its type, or by its lines: a field or a
        comment first): reparse it; note emission stamps and how it ended."""
        if attempt.framing == SSE_FRAMING:
            attempt.sse_end = "marker" if attempt.ended == "marker" else "close"
            return
        if not SSE_START.match(attempt.text):
            return
        parser = make_parser(SSE_FRAMING)
        pieces = parser.feed(attempt.text.encode("utf-8")) + parser.close()
        attempt.framing = SSE_FRAMING
        attempt.stamped = any(p.emitted_at is not None for p in pieces)
        attempt.sse_end = "marker" if any(p.done for p in pieces) else "close"
        attempt.text = "".join(p.text for p in pieces)

    def _seen(self, attempt: Attempt) -> Attempt:
        self.attempts.append(attempt)
        return attempt

    async def run(self) -> None:
        marker = self._seen(await self.wire.call("GET", self.paths.stub_marker))
        if marker.status is None and marker.failure is not None:
            self.unreachable = NO_ANSWER.get(marker.failure, "no answer")
            self.notes.append(f"backend unreachable: {marker.reason}")
            return
        if marker.ok and isinstance(marker.body, dict) and marker.body.get("success") is True:
            self.flavour = STUB_KIND.name
        models = self._seen(await self.wire.call("GET", self.paths.models))
        if (
            models.ok
            and isinstance(models.body, dict)
            and isinstance(models.body.get("data"), list)
        ):
            self.flavour = OPENAI_KIND.name if self.flavour == "unknown" else self.flavour
            first = next(iter(models.body["data"]), None)
            if isinstance(first, dict) and isinstance(first.get("id"), str):
                self.model = first["id"]
        await self._websocket()
        await self._miniapp_stream()
        if self.flavour == STUB_KIND.name:
            self.sse = self._seen(
                await self.wire.call(
                    "POST", self.paths.sse, json_body=self._seed_body(), framing=SSE_FRAMING
                )
            )
        await self._openai()
        await self._polling()
        await self._sync()
        if self.flavour == "unknown" and ((self.ws and self.ws.text) or self.stream_post):
            self.flavour = SPRING_KIND.name

    def _seed_body(self) -> dict[str, str]:
        return {"message": PROBE_PROMPT, "userId": "sim-probe"}

    async def _websocket(self) -> None:
        url = self.ws_base + self.paths.ws
        if self.flavour == STUB_KIND.name:
            url += "?framing=envelope"
        attempt = self._seen(
            await self.wire.socket(url, json.dumps(self._seed_body(), ensure_ascii=False))
        )
        self.ws = attempt
        objs = [load_json(f) for f in attempt.frames]
        stub = any(isinstance(o, dict) and o.get("type") == "chunk" and "seq" in o for o in objs)
        self.ws_json = None if stub else classify_frames(attempt.frames)
        if stub:
            self.ws_framing = WS_ENVELOPE
            attempt.text = "".join(
                o["text"]
                for o in objs
                if isinstance(o, dict)
                and o.get("type") == "chunk"
                and isinstance(o.get("text"), str)
            )
        elif self.ws_json is not None:
            self.ws_framing = "json"
            attempt.text = "".join(text_of(o, self.ws_json) or "" for o in objs)
        else:
            self.ws_framing = "raw"
            attempt.text = "".join(attempt.frames)
        if attempt.text and not attempt.dropped:
            self.texts["socket"] = attempt.text

    async def _miniapp_stream(self) -> None:
        fields = self._seed_body()
        get = self._seen(
            await self.wire.call(
                "GET", self.paths.download, note="?message=…", params=fields, framing="text"
            )
        )
        self.stream_tries.append(get)
        self._as_event_stream(get)
        if get.status is not None and get.status < 300 and get.text:
            self.stream_get = get
            if get.ok:
                self.texts.setdefault("stream", get.text)
        styles: tuple[tuple[ParamStyle, dict[str, Any]], ...] = (
            ("query", {"params": fields}),
            ("form", {"form": fields}),
            ("json", {"json_body": fields}),
        )
        for style, kwargs in styles:
            attempt = self._seen(
                await self.wire.call(
                    "POST", self.paths.chunked, note=f" ({style})", framing="text", **kwargs
                )
            )
            self.stream_tries.append(attempt)
            self._as_event_stream(attempt)
            if attempt.status is not None and attempt.status < 300 and attempt.text:
                self.stream_post = ("POST", style, attempt)
                if attempt.ok:
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
                self.flavour = OPENAI_KIND.name
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
        """Start a reply, then poll it to the end. Whether `content` is cumulative or a delta
        shows in the plain polls; a cursor is honoured only when proven twice on the same
        session: `cursor=len(held)` answers what follows, and `cursor=0` the whole content."""
        session = f"probe-{uuid.uuid4().hex}"  # unguessable: a careful backend lets it poll alone
        start = self._seen(
            await self.wire.call(
                "POST",
                self.paths.poll_start,
                note="?sessionId=…",
                params={"sessionId": session},
                json_body=self._seed_body(),
            )
        )
        self.poll = {"start": start}
        if not (start.ok and isinstance(start.body, dict) and start.body.get("success") is True):
            return
        contents: list[str] = []
        answers: list[str] = []  # every content in order, cursor polls included (deltas)
        complete = False
        cursor_checked = False
        loop = asyncio.get_running_loop()
        changed_at = loop.time()
        polls = 0
        while True:
            polls += 1
            query = {"sessionId": session, "userId": "sim-probe"}  # as the polling transport
            attempt = await self.wire.call("GET", self.paths.poll, params=query)
            data = self._poll_data(attempt)
            if data is None:
                return
            content = data["content"]
            contents.append(content)
            answers.append(content)
            if content:
                changed_at = loop.time()
            if data.get("complete") is True:
                complete = True
                break
            if content and not cursor_checked:
                cursor_checked = True
                held = "".join(answers) if self._looks_delta(contents) else content
                for cursor in (len(held), 0):
                    probe = await self.wire.call(
                        "GET",
                        self.paths.poll,
                        params=query | {"cursor": str(cursor), "wait_ms": "300"},
                    )
                    got = self._poll_data(probe)
                    if got is None:
                        return
                    answers.append(got["content"])
                    self.poll.setdefault("cursor", []).append((cursor, held, got["content"]))
                    if got["content"]:
                        changed_at = loop.time()
                    if got.get("complete") is True:
                        complete = True
                if complete:
                    break
            quiet = loop.time() - changed_at
            if quiet > max(10.0, self.wire.idle_wait_s() * 2):
                self.poll["gave_up"] = f"no new content for {quiet:.1f} s after {polls} polls"
                break
            await asyncio.sleep(0.1 if polls < 10 else 0.5)  # quick first, then gentle
        self.poll["contents"] = contents
        self.poll["answers"] = answers
        self.poll["complete"] = complete
        if complete:
            after = await self.wire.call(
                "GET", self.paths.poll, params={"sessionId": session, "userId": "sim-probe"}
            )
            self.poll["after"] = after
        text = self._poll_text() if complete else None
        if text is not None:
            self.texts["poll"] = text

    def _poll_data(self, attempt: Attempt) -> dict[str, Any] | None:
        data = attempt.body.get("data") if isinstance(attempt.body, dict) else None
        if not attempt.ok or not isinstance(data, dict) or not isinstance(data.get("content"), str):
            self.poll["error"] = self._seen(attempt)
            return None
        return data

    @staticmethod
    def _looks_delta(contents: list[str]) -> bool:
        non_empty = [c for c in contents if c]
        return any(not b.startswith(a) for a, b in itertools.pairwise(non_empty))

    async def _sync(self) -> None:
        path = self.paths.sync
        styles: tuple[tuple[ParamStyle, dict[str, Any]], ...] = (
            ("json", {"json_body": self._seed_body()}),
            ("form", {"form": self._seed_body()}),
        )
        for style, kwargs in styles:
            attempt = self._seen(await self.wire.call("POST", path, note=f" ({style})", **kwargs))
            self.sync_tries.append(attempt)
            data = attempt.body.get("data") if isinstance(attempt.body, dict) else None
            if attempt.ok and isinstance(data, dict) and isinstance(data.get("content"), str):
                self.sync = (style, attempt)
                self.texts["send"] = data["content"]
                return
            if attempt.status != 400:
                return
