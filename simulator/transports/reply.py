"""Shared by the transports: one reply's text, its events, and ending it exactly once."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import TYPE_CHECKING, Any, TypeVar

from simulator.transports.backend import BackendProfile, Endpoint
from simulator.transports.base import SendMessage, Transport
from simulator.transports.events import (
    ChunkReceived,
    ConnectionOpened,
    EmitEvent,
    EmptyResponseReceived,
    MessageSent,
    ReplyCompleted,
    RequestMade,
    RunFailed,
    RunStopped,
    TransportNote,
)
from simulator.transports.failures import (
    PLATFORM_SIZE_LIMITS,
    Failure,
    FailureKind,
    http_failure,
    over_budget,
    wx_failure,
)
from simulator.transports.framing import error_message
from simulator.wx.config import reply_limit

if TYPE_CHECKING:
    from simulator.wx import WxRuntime

logger = logging.getLogger("simulator.transports")
T = TypeVar("T")
E = TypeVar("E")


class ReplyRun:
    """The page's side of one reply: emits timeline events and remembers the text shown.

    Call `sent` first; then any of `request`, `opened`, `chunk`, `empty`, `note`; then exactly
    one of `complete`, `fail`, `stop` (later calls to these three are ignored, so a late wx
    callback after an abort cannot end a run twice).
    """

    def __init__(self, transport: str, emit: EmitEvent, budget: int | None = None) -> None:
        self.transport = transport
        self._emit = emit
        self.budget = budget
        """The run's memory budget (`WxConfig.run_budget_bytes`); None: unbounded. The page
        may hold `reply_limit(budget)` bytes of text."""
        self.limit = reply_limit(budget) if budget is not None else None
        self.held = 0
        """UTF-8 bytes of the text shown so far."""
        self.received = 0
        """Wire bytes reported with the text and the empty responses."""
        self._parts: list[str] = []
        self.ended = False
        self.connected = False
        self.reply_id: str | None = None
        """Set by the transport as soon as the backend names the reply."""
        self.altered: str | None = None
        """Why the text shown differs from what the backend sent (first reason), if it does."""

    @property
    def text(self) -> str:
        return "".join(self._parts)

    @property
    def chars(self) -> int:
        return sum(len(p) for p in self._parts)

    def shown_starts(self, content: str) -> bool:
        """`content` starts with the text shown so far (compared piece by piece: a long
        reply polled many times is never joined again for it)."""
        at = 0
        for part in self._parts:
            if not content.startswith(part, at):
                return False
            at += len(part)
        return True

    def learn_reply_id(self, reply_id: object) -> None:
        """Remember the backend's reply id the first time one is seen."""
        if self.reply_id is None and isinstance(reply_id, str) and reply_id:
            self.reply_id = reply_id

    def sent(self, message: SendMessage) -> None:
        self._emit(MessageSent(time.monotonic(), self.transport, message.text))

    def request(self, kind: str, url: str) -> None:
        logger.debug("> %s %s %s", self.transport, kind, url)
        self._emit(RequestMade(time.monotonic(), kind, url))

    def opened(self, detail: str) -> None:
        """First sign of life; only the first call of a run becomes `ConnectionOpened`."""
        if not self.connected:
            self.connected = True
            self._emit(ConnectionOpened(time.monotonic(), detail))

    def chunk(
        self, text: str, nbytes: int, seq: int | None = None, emitted_at: float | None = None
    ) -> None:
        if self.ended:
            return  # late pieces after the end (over the budget, aborted) are not shown
        if not text:
            self.empty("frame", nbytes)
            return
        self._parts.append(text)
        self.received += nbytes
        self.held += len(text) if text.isascii() else len(text.encode())
        self._emit(ChunkReceived(time.monotonic(), text, nbytes, seq, emitted_at))
        if self.budget is not None and self.limit is not None and self.held > self.limit:
            # Across the run's tasks (polls, reconnects): each task is bounded by the runtime
            cause = f"its text reached {self.held} bytes over its tasks"
            self.fail(over_budget(self.budget, self.held, cause))

    def empty(self, kind: str, nbytes: int) -> None:
        self.received += nbytes
        self._emit(EmptyResponseReceived(time.monotonic(), kind, nbytes))

    def wx_failure(self, res: dict[str, Any], prefix: str = "") -> Failure:
        """A wx `fail` result as the run's failure; the runtime's size bounds (set from the
        run's budget) are named as the budget, with what was received."""
        failure = wx_failure(res, prefix)
        if self.budget is not None and any(t in failure.detail for t in PLATFORM_SIZE_LIMITS):
            cause = f"the runtime stopped reading at it ({failure.detail})"
            return over_budget(self.budget, self.held, cause)
        return failure

    def alter(self, why: str) -> None:
        """The text shown is not what the backend sent (e.g. bytes shown as U+FFFD): the run
        may still complete, but its verdict cannot be ok."""
        if self.altered is None:
            self.altered = why
        self.note(f"text altered: {why}")

    def note(self, message: str) -> None:
        logger.info("= %s: %s", self.transport, message)
        self._emit(TransportNote(time.monotonic(), message))

    def complete(self, reply_id: str | None = None) -> None:
        if not self.ended:
            self.ended = True
            rid = reply_id or self.reply_id
            self._emit(ReplyCompleted(time.monotonic(), self.text, rid, self.altered))

    def fail(self, failure: Failure) -> None:
        if not self.ended:
            self.ended = True
            logger.info("! %s: %s (%s)", self.transport, failure.detail, failure.kind)
            f = failure
            at = time.monotonic()
            fields = (f.kind, f.status, f.errno, f.reason)
            self._emit(RunFailed(at, f.detail, self.text, self.reply_id, *fields))

    def stop(self) -> None:
        if not self.ended:
            self.ended = True
            self._emit(RunStopped(time.monotonic(), self.text, self.reply_id))


def settle(future: asyncio.Future[T], value: T) -> None:
    """Resolve `future` unless it is already done (late callbacks after abort are normal)."""
    if not future.done():
        future.set_result(value)


def message_body(backend: BackendProfile, message: SendMessage, *, stream: bool) -> dict[str, Any]:
    """The JSON body the backend expects: the seed's `{message, userId}` or OpenAI's messages."""
    if backend.body_style == "openai":
        return {
            "model": backend.model,
            "messages": [{"role": "user", "content": message.text}],
            "stream": stream,
        }
    return {"message": message.text, "userId": message.user_id}


FORM = "application/x-www-form-urlencoded"


def message_request(
    backend: BackendProfile,
    endpoint: Endpoint,
    message: SendMessage,
    *,
    stream: bool,
    **query: str | None,
) -> tuple[str, Any, dict[str, str]]:
    """URL, `data` and extra headers that carry `message` as the endpoint reads it.

    JSON body by default; `query`/`form` for a Spring `@RequestParam` endpoint (it reads the
    query string or a form body and answers 400 to a JSON one). OpenAI bodies are always JSON.
    """
    if endpoint.params == "json" or backend.body_style == "openai":
        return (
            backend.url(endpoint.path, **query),
            message_body(backend, message, stream=stream),
            {},
        )
    fields = {"message": message.text, "userId": message.user_id}
    if endpoint.params == "query":
        return backend.url(endpoint.path, **query, **fields), None, {}
    return backend.url(endpoint.path, **query), fields, {"content-type": FORM}


def scenario_of(backend: BackendProfile, message: SendMessage) -> str | None:
    """The scenario spec to pass along, only to a backend that understands it."""
    return message.scenario if backend.send_scenario else None


def status_of(res: dict[str, Any]) -> int | None:
    code = res.get("statusCode")
    return code if isinstance(code, int) else None


def as_bytes(data: Any) -> bytes:
    """A wx payload (ArrayBuffer ≙ bytes, or text) as bytes."""
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    if isinstance(data, str):
        return data.encode("utf-8")
    return b""


def begin_run(
    transport: Transport, message: SendMessage, emit: EmitEvent, endpoint: E | None, what: str
) -> tuple[ReplyRun, E | None]:
    """A new run with `MessageSent` emitted; it fails at once when the profile lacks `what`.

    Returns:
        The run and `endpoint`; a None endpoint means the run has already ended.
    """
    run = ReplyRun(transport.name, emit, transport.wx.config.run_budget_bytes)
    run.sent(message)
    if endpoint is None:
        detail = f"backend profile {transport.backend.name!r} has no {what}"
        run.fail(Failure(FailureKind.UNSUPPORTED_BY_BACKEND, detail))
    return run, endpoint


async def request_text(
    wx: WxRuntime,
    url: str,
    method: str,
    data: Any,
    header: dict[str, str],
    timeout_ms: int,
    run: ReplyRun,
) -> tuple[bool, dict[str, Any]]:
    """One whole-body `wx.request` read as text: (True, success res) or (False, fail res).

    Text the runtime had to alter (bytes its charset cannot decode became U+FFFD, as the
    platform converts "if possible") is what the page gets; `run` is told it is altered.
    Cancelling the caller aborts the request.
    """
    future: asyncio.Future[tuple[bool, dict[str, Any]]] = asyncio.get_running_loop().create_future()
    task = wx.request(
        url=url,
        method=method,
        data=data,
        header=header,
        timeout=timeout_ms,
        dataType="text",
        responseType="text",
        success=lambda res: settle(future, (True, res)),
        fail=lambda res: settle(future, (False, res)),
    )
    try:
        ok, res = await future
    except asyncio.CancelledError:
        task.abort()
        raise
    flow = wx.flows.get(task.flow_id)
    if ok and flow is not None and flow.text_altered:
        run.alter("the response body is not valid in its charset: the platform shows U+FFFD")
    return ok, res


def http_error(status: int | None, body: bytes) -> Failure | None:
    """The run's failure for an error status (with the body's message), or None below 400."""
    if status is None or status < 400:
        return None
    return http_failure(status, backend_reason(body))


def backend_reason(body: bytes) -> str:
    """The backend's own words for an error body; Spring's `{error, message}` keeps both."""
    if not body:
        return ""
    try:
        parsed = json.loads(body.decode("utf-8", "replace"))
    except ValueError:
        parsed = None
    if isinstance(parsed, dict) and isinstance(parsed.get("message"), str):
        head = parsed.get("error")
        if isinstance(head, str) and head:
            return f"{head}: {parsed['message']}"[:300]
        return str(parsed["message"])[:300]
    return error_message(body)
