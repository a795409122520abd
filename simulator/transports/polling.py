"""Polling: start the reply, poll to the end — the seed's 1 s interval, or cursor + long-poll."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from simulator.transports.backend import BackendProfile
from simulator.transports.base import SendMessage, TimedTransport
from simulator.transports.events import EmitEvent
from simulator.transports.failures import Failure, FailureKind
from simulator.transports.framing import error_message
from simulator.transports.reply import (
    ReplyRun,
    as_bytes,
    begin_run,
    http_error,
    message_request,
    request_text,
    scenario_of,
    status_of,
)
from simulator.wx.payload import wire_size

if TYPE_CHECKING:
    from simulator.wx import WxRuntime


class PollError(Exception):
    """A poll or the start call failed; `failure` says why."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.detail)
        self.failure = failure


class PollingTransport(TimedTransport):
    """The seed's 轮询: POST start, then GET poll every `interval_s` (1 s) with the full content.

    With `long_poll=True` (the `longpoll` transport) each poll sends the cursor of what the
    page already holds and asks the backend to hold the answer up to `wait_ms` until something
    new exists: fewer requests, and new text reaches the page as soon as it is generated.
    """

    name: ClassVar[str] = "polling"

    def __init__(
        self,
        wx: WxRuntime,
        backend: BackendProfile,
        *,
        interval_s: float = 1.0,
        long_poll: bool = False,
        wait_ms: int = 10_000,
        deadline_s: float = 300.0,
        timeout_ms: int = 60_000,
    ) -> None:
        super().__init__(wx, backend, timeout_ms=timeout_ms)
        self.interval_s = interval_s
        self.long_poll = long_poll
        self.wait_ms = wait_ms
        self.deadline_s = deadline_s
        self._snapshot = False
        """Polling the seed's way (whole content, fixed interval) after the cursor was ignored."""

    async def run(self, message: SendMessage, emit: EmitEvent) -> None:
        start, poll = self.backend.poll_start, self.backend.poll
        both = (start, poll) if start is not None and poll is not None else None
        run, endpoints = begin_run(self, message, emit, both, "polling endpoints")
        if endpoints is None:
            return
        start, poll = endpoints
        session = uuid.uuid4().hex
        scenario = scenario_of(self.backend, message)
        url, data, extra = message_request(
            self.backend, start, message, stream=False, sessionId=session, scenario=scenario
        )
        # A backend known to ignore cursor/wait gets the seed's snapshot polling from the start.
        self._snapshot = self.backend.poll_cursor is False
        try:
            started, nbytes = await self._call(run, "request", url, start.method, data, extra)
            run.empty("response", nbytes)
            data = started.get("data")
            run.learn_reply_id(data.get("replyId") if isinstance(data, dict) else None)
            run.opened("poll session accepted")
            await self._poll_loop(run, session, message.user_id, poll.path, poll.method)
        except PollError as exc:
            run.fail(exc.failure)
        except asyncio.CancelledError:
            run.stop()
            raise

    async def _poll_loop(
        self, run: ReplyRun, session: str, user_id: str, path: str, method: str
    ) -> None:
        deadline = time.monotonic() + self.deadline_s
        cursor = 0
        while time.monotonic() < deadline:
            query: dict[str, str | None] = {"sessionId": session, "userId": user_id}
            long_poll = self.long_poll and not self._snapshot
            if long_poll:
                query |= {"cursor": str(cursor), "wait_ms": str(self.wait_ms)}
            asked = time.monotonic()
            body, nbytes = await self._call(
                run, "poll", self.backend.url(path, **query), method, None
            )
            data = body.get("data")
            if not isinstance(data, dict) or not isinstance(data.get("content"), str):
                detail = f"poll answer without data.content: {json.dumps(body)[:120]}"
                raise PollError(Failure(FailureKind.MALFORMED, detail))
            run.learn_reply_id(data.get("replyId"))
            new = self._new_text(run, data["content"], cursor if long_poll else None)
            if new:
                run.chunk(new, nbytes)
                if run.ended:
                    return  # over the run's budget: failed, its text kept
            else:
                run.empty("poll", nbytes)
            if long_poll and isinstance(data.get("cursor"), int):
                cursor = data["cursor"]
            elif long_poll:
                cursor += len(new)
            if data.get("complete") is True:
                run.complete()
                return
            if long_poll and not new and time.monotonic() - asked < min(self.wait_ms, 1000) / 2e3:
                # An empty answer long before wait_ms: the backend does not hold polls.
                self._to_snapshot(run, "answers at once instead of waiting (wait_ms ignored)")
            # A snapshot holds the whole reply: let it go before the next one is read
            del body, data, new
            if not long_poll or self._snapshot:
                await asyncio.sleep(self.interval_s)  # the seed: sleep(1000) after every poll
        detail = f"reply not complete after {self.deadline_s:.0f} s of polling"
        raise PollError(Failure(FailureKind.TIMEOUT, detail))

    def _new_text(self, run: ReplyRun, content: str, cursor: int | None) -> str:
        shown = run.chars
        if cursor is not None:
            if not (cursor > 0 and shown and run.shown_starts(content)):
                return content  # the cursor form answers only what is new
            # The whole content again although the cursor said what is held: a snapshot server.
            self._to_snapshot(run, "answered the whole content despite the cursor")
        elif self.backend.poll_content == "delta":
            return content
        if not run.shown_starts(content):
            detail = "poll content no longer starts with the text already shown"
            raise PollError(Failure(FailureKind.PROTOCOL, detail))
        return content[shown:]

    def _to_snapshot(self, run: ReplyRun, why: str) -> None:
        if not self._snapshot:
            self._snapshot = True
            run.note(
                f"backend ignores the cursor ({why}): snapshot polling every {self.interval_s:g} s"
            )

    async def _call(
        self,
        run: ReplyRun,
        kind: str,
        url: str,
        method: str,
        data: Any,
        extra: dict[str, str] | None = None,
    ) -> tuple[dict[str, Any], int]:
        """One wx.request, body read as text so the bytes moved are measured, then parsed as JSON.

        Returns the JSON object and the body's size; the caller counts the bytes.
        """
        run.request(kind, url)
        ok, res = await request_text(
            self.wx, url, method, data, self.backend.request_headers(extra), self.timeout_ms, run
        )
        if not ok:
            raise PollError(run.wx_failure(res))
        data = res.get("data")
        # The text as the page got it (dataType text): parsed as it is, not re-encoded
        text = data if isinstance(data, str) else as_bytes(data).decode("utf-8", "replace")
        nbytes = wire_size(text)
        error = http_error(status_of(res), text[:4096].encode())
        if error is not None:
            run.empty("poll" if kind == "poll" else "response", nbytes)
            raise PollError(error)
        try:
            body = json.loads(text)
        except ValueError as exc:
            detail = f"answer is not JSON: {text[:80].encode()!r}"
            raise PollError(Failure(FailureKind.MALFORMED, detail)) from exc
        if not isinstance(body, dict):
            detail = f"answer is not a JSON object: {text[:80].encode()!r}"
            raise PollError(Failure(FailureKind.MALFORMED, detail))
        if body.get("success") is False:
            reason = error_message(body)
            raise PollError(
                Failure(FailureKind.BACKEND_ERROR, f"backend refused: {reason}", reason=reason)
            )
        return body, nbytes


class LongPollTransport(PollingTransport):
    """Polling with a cursor and a server-side wait (`long_poll=True`)."""

    name: ClassVar[str] = "longpoll"

    def __init__(self, wx: WxRuntime, backend: BackendProfile, **options: Any) -> None:
        options.setdefault("long_poll", True)
        super().__init__(wx, backend, **options)
