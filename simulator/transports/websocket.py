"""WebSocket: connectSocket, send `{message, userId}`, append frames; reconnect and resume."""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from simulator.transports.backend import BackendProfile
from simulator.transports.base import SendMessage, Transport
from simulator.transports.events import EmitEvent
from simulator.transports.failures import Failure, FailureKind, wx_failure
from simulator.transports.framing import WS_ENVELOPE, WsFrame, parse_socket_frame
from simulator.transports.reply import ReplyRun, as_bytes, begin_run, scenario_of
from simulator.wx.payload import wire_size

if TYPE_CHECKING:
    from simulator.wx import WxRuntime

FINAL_CLOSE_CODES = {
    1003: FailureKind.PROTOCOL,
    1007: FailureKind.MALFORMED,
    1008: FailureKind.BACKEND_ERROR,
    1009: FailureKind.TOO_LARGE,
    1010: FailureKind.PROTOCOL,
}
"""Close codes that blame the message itself (RFC 6455 §7.4.1: unsupported or invalid data,
policy, too big, extension): sending it again cannot help, so the run fails at once."""


@dataclass(frozen=True, slots=True)
class _Ended:
    """How one connection ended: done, an error from the server, or dropped."""

    kind: str  # "done" | "error" | "dropped" | "gap"
    failure: Failure | None = None
    """Why, for every kind but done."""
    note: str = ""
    """For done: how the reply was seen to end, when not by an end frame (close, silence)."""

    @property
    def detail(self) -> str:
        return self.failure.detail if self.failure is not None else self.note

    def failed(self, suffix: str = "") -> Failure:
        """The run's failure, with `suffix` after the detail (why no reconnect helps)."""
        f = self.failure or Failure(FailureKind.UNKNOWN, "socket ended without a reason")
        return replace(f, detail=f"{f.detail}{suffix}") if suffix else f


def _ended(kind: str, failure_kind: FailureKind, detail: str, **extra: Any) -> _Ended:
    return _Ended(kind, Failure(failure_kind, detail, **extra))


@dataclass
class _Resume:
    """What a reconnect needs to continue the same reply: its id and the next sequence number."""

    reply_id: str | None = None
    next_seq: int = 0


class WebSocketTransport(Transport):
    """The seed's first choice, with its 断线重连: exponential backoff after a drop.

    With envelope framing each chunk has a sequence number, so after a reconnect the page
    sends `{"type":"resume","replyId","fromSeq"}` and drops any chunk it already has: no text
    is lost or repeated. The seed's raw framing cannot say where it stopped, so a drop after
    text arrived ends the run (RunFailed, partial text kept) instead of guessing.
    The envelope's `start` frame names the reply, so even a drop before the first chunk
    resumes. A socket that never opened is not retried: the run fails at once (so `auto` can
    step down), as the seed only uses the socket when `wsConnected`.

    One socket per reply (the page opens it on send and closes it on done).
    """

    name: ClassVar[str] = "websocket"

    def __init__(
        self,
        wx: WxRuntime,
        backend: BackendProfile,
        *,
        max_reconnects: int = 5,
        backoff_s: float = 0.2,
        backoff_max_s: float = 3.0,
        connect_timeout_ms: int = 10_000,
        idle_timeout_s: float = 60.0,
        idle_end_s: float | None = None,
    ) -> None:
        super().__init__(wx, backend)
        self.max_reconnects = max_reconnects
        self.backoff_s = backoff_s
        self.backoff_max_s = backoff_max_s
        self.connect_timeout_ms = connect_timeout_ms
        self.idle_timeout_s = idle_timeout_s
        self.idle_end_s = idle_end_s if idle_end_s is not None else backend.ws_idle_end_s
        """Raw frames: silence this long after text ends the reply (None: only a marker/close)."""

    async def run(self, message: SendMessage, emit: EmitEvent) -> None:
        run, url = begin_run(self, message, emit, self.backend.socket_url(), "WebSocket endpoint")
        if url is None:
            return
        resume = _Resume()
        drops = 0
        try:
            while True:
                ended = await self._connection(url, message, run, resume)
                if ended.kind == "done":
                    if ended.detail:
                        run.note(ended.detail)
                    run.complete(resume.reply_id)
                    return
                if ended.kind == "error":
                    run.fail(ended.failed())
                    return
                if not run.connected:
                    run.fail(
                        ended.failed()
                    )  # never opened: nothing to reconnect to (auto moves on)
                    return
                if self.backend.ws_framing != WS_ENVELOPE and run.chars:
                    run.fail(ended.failed("; frames without sequence numbers: cannot resume"))
                    return
                drops += 1
                if drops > self.max_reconnects:
                    run.fail(ended.failed(f"; gave up after {self.max_reconnects} reconnects"))
                    return
                delay = min(self.backoff_max_s, self.backoff_s * 2 ** (drops - 1))
                run.note(
                    f"{ended.detail}; reconnecting in {delay * 1000:.0f} ms"
                    f" ({drops}/{self.max_reconnects})"
                )
                await asyncio.sleep(delay)
        except asyncio.CancelledError:
            run.stop()
            raise

    async def _connection(
        self, url: str, message: SendMessage, run: ReplyRun, resume: _Resume
    ) -> _Ended:
        """One socket from connect to close; the reply may continue on the next one."""
        loop = asyncio.get_running_loop()
        ended: asyncio.Future[_Ended] = loop.create_future()
        activity = [loop.time()]  # last sign of life, for the idle watchdog

        def finish(result: _Ended) -> None:
            if not ended.done():
                ended.set_result(result)

        def on_open(res: dict[str, Any]) -> None:
            activity[0] = loop.time()
            run.opened("socket open")
            if resume.reply_id is not None:
                run.note(f"resuming reply {resume.reply_id} from seq {resume.next_seq}")
                payload: dict[str, Any] = {
                    "type": "resume",
                    "replyId": resume.reply_id,
                    "fromSeq": resume.next_seq,
                    "userId": message.user_id,
                }
            else:
                payload = {"message": message.text, "userId": message.user_id}
                scenario = scenario_of(self.backend, message)
                if scenario:
                    payload["scenario"] = scenario
            sock.send(
                data=json.dumps(payload, ensure_ascii=False),
                fail=lambda r: finish(_Ended("dropped", wx_failure(r, "send failed: "))),
            )

        def on_message(res: dict[str, Any]) -> None:
            activity[0] = loop.time()
            data = res.get("data")
            nbytes = wire_size(data) if isinstance(data, str | bytes) else len(as_bytes(data))
            b = self.backend
            raw = data if isinstance(data, str) else as_bytes(data)
            frame = parse_socket_frame(
                b.ws_framing, raw, json_shape=b.ws_json, binary_text=b.ws_binary_text
            )
            outcome = self._frame(frame, nbytes, run, resume)
            if run.ended:  # over the run's budget (the run failed with its text kept)
                outcome = _ended("error", FailureKind.TOO_LARGE, "over the run's budget")
            if outcome is not None:
                finish(outcome)

        def on_close(res: dict[str, Any]) -> None:
            code = res.get("code")
            code = code if isinstance(code, int) else None
            reason = str(res.get("reason") or "")
            detail = f"connection closed ({code} {reason})".rstrip()
            if code == 1000 and self.backend.ws_framing != WS_ENVELOPE and run.chars:
                # A normal close after text is how a raw-frame backend may end its reply.
                finish(_Ended("done", note=f"reply ended by close 1000 after {run.chars} chars"))
                return
            kind = FINAL_CLOSE_CODES.get(code) if code is not None else None
            failure = Failure(kind or FailureKind.DROPPED, detail, status=code, reason=reason)
            finish(_Ended("error" if kind is not None else "dropped", failure))

        def on_error(res: dict[str, Any]) -> None:
            failure = run.wx_failure(res, "socket error: ")
            # The page failed the connection over the message itself (1007, 1009): final
            final = failure.kind in FINAL_CLOSE_CODES.values()
            finish(_Ended("error" if final else "dropped", failure))

        run.request("socket", url)
        sock = self.wx.connectSocket(
            url=url,
            header=self.backend.request_headers(),
            timeout=self.connect_timeout_ms,
            fail=lambda res: finish(_Ended("dropped", wx_failure(res, "connect failed: "))),
        )
        sock.onOpen(on_open)
        sock.onMessage(on_message)
        sock.onClose(on_close)
        sock.onError(on_error)
        try:
            # Idle watchdog: wake at most once per idle period, not once per frame.
            while not ended.done():
                quiet = loop.time() - activity[0]
                silence_ends = self.idle_end_s is not None and run.chars > 0
                if silence_ends and self.idle_end_s is not None and quiet >= self.idle_end_s:
                    note = f"ended by silence: no frame for {self.idle_end_s:g} s"
                    finish(_Ended("done", note=note))
                    break
                wait = self.idle_timeout_s - quiet
                if wait <= 0:
                    detail = f"no frame for {self.idle_timeout_s:g} s"
                    finish(_ended("error", FailureKind.TIMEOUT, detail))
                    break
                if self.idle_end_s is not None:
                    # Before the first text, look again every period: text may start any time.
                    wait = min(wait, self.idle_end_s - quiet if silence_ends else self.idle_end_s)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(ended), wait)
            return ended.result()
        finally:
            sock.close(code=1000, reason="reply finished")

    def _frame(self, frame: WsFrame, nbytes: int, run: ReplyRun, resume: _Resume) -> _Ended | None:
        """Apply one parsed frame; returns how the connection ends, or None to go on."""
        if frame.kind == "chunk" and frame.seq is None:  # raw/json framing: no order to check
            run.chunk(frame.text, nbytes, emitted_at=frame.emitted_at)
            return None
        if frame.kind != "chunk":
            run.empty("frame", nbytes)
        if frame.kind == "binary":
            run.note(f"non-text frame ignored ({nbytes} bytes)")
            return None
        if frame.kind in ("malformed", "unexpected"):
            run.note(f"{frame.kind} frame ignored: {frame.text[:60]!r}")
            return None
        if frame.kind == "error":
            detail = f"server error {frame.code}: {frame.reason}" if frame.code else frame.reason
            return _ended("error", FailureKind.BACKEND_ERROR, detail, reason=frame.reason)
        if frame.reply_id is not None and resume.reply_id is None:
            resume.reply_id = frame.reply_id
            run.learn_reply_id(frame.reply_id)
        if frame.kind == "start":
            return None
        seq = frame.seq
        if frame.kind == "done":
            if seq is not None and seq > resume.next_seq:
                detail = f"done after {seq} chunks but only {resume.next_seq} arrived"
                return _ended("gap", FailureKind.PROTOCOL, detail)
            return _Ended("done")
        assert seq is not None
        if seq < resume.next_seq:
            run.note(f"duplicate chunk {seq} dropped")
            run.empty("frame", nbytes)
            return None
        if seq > resume.next_seq:
            run.empty("frame", nbytes)
            detail = f"chunk {resume.next_seq} missing (got {seq})"
            return _ended("gap", FailureKind.PROTOCOL, detail)
        run.chunk(frame.text, nbytes, seq, frame.emitted_at)
        resume.next_seq += 1
        return None
