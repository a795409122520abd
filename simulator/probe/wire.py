"""The probe's own client: bounded HTTP and WebSocket exchanges, each summarised as an Attempt.

The probe is a diagnostic tool, not mini-program traffic, so it talks httpx/websockets
directly; it counts every request and never runs two at once (polite: no load).
"""

from __future__ import annotations

import asyncio
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
from simulator.transports.framing import make_parser
from simulator.transports.reply import backend_reason
from simulator.wx.http_driver import name_not_resolved


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
    """How the reply ended: "marker", "close <code>", "silence", "eof", "limit"."""
    body: Any = None
    """Parsed JSON body of a whole-body answer."""
    frames: list[str] = field(default_factory=list)
    framing: str = "text"
    """How the body is framed, once the probe has looked at it ("text" or "sse")."""
    stamped: bool = False
    """The events carry the backend's emission stamps (`emittedAt`)."""
    failure: FailureKind | None = None
    """Why nothing answered: UNREACHABLE (name not resolved), REFUSED, TIMEOUT (connect)."""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300 and not self.reason

    @property
    def spread_s(self) -> float | None:
        return self.arrivals[-1] - self.arrivals[0] if len(self.arrivals) >= 2 else None

    def quote(self) -> str:
        """The evidence, in the backend's own terms."""
        if self.status is None:
            return f"{self.label}: {self.reason or 'no answer'}"
        if self.status == 404:  # not a refusal: the path is wrong (base path, --path)
            said = f" ({self.reason})" if self.reason else ""
            return f"{self.label} → HTTP 404: no such endpoint at {self.url}{said}"
        return f"{self.label} → HTTP {self.status}" + (f": {self.reason}" if self.reason else "")


class Wire:
    """Counts requests and time; every call is bounded by `read_s` and the overall budget."""

    def __init__(
        self,
        base_url: str,
        headers: Mapping[str, str],
        read_s: float = 15.0,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.progress = progress
        """Told the label of each exchange as it starts (the window's progress line)."""
        self.base_url = base_url.rstrip("/")
        self.base_path = urlsplit(self.base_url).path
        """The path part of the base URL (`/nothing` in `http://h/nothing`): every label has it."""
        self.headers = dict(headers)
        self.read_s = read_s
        self.requests = 0
        self.started = time.monotonic()
        self._client = httpx.AsyncClient(
            trust_env=False, timeout=httpx.Timeout(read_s, connect=5.0), headers=self.headers
        )

    async def aclose(self) -> None:
        await self._client.aclose()

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
        (stopping at the framing's end event, or `done(text)`); else read whole (JSON if it is).

        The label is the method and the path as sent, then `note` (e.g. `?message=…`)."""
        url = self.base_url + path
        attempt = Attempt(f"{method} {self.base_path}{path}{note}", url=url)
        self._count(attempt.label)
        kwargs: dict[str, Any] = {"params": params}
        if json_body is not None:
            kwargs["json"] = json_body
        if form is not None:
            kwargs["data"] = form
        t0 = time.monotonic()
        try:
            async with asyncio.timeout(self.read_s):
                async with self._client.stream(method, url, **kwargs) as response:
                    attempt.status = response.status_code
                    if response.status_code >= 400 or framing is None:
                        raw = await response.aread()
                        if response.status_code >= 400:
                            attempt.reason = backend_reason(raw)
                        else:
                            attempt.text = raw.decode("utf-8", "replace")
                            attempt.arrivals.append(time.monotonic() - t0)
                            try:
                                attempt.body = json.loads(attempt.text)
                            except ValueError:
                                attempt.body = None
                        attempt.ended = "eof"
                        return attempt
                    parser = make_parser(framing)
                    async for data in response.aiter_raw():
                        finished, carried = False, False
                        for piece in parser.feed(data):
                            if piece.error:
                                attempt.reason = f"error event: {piece.error}"
                            finished = finished or piece.done
                            carried = carried or bool(piece.text)
                            attempt.text += piece.text
                        if carried:
                            attempt.arrivals.append(time.monotonic() - t0)
                        if finished or (done is not None and done(attempt.text)):
                            attempt.ended = "marker"
                            return attempt
                    for piece in parser.close():
                        attempt.text += piece.text
                    attempt.ended = "eof"
        except TimeoutError:
            attempt.ended = "limit"
            if not attempt.text:
                attempt.reason = f"no answer within {self.read_s:g} s"
        except httpx.ConnectError as exc:
            _no_connection(attempt, exc)
        except httpx.ConnectTimeout as exc:
            attempt.failure = FailureKind.TIMEOUT
            attempt.reason = f"connect timed out ({_said(exc)})"
        except httpx.HTTPError as exc:
            attempt.reason = _said(exc)
        return attempt

    async def socket(
        self,
        url: str,
        payload: str,
        *,
        silence_s: float = 2.0,
    ) -> Attempt:
        """Open a socket, send `payload`, read frames until an end: `[DONE]`, a close, silence."""
        attempt = Attempt("WS " + (urlsplit(url).path or "/"), url=url)
        self._count(attempt.label)
        t0 = time.monotonic()
        try:
            async with connect(
                url, additional_headers=self.headers, open_timeout=5, close_timeout=1
            ) as sock:
                attempt.status = 101
                await sock.send(payload)
                deadline = t0 + self.read_s
                while True:
                    wait = deadline - time.monotonic()
                    if attempt.frames:
                        wait = min(wait, silence_s)
                    if wait <= 0:
                        attempt.ended = "limit"
                        return attempt
                    try:
                        frame = await asyncio.wait_for(sock.recv(), wait)
                    except TimeoutError:
                        attempt.ended = "silence" if attempt.frames else "limit"
                        return attempt
                    text = frame if isinstance(frame, str) else frame.decode("utf-8", "replace")
                    if text.strip() == "[DONE]":
                        attempt.ended = "marker"
                        return attempt
                    attempt.frames.append(text)
                    attempt.arrivals.append(time.monotonic() - t0)
        except ConnectionClosed as exc:
            code = exc.rcvd.code if exc.rcvd is not None else None
            attempt.ended = f"close {code}"
        except InvalidStatus as exc:
            attempt.status = exc.response.status_code
            attempt.reason = backend_reason(bytes(exc.response.body or b""))
        except OSError as exc:
            _no_connection(attempt, exc)
        except (InvalidURI, TimeoutError) as exc:
            attempt.reason = f"{type(exc).__name__}: {exc}"
        except Exception as exc:  # websockets raises a handful of handshake errors
            attempt.reason = f"{type(exc).__name__}: {exc}"
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
