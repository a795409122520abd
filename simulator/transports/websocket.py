"""WebSocket: connectSocket, send `{message, userId}`, append frames; reconnect and resume."""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from simulator.transports.backend import BackendProfile
from simulator.transports.base import SendMessage, Transport
from simulator.transports.events import EmitEvent
from simulator.transports.reply import ReplyRun, as_bytes, begin_run, scenario_of

if TYPE_CHECKING:
    from simulator.wx import WxRuntime

RAW_DONE = "[DONE]"
"""The seed-style raw framing's end-of-reply frame."""


FINAL_CLOSE_CODES = frozenset({1003, 1007, 1008, 1009, 1010})
"""Close codes that blame the message itself (RFC 6455 §7.4.1: unsupported or invalid data,
policy, too big, extension): sending it again cannot help, so the run fails at once."""


@dataclass(frozen=True, slots=True)
class _Ended:
    """How one connection ended: done, an error from the server, or dropped."""

    kind: str  # "done" | "error" | "dropped" | "gap"
    detail: str = ""


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
                    run.fail(ended.detail)
                    return
                if not run.connected:
                    run.fail(ended.detail)  # never opened: nothing to reconnect to (auto moves on)
                    return
                if self.backend.ws_framing == "raw" and run.chars:
                    run.fail(f"{ended.detail}; raw frames carry no sequence numbers: cannot resume")
                    return
                drops += 1
                if drops > self.max_reconnects:
                    run.fail(f"{ended.detail}; gave up after {self.max_reconnects} reconnects")
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
                fail=lambda r: finish(_Ended("dropped", f"send failed: {r.get('errMsg')}")),
            )

        def on_message(res: dict[str, Any]) -> None:
            activity[0] = loop.time()
            data = res.get("data")
            nbytes = len(as_bytes(data))
            text = data if isinstance(data, str) else as_bytes(data).decode("utf-8", "replace")
            if self.backend.ws_framing == "raw":
                if not isinstance(data, str):
                    # Raw replies are text frames; a binary frame is not part of the reply.
                    run.note(f"non-text frame ignored ({nbytes} bytes)")
                    run.empty("frame", nbytes)
                elif text.startswith('{"type":"error"'):
                    # The stub answers errors as JSON even in raw framing; the seed's has none.
                    run.empty("frame", nbytes)
                    finish(self._envelope(text, nbytes, run, resume) or _Ended("error", text))
                elif text == RAW_DONE:
                    run.empty("frame", nbytes)
                    finish(_Ended("done"))
                else:
                    run.chunk(text, nbytes)
                return
            outcome = self._envelope(text, nbytes, run, resume)
            if outcome is not None:
                finish(outcome)

        def on_close(res: dict[str, Any]) -> None:
            code = res.get("code")
            detail = f"connection closed ({code} {res.get('reason') or ''})".rstrip()
            if code == 1000 and self.backend.ws_framing == "raw" and run.chars:
                # A normal close after text is how a raw-frame backend may end its reply.
                finish(_Ended("done", f"reply ended by close 1000 after {run.chars} chars"))
                return
            finish(_Ended("error" if code in FINAL_CLOSE_CODES else "dropped", detail))

        def on_error(res: dict[str, Any]) -> None:
            finish(_Ended("dropped", f"socket error: {res.get('errMsg')}"))

        run.request("socket", url)
        sock = self.wx.connectSocket(
            url=url,
            header=self.backend.request_headers(),
            timeout=self.connect_timeout_ms,
            fail=lambda res: finish(_Ended("dropped", f"connect failed: {res.get('errMsg')}")),
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
                    finish(_Ended("done", f"ended by silence: no frame for {self.idle_end_s:g} s"))
                    break
                wait = self.idle_timeout_s - quiet
                if wait <= 0:
                    finish(_Ended("error", f"no frame for {self.idle_timeout_s:g} s"))
                    break
                if self.idle_end_s is not None:
                    # Before the first text, look again every period: text may start any time.
                    wait = min(wait, self.idle_end_s - quiet if silence_ends else self.idle_end_s)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(ended), wait)
            return ended.result()
        finally:
            sock.close(code=1000, reason="reply finished")

    def _envelope(self, text: str, nbytes: int, run: ReplyRun, resume: _Resume) -> _Ended | None:
        """Handle one JSON envelope frame; returns how the connection ends, or None to go on."""
        try:
            frame = json.loads(text)
            kind = frame["type"]
        except (ValueError, KeyError, TypeError):
            run.note(f"malformed frame ignored: {text[:60]!r}")
            run.empty("frame", nbytes)
            return None
        if kind == "error":
            run.empty("frame", nbytes)
            return _Ended("error", f"server error {frame.get('code')}: {frame.get('message')}")
        reply_id, seq = frame.get("replyId"), frame.get("seq")
        if isinstance(reply_id, str) and resume.reply_id is None:
            resume.reply_id = reply_id
            run.learn_reply_id(reply_id)
        if kind == "start":
            run.empty("frame", nbytes)
            return None
        if kind == "done":
            run.empty("frame", nbytes)
            if isinstance(seq, int) and seq > resume.next_seq:
                return _Ended("gap", f"done after {seq} chunks but only {resume.next_seq} arrived")
            return _Ended("done")
        if kind != "chunk" or not isinstance(seq, int) or not isinstance(frame.get("text"), str):
            run.note(f"unexpected frame ignored: {text[:60]!r}")
            run.empty("frame", nbytes)
            return None
        if seq < resume.next_seq:
            run.note(f"duplicate chunk {seq} dropped")
            run.empty("frame", nbytes)
            return None
        if seq > resume.next_seq:
            run.empty("frame", nbytes)
            return _Ended("gap", f"chunk {resume.next_seq} missing (got {seq})")
        emitted = frame.get("emittedAt")
        run.chunk(
            frame["text"], nbytes, seq, float(emitted) if isinstance(emitted, int | float) else None
        )
        resume.next_seq += 1
        return None
