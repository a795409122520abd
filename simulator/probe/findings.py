# Over 400 lines: one short finding per transport, sharing their rules.
"""Judging what a probe collected: per transport works / will not and why, and the profile."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from types import MappingProxyType

from simulator.metrics.arrival import judge_arrival
from simulator.probe.state import IDLE_END_FACTOR, IDLE_END_S, Finding, ProbeReport, ProbeState
from simulator.probe.wire import Attempt
from simulator.transports.backend import (
    OPENAI_KIND,
    STUB_KIND,
    BackendProfile,
    Endpoint,
    ParamStyle,
    StreamEnd,
    WsEnd,
    WsFraming,
    openai_profile,
    stub_profile,
)
from simulator.transports.framing import SSE_FRAMING, WS_ENVELOPE, WS_JSON, WS_RAW
from simulator.transports.registry import TRANSPORTS, TransportSpec, transport_spec


class Judge(ProbeState):
    """Turns the collected exchanges into findings, notes and a backend profile."""

    def report(self) -> ProbeReport:
        if self.unreachable is not None:
            return self._unreachable_report(self.unreachable)
        findings = {
            spec.name: self._check(spec) for spec in TRANSPORTS if spec.probe_check is not None
        }
        auth = self._auth_note(findings)
        texts = set(self.texts.values())
        deterministic = None if len(self.texts) < 2 else len(texts) == 1
        if deterministic is False:
            self.notes.append(
                "the same prompt gave different texts on "
                + ", ".join(f"{k} ({len(v)} chars)" for k, v in self.texts.items())
                + ": runs cannot vouch for each other (unverified unless --expect)"
            )
        self.notes.append(
            f"each reply was read to its end at the backend's pace: now {self.wire.patience()}"
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
            reachable=any(a.status is not None for a in self.attempts),
            texts=dict(self.texts),
        )

    def _unreachable_report(self, why: str) -> ProbeReport:
        """Nothing answered the first call: one line per transport says so, and nothing about
        endpoints or waits that were never tried."""
        said = f"not probed: the backend did not answer at {self.wire.base_url} ({why})"
        findings = {
            spec.name: Finding(spec.name, False, said)
            for spec in TRANSPORTS
            if spec.probe_check is not None
        }
        return ProbeReport(
            base_url=self.wire.base_url,
            flavour=self.flavour,
            profile=self._profile(findings, None),
            findings=findings,
            notes=self.notes,
            requests=self.wire.requests,
            elapsed_s=self.wire.elapsed_s,
            auth_needed=False,
            deterministic=None,
            reachable=False,
            texts={},
        )

    def _sent(self, path: str) -> str:
        """`path` as the requests carried it: under the base URL's own path."""
        return self.wire.base_path + path

    def _auth_note(self, findings: dict[str, Finding]) -> bool:
        """Nothing works and HTTP calls were refused with 401/403: say which, and note it.

        Only HTTP counts: a WebSocket handshake refused with 403 is also what a server
        answers for a socket path it does not have, and a 404 is a wrong path, not a refusal.
        """
        if any(f.works for f in findings.values()):
            return False
        answered = [a for a in self.attempts if a.status is not None and a.status != 101]
        http = [a for a in answered if not a.label.startswith("WS ")]
        refused = [a for a in http if a.status in (401, 403)]
        if refused:
            statuses = "/".join(sorted({str(a.status) for a in refused}))
            which = ", ".join(a.label for a in refused)
            share = (
                "every HTTP endpoint"
                if len(refused) == len(http)
                else (f"{len(refused)} of {len(http)} HTTP endpoints")
            )
            self.notes.append(
                f"{share} refused with HTTP {statuses} ({which}): the backend needs auth"
                " (pass --token)"
            )
        elif http and all(a.status == 404 for a in http):
            self.notes.append(
                f"every HTTP endpoint answered 404: none of the probed paths exists under"
                f" {self.wire.base_url} (check the base URL's path, or pass --path NAME=/PATH)"
            )
        return bool(refused)

    def _check(self, spec: TransportSpec) -> Finding:
        """Runs the transport's `probe_check` (a method of this class named in its table row)."""
        check: Callable[[TransportSpec], Finding] = getattr(self, str(spec.probe_check))
        return check(spec)

    def _reference_spread(self) -> float | None:
        """How long a reply takes to produce, from the socket (nothing buffers a WS frame)."""
        return self.ws.spread_s if self.ws is not None and self.ws.text else None

    def _buffering(self, finding: Finding, attempt: Attempt) -> None:
        verdict = judge_arrival(attempt.arrivals, self._reference_spread())
        finding.buffered = verdict.buffered
        finding.buffering_measure = f"{verdict.measure}: {verdict.why}"
        if verdict.buffered:
            server = f" (it answers as {attempt.server!r})" if attempt.server else ""
            finding.why += (
                f"; BUFFERED on the way ({verdict.why}): the text arrives all at once. Held"
                f" back by the backend itself (writes flushed only at the end) or by a proxy in"
                f" front of it{server}; nginx: proxy_buffering off, or X-Accel-Buffering: no"
            )

    def socket_finding(self, spec: TransportSpec) -> Finding:
        name = spec.name
        ws = self.ws
        if ws is None:
            return Finding(name, False, "not probed")
        evidence = [ws.quote()]
        if ws.reason or not ws.text:
            said = ws.reason or (
                f"no reply text in {len(ws.frames)} frame(s)" if ws.frames else "no text frames"
            )
            if ws.status not in (None, 101) and not ws.reason:
                said = (
                    f"handshake refused with HTTP {ws.status}"
                    " (also how a server answers a socket path it does not have)"
                )
            why = f"no usable socket at {ws.url}: {said}"
            if self.flavour == OPENAI_KIND.name:
                why = "OpenAI-compatible servers have no WebSocket chat; " + why
            return Finding(name, False, why, evidence)
        end = {
            "marker": f"ends with an end frame ({ws.end_frame!r})",
            "silence": f"sends no end marker: the reply ends by {self._idle_end():.1f} s of"
            f" silence ({ws.bound})",
            "drop": f"the connection was CUT after {len(ws.frames)} frame(s) without a close"
            " frame: a drop, not an ending (runs will fail where it drops)",
        }.get(ws.ended, f"ends by {ws.ended} after the text")
        if self.ws_framing == WS_ENVELOPE:
            framing = "JSON envelope with seq (resumable)"
        elif self.ws_framing == "json" and self.ws_json is not None:
            framing = (
                f"JSON frames, text at {self.ws_json.name} (like {self.ws_json.example});"
                " no seq: a drop cannot be resumed"
            )
        else:
            framing = "raw text frames (no seq: a drop cannot be resumed)"
        if ws.binary:
            framing = "binary UTF-8 frames read as text; " + framing
        return Finding(name, True, f"{framing}; {end}", evidence)

    def _idle_end(self) -> float:
        """How long a profile waits after the last frame of a socket that ends by silence."""
        gap = (
            max((b - a for a, b in itertools.pairwise(self.ws.arrivals)), default=0.0)
            if (self.ws is not None)
            else 0.0
        )
        return max(IDLE_END_S, IDLE_END_FACTOR * gap)

    def _stream_shape(self, attempt: Attempt) -> str:
        """What a stream body is, and how it ends, in words."""
        if attempt.framing != SSE_FRAMING:
            body = "text/plain chunks"
        else:
            body = "SSE events" + (
                " with emittedAt stamps: true per-chunk delay" if attempt.stamped else ""
            )
            body += (
                ", ending with its end event"
                if attempt.sse_end == "marker"
                else ", ending by closing the body (no end event)"
            )
        if attempt.dropped:
            body += (
                f"; the connection was CUT mid-reply ({attempt.reason}): a drop, not an"
                " ending (runs will fail where it drops)"
            )
        return body

    def stream_finding(self, spec: TransportSpec) -> Finding:
        name = spec.name
        evidence = [a.quote() for a in self.stream_tries]
        if self.flavour == STUB_KIND.name and self.sse is not None and self.sse.ok:
            finding = Finding(
                name, True, "stub SSE with seq and emission stamps", [self.sse.quote()]
            )
            self._buffering(finding, self.sse)
            return finding
        if self.openai is not None:
            end = "ends at [DONE]" + (
                " (the connection stays open after it)" if self.openai.ended == "marker" else ""
            )
            finding = Finding(
                name,
                True,
                f"OpenAI SSE deltas at {self._sent(self.paths.openai)}; {end}",
                [self.openai.quote()],
            )
            self._buffering(finding, self.openai)
            return finding
        if self.stream_post is not None:
            _, style, attempt = self.stream_post
            body = self._stream_shape(attempt)
            finding = Finding(
                name,
                True,
                f"POST {self._sent(self.paths.chunked)} with parameters in the {style} ({body})",
                evidence,
            )
            self._buffering(finding, attempt)
            return finding
        if self.stream_get is not None:
            finding = Finding(
                name,
                True,
                f"GET {self._sent(self.paths.download)}?message=…"
                f" ({self._stream_shape(self.stream_get)})",
                evidence,
            )
            self._buffering(finding, self.stream_get)
            return finding
        why = "no streaming endpoint answered: " + "; ".join(evidence or ["none tried"])
        return Finding(name, False, why, evidence)

    def get_stream_finding(self, spec: TransportSpec) -> Finding:
        name = spec.name
        get = next((a for a in self.stream_tries if a.label.startswith("GET")), None)
        if get is None:
            return Finding(name, False, "not probed")
        if self.stream_get is not None:
            finding = Finding(
                name,
                True,
                f"GET {self._sent(self.paths.download)}?message=… answers"
                f" {self._stream_shape(self.stream_get)}",
                [get.quote()],
            )
            self._buffering(finding, self.stream_get)
            if self.stream_get.framing == "text":
                finding.why += (
                    "; the platform hands a download over only at its end (strict mode):"
                    " that is wx.downloadFile, not this backend"
                )
            return finding
        why = f"{get.quote()}"
        if get.status == 405:
            why += (
                "; wx.downloadFile can only GET, and this endpoint is POST-only"
                " (the seed's @PostMapping): map it for GET too"
            )
        return Finding(name, False, why, [get.quote()])

    def poll_finding(self, spec: TransportSpec) -> Finding:
        name, long_poll = spec.name, spec.needs_poll_cursor
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
        evidence += self._cursor_evidence()
        contents = [c for c in self.poll.get("contents", []) if c]
        if contents:
            evidence.append(
                f"{len(self.poll.get('contents', []))} polls; first content {contents[0][:30]!r},"
                f" last {contents[-1][:30]!r}"
            )
        if long_poll:
            if cursor is False:
                said = (
                    "the backend answers only what is new since the last poll, whatever the"
                    " cursor (a delta poll: cursor=0 did not give the whole content back)"
                    if cumulative is False
                    else "the backend ignores cursor/wait_ms (answered the whole content again)"
                )
                return Finding(
                    name,
                    False,
                    f"{said}: long-poll would be plain polling; use polling",
                    evidence,
                )
            if cursor is None:
                return Finding(
                    name,
                    False,
                    "cursor support could not be checked (the reply was complete before a"
                    " second poll could prove it)",
                    evidence,
                )
            return Finding(
                name,
                True,
                "cursor and wait_ms honoured (proven twice: cursor=N answered what follows,"
                " cursor=0 the whole content)",
                evidence,
            )
        return Finding(name, True, f"start + poll works; content is {kind}", evidence)

    def send_finding(self, spec: TransportSpec) -> Finding:
        name = spec.name
        evidence = [a.quote() for a in self.sync_tries]
        if self.sync is not None:
            return Finding(
                name, True, f"POST {self._sent(self.paths.sync)} ({self.sync[0]} body)", evidence
            )
        if self.openai is not None:
            return Finding(
                name,
                True,
                f"POST {self._sent(self.paths.openai)} with stream=false",
                [self.openai.quote()],
            )
        return Finding(name, False, "; ".join(evidence) or "not probed", evidence)

    def _profile(self, findings: dict[str, Finding], deterministic: bool | None) -> BackendProfile:
        base = self.wire.base_url
        unsupported = {n: f.why for n, f in findings.items() if not f.works}
        if self.flavour == STUB_KIND.name:
            profile = stub_profile(base, self.ws_base, self.token)
        elif self.flavour == OPENAI_KIND.name:
            profile = openai_profile(base, self.token, self.model)
        else:
            profile = self._seed_profile(findings)
        return profile.with_options(
            unsupported=MappingProxyType(unsupported), deterministic=deterministic
        )

    @staticmethod
    def _works(findings: dict[str, Finding], endpoint: str) -> bool:
        """A transport that needs the profile field `endpoint` works (then the backend has it).

        Only transports without extra demands count: long-poll failing says nothing of polls.
        """
        return any(
            f.works
            for name, f in findings.items()
            if endpoint in transport_spec(name).needs and not transport_spec(name).needs_poll_cursor
        )

    def _seed_profile(self, findings: dict[str, Finding]) -> BackendProfile:
        ws = self.ws
        ws_end: WsEnd = "marker"
        if ws is not None and ws.ended.startswith("close"):
            ws_end = "close"
        elif ws is not None and ws.ended == "silence":
            ws_end = "silence"
        get_path = self.paths.download
        chunked: Endpoint | None = None
        if self.stream_post is not None:
            post = self.stream_post
            chunked = _stream_endpoint(self.paths.chunked, "POST", post[2], post[1])
        elif self.stream_get is not None:
            chunked = _stream_endpoint(get_path, "GET", self.stream_get, "query")
        polling_ok = self._works(findings, "poll")
        framing: WsFraming = (
            WS_ENVELOPE if self.ws_framing == WS_ENVELOPE else WS_JSON if self.ws_json else WS_RAW
        )
        return BackendProfile(
            name="probed",
            base_url=self.wire.base_url,
            ws_url=self.ws_base if self._works(findings, "ws_url") else None,
            ws_path=self.paths.ws,
            ws_framing=framing,
            ws_json=self.ws_json.name if self.ws_json is not None else None,
            ws_binary_text=ws is not None and ws.binary,
            ws_end=ws_end,
            ws_idle_end_s=round(self._idle_end(), 2) if ws_end == "silence" else None,
            chunked=chunked,
            download=_stream_endpoint(get_path, "GET", self.stream_get, "query")
            if self.stream_get
            else None,
            poll_start=Endpoint(self.paths.poll_start, "POST", "json") if polling_ok else None,
            poll=Endpoint(self.paths.poll, "GET", "json") if polling_ok else None,
            poll_content="delta" if self._poll_cumulative() is False else "cumulative",
            poll_cursor=self._poll_cursor(),
            sync=Endpoint(self.paths.sync, "POST", "json", self.sync[0]) if self.sync else None,
            token=self.token,
        )


def _stream_endpoint(path: str, method: str, attempt: Attempt, params: ParamStyle) -> Endpoint:
    """The endpoint as the probe found it: its framing and how its reply ends."""
    end: StreamEnd = (
        "close" if attempt.framing == SSE_FRAMING and attempt.sse_end == "close" else "marker"
    )
    return Endpoint(path, method, attempt.framing, params, end)
