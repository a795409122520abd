"""The probe's own client: bounded HTTP and WebSocket exchanges, each summarised as an Attempt.

The probe is a diagnostic tool, not mini-program traffic, so it talks httpx/websockets
directly; it counts every request and never runs two at once (polite: no load).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, InvalidURI

from simulator.transports.failures import FailureKind
from simulator.transports.framing import SSE_FRAMING, TEXT_FRAMING, make_parser
from simulator.transports.reply import backend_reason
from simulator.transports.shapes import DONE_MARKER, is_done, load_json
from simulator.wx.http_driver import name_not_resolved

FIRST_BYTE_S = 30.0
"""The least a probe waits for an answer to start (a slow model may think that long)."""
MIN_IDLE_S = 3.0
"""The least a probe waits between two reads of a reply before it calls the reply over."""
GAP_FACTOR = 4.0
"""…else this many times the longest gap seen so far (a backend's pace sets its patience)."""
SAMPLE_BYTES = 4096
"""What an attempt keeps of the bytes the backend sent, to quote them."""


@dataclass
class Attempt:
    """One exchange: what was asked, the status, the backend's words, and when text arrived."""

    label: str
    """What was sent, with the path as it went out (base path included)."""
    url: str = ""
    """The full URL asked, without the query (a 404 names it)."""
    status: int | None = None
    reason: str = ""
    """Error text: the backend's own body for a status ≥ 400, or the client's error."""
    text: str = ""
    arrivals: list[float] = field(default_factory=list)
    """Seconds after the request left, one per network read that carried text."""
    ended: str = ""
    """How the reply ended: "marker", "close <code>", "silence", "eof", "drop", "limit"."""
    body: Any = None
    """Parsed JSON body of a whole-body answer."""
    frames: list[str] = field(default_factory=list)
    framing: str = "text"
    """How the body is framed, once the probe has looked at it ("text" or "sse")."""
    stamped: bool = False
    """The events carry the backend's emission stamps (`emittedAt`)."""
    failure: FailureKind | None = None
    """Why nothing answered: UNREACHABLE (name not resolved), REFUSED, TIMEOUT (connect)."""
    content_type: str = ""
    raw: bytes = b""
    """The first `SAMPLE_BYTES` the backend sent (a socket: its first frames, joined)."""
    size: int = 0
    """Bytes received in all."""
    binary: bool = False
    """A socket sent binary frames."""
    bound: str = ""
    """How long the probe waited and why (derived from what it had seen)."""
    end_frame: str = ""
    """The frame that ended a socket reply, as sent."""
    server: str = ""
    """The answer's `Server` (or `Via`) header: who held a buffered stream, maybe."""
    sse_end: str = ""
    """An event stream: "marker" (it sent its end event) or "close" (the body just ended)."""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300 and not self.reason

    @property
    def dropped(self) -> bool:
        return self.ended == "drop"

    @property
    def spread_s(self) -> float | None:
        return self.arrivals[-1] - self.arrivals[0] if len(self.arrivals) >= 2 else None

    @property
    def max_gap_s(self) -> float:
        """The longest pause between two reads that carried text (first read included)."""
        points = [0.0, *self.arrivals]
        return max((b - a for a, b in itertools.pairwise(points)), default=0.0)

    def keep(self, data: bytes) -> None:
        self.size += len(data)
        if len(self.raw) < SAMPLE_BYTES:
            self.raw += data[: SAMPLE_BYTES - len(self.raw)]

    def sample(self, chars: int = 70) -> str:
        """The start of what the backend sent, as it sent it (quoted)."""
        if not self.raw:
            return ""
        return repr(self.raw.decode("utf-8", "replace")[:chars])

    def quote(self) -> str:
        """The evidence, in the backend's own terms (and a sample of its bytes)."""
        if self.status is None:
            return f"{self.label}: {self.reason or 'no answer'}"
        if self.status == 404:  # not a refusal: the path is wrong (base path, --path)
            said = f" ({self.reason})" if self.reason else ""
            return f"{self.label} → HTTP 404: no such endpoint at {self.url}{said}"
        head = f"{self.label} → HTTP {self.status}"
        if self.reason:
            return f"{head}: {self.reason}"
        what = [self.content_type] if self.content_type else []
        if self.size:
            what.append(f"{self.size} B")
        if self.frames:
            what.append(f"{len(self.frames)} {'binary ' if self.binary else ''}frame(s)")
        if self.ended:
            what.append(f"end: {self.ended}")
        said = f" ({', '.join(what)})" if what else ""
        sample = f": {self.sample()}" if self.raw else ""
        return head + said + sample


class Wire:
    """Counts requests and time; waits are derived from the backend's own pace, and said.

    A reply is read to its end: the first byte may take `FIRST_BYTE_S` or twice the longest
    reply seen so far, and a pause between reads may last `MIN_IDLE_S` or `GAP_FACTOR` times the
    longest pause seen so far, whichever is longer. No fixed cap on a whole reply.
    """

    def __init__(
        self,
        base_url: str,
        headers: Mapping[str, str],
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.progress = progress
        """Told the label of each exchange as it starts (the window's progress line)."""
        self.base_url = base_url.rstrip("/")
        self.base_path = urlsplit(self.base_url).path
        """The path part of the base URL (`/nothing` in `http://h/nothing`): every label has it."""
        self.headers = dict(headers)
        self.requests = 0
        self.started = time.monotonic()
        self.longest_reply_s = 0.0
        self.longest_gap_s = 0.0
        self._client = httpx.AsyncClient(
            trust_env=False, timeout=httpx.Timeout(None, connect=5.0), headers=self.headers
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    def first_wait_s(self) -> float:
        return max(FIRST_BYTE_S, 2 * self.longest_reply_s + 5)

    def idle_wait_s(self, attempt: Attempt | None = None) -> float:
        gap = max(self.longest_gap_s, attempt.max_gap_s if attempt is not None else 0.0)
        return max(MIN_IDLE_S, GAP_FACTOR * gap)

    def patience(self) -> str:
        """The waits as they stand now, in words (the report says what bound it used)."""
        return self._bound()

    def _bound(self) -> str:
        gap = self.longest_gap_s
        return (
            f"waited up to {self.first_wait_s():.0f} s for the first byte and"
            f" {self.idle_wait_s():.1f} s between reads"
            + (f" ({GAP_FACTOR:g}× the longest pause seen, {gap:.2f} s)" if gap else "")
        )

    def _learn(self, attempt: Attempt, took: float) -> None:
        if attempt.ended in ("marker", "eof", "silence") or attempt.ended.startswith("close"):
            self.longest_reply_s = max(self.longest_reply_s, took)
            self.longest_gap_s = max(self.longest_gap_s, attempt.max_gap_s)

    async def call(
        self,
        method: str,
        path: str,
        *,
        note: str = "",
        params: Mapping[str, str] | None = None,
        json_body: Any = None,
        form: Mapping[str, str] | None = None,
        framing: str | None = None,
        done: Callable[[str], bool] | None = None,
    ) -> Attempt:
        """One HTTP call. With `framing` the body is read as a stream and parsed as it arrives
        (stopping at the framing's end event, or `done(text)`; a text/event-stream answer is
        parsed as SSE whatever was asked); else read whole (JSON if it is).

        The label is the method and the path as sent, then `note` (e.g. `?message=…`)."""
        url = self.base_url + path
        attempt = Attempt(f"{method} {self.base_path}{path}{note}", url=url)
        self._count(attempt.label)
        kwargs: dict[str, Any] = {"params": params}
        if json_body is not None:
            kwargs["json"] = json_body
        if form is not None:
            kwargs["data"] = form
        attempt.bound = self._bound()
        t0 = time.monotonic()
        try:
            async with asyncio.timeout(self.first_wait_s()):
                response = await self._client.send(
                    self._client.build_request(method, url, **kwargs), stream=True
                )
            try:
                attempt.status = response.status_code
                attempt.content_type = response.headers.get("content-type", "").split(";")[0]
                attempt.server = response.headers.get("via") or response.headers.get("server", "")
                if framing is not None and "event-stream" in attempt.content_type:
                    framing = SSE_FRAMING if framing == TEXT_FRAMING else framing
                    attempt.framing = SSE_FRAMING
                await self._read(response, attempt, t0, framing, done)
            finally:
                await response.aclose()
        except TimeoutError:
            attempt.ended = "limit"
            if not attempt.text:
                attempt.reason = f"no answer: {attempt.bound}"
        except httpx.ConnectError as exc:
            _no_connection(attempt, exc)
        except httpx.ConnectTimeout as exc:
            attempt.failure = FailureKind.TIMEOUT
            attempt.reason = f"connect timed out ({_said(exc)})"
        except httpx.RemoteProtocolError as exc:
            attempt.ended = "drop"
            attempt.reason = (
                f"the connection was cut after {attempt.size} B, without the body's end"
                f" ({_said(exc)})"
            )
        except httpx.HTTPError as exc:
            attempt.reason = _said(exc)
        self._learn(attempt, time.monotonic() - t0)
        return attempt

    async def _read(
        self,
        response: httpx.Response,
        attempt: Attempt,
        t0: float,
        framing: str | None,
        done: Callable[[str], bool] | None,
    ) -> None:
        reads = response.aiter_raw()
        parser = (
            make_parser(framing) if framing is not None and response.status_code < 400 else None
        )
        chunks: list[bytes] = []
        while True:
            wait = self.idle_wait_s(attempt) if attempt.size else self.first_wait_s()
            try:
                async with asyncio.timeout(wait):
                    data = await anext(reads)
            except StopAsyncIteration:
                break
            except TimeoutError:
                attempt.ended = "limit"
                attempt.reason = attempt.reason or (
                    f"the reply stopped without an end: nothing for {wait:.1f} s after"
                    f" {attempt.size} B ({attempt.bound})"
                )
                return
            attempt.keep(data)
            if parser is None:
                chunks.append(data)
                continue
            finished, carried = False, False
            for piece in parser.feed(data):
                if piece.error:
                    attempt.reason = f"error event: {piece.error}"
                finished = finished or piece.done
                carried = carried or bool(piece.text)
                attempt.text += piece.text
                attempt.stamped = attempt.stamped or piece.emitted_at is not None
            if carried:
                attempt.arrivals.append(time.monotonic() - t0)
            if finished or (done is not None and done(attempt.text)):
                attempt.ended = "marker"
                return
        attempt.ended = "eof"
        if parser is not None:
            for piece in parser.close():
                attempt.text += piece.text
            return
        raw = b"".join(chunks)
        if response.status_code >= 400:
            attempt.reason = backend_reason(raw)
            return
        attempt.text = raw.decode("utf-8", "replace")
        attempt.arrivals.append(time.monotonic() - t0)
        try:
            attempt.body = json.loads(attempt.text)
        except ValueError:
            attempt.body = None

    async def socket(self, url: str, payload: str) -> Attempt:
        """Open a socket, send `payload`, read frames until an end: an end frame (`[DONE]`, a
        done envelope), a close, or silence (longer than the pace seen allows)."""
        attempt = Attempt("WS " + (urlsplit(url).path or "/"), url=url)
        self._count(attempt.label)
        attempt.bound = self._bound()
        t0 = time.monotonic()
        try:
            async with connect(
                url, additional_headers=self.headers, open_timeout=5, close_timeout=1
            ) as sock:
                attempt.status = 101
                await sock.send(payload)
                while True:
                    wait = self.idle_wait_s(attempt) if attempt.frames else self.first_wait_s()
                    try:
                        frame = await asyncio.wait_for(sock.recv(), wait)
                    except TimeoutError:
                        attempt.ended = "silence" if attempt.frames else "limit"
                        if attempt.frames:
                            attempt.bound = (
                                f"called over after {wait:.1f} s without a frame"
                                f" ({GAP_FACTOR:g}× the longest pause seen, at least"
                                f" {MIN_IDLE_S:g} s)"
                            )
                        break
                    if isinstance(frame, bytes):
                        attempt.binary = True
                        data = frame
                        text = frame.decode("utf-8", "replace")
                    else:
                        data, text = frame.encode("utf-8"), frame
                    attempt.keep(data + b"\n")
                    if text.strip() == DONE_MARKER or is_done(load_json(text)):
                        attempt.ended = "marker"
                        attempt.end_frame = text[:80]
                        break
                    attempt.frames.append(text)
                    attempt.arrivals.append(time.monotonic() - t0)
        except ConnectionClosed as exc:
            if exc.rcvd is None:  # no close frame: the connection was cut, not closed
                attempt.ended = "drop"
            else:
                attempt.ended = f"close {exc.rcvd.code}"
        except InvalidStatus as exc:
            attempt.status = exc.response.status_code
            attempt.reason = backend_reason(bytes(exc.response.body or b""))
        except OSError as exc:
            _no_connection(attempt, exc)
        except (InvalidURI, TimeoutError) as exc:
            attempt.reason = f"{type(exc).__name__}: {exc}"
        except Exception as exc:  # websockets raises a handful of handshake errors
            attempt.reason = f"{type(exc).__name__}: {exc}"
        self._learn(attempt, time.monotonic() - t0)
        return attempt

    def _count(self, label: str) -> None:
        self.requests += 1
        if self.progress is not None:
            self.progress(label)

    @property
    def elapsed_s(self) -> float:
        return time.monotonic() - self.started


def _said(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _no_connection(attempt: Attempt, exc: BaseException) -> None:
    """A connect that failed: a name that does not resolve is not a refusal."""
    host = urlsplit(attempt.url).hostname or attempt.url
    if name_not_resolved(exc):
        attempt.failure = FailureKind.UNREACHABLE
        attempt.reason = f"name not resolved: {host} ({_said(exc)})"
    else:
        attempt.failure = FailureKind.REFUSED
        attempt.reason = f"connection refused by {host} ({_said(exc)})"
