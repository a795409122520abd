"""Find out what a backend speaks, with no prior knowledge, and build the profile that fits.

Every check is one small exchange (or one short poll session) in turn, never in parallel;
the whole probe is bounded in time and requests, and both are reported.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from typing import Any

from simulator.probe.findings import Judge
from simulator.probe.state import PROBE_PROMPT, SILENCE_S, Finding, Paths, ProbeReport
from simulator.probe.wire import Attempt, Wire
from simulator.transports.backend import OPENAI_KIND, SPRING_KIND, STUB_KIND, ParamStyle
from simulator.transports.framing import make_parser

__all__ = ["Finding", "Paths", "ProbeReport", "probe_backend"]


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


class _Prober(Judge):
    """Runs the checks in turn; `Judge` makes the report from what they collected."""

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
        if marker.status is None and marker.failure is not None:
            self.notes.append(f"backend unreachable: {marker.reason}; nothing else tried")
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
                    "POST", self.paths.sse, json_body=self._seed_body(), framing="sse"
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
            self.texts["socket"] = attempt.text

    async def _miniapp_stream(self) -> None:
        path = self.paths.miniapp_stream
        fields = self._seed_body()
        get = self._seen(
            await self.wire.call("GET", path, note="?message=…", params=fields, framing="text")
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
                await self.wire.call("POST", path, note=f" ({style})", framing="text", **kwargs)
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
        session = f"probe-{uuid.uuid4().hex}"  # unguessable: a careful backend lets it poll alone
        start = self._seen(
            await self.wire.call(
                "POST",
                self.paths.start,
                note="?sessionId=…",
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
            query = {"sessionId": session, "userId": "sim-probe"}  # as the polling transport
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
            after = await self.wire.call(
                "GET", self.paths.poll, params={"sessionId": session, "userId": "sim-probe"}
            )
            self.poll["after"] = after
        text = self._poll_text() if complete else None
        if text is not None:
            self.texts["poll"] = text

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
