"""One simulated mini-program user: its own wx runtime (one page's limits) and one transport.

Pure asyncio, no gevent. Every user of a process shares one `Session` (the run's settings,
its backend profile, transport options, trace fetch, `drive()`); each gets its own runtime
from `Session.new_runtime`. A Locust user owns one `SimClient` and asks it for one reply at a
time.
"""

from __future__ import annotations

import asyncio
import functools
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from simulator.metrics import RunTimeline
from simulator.session import Session
from simulator.transports import SendMessage
from simulator.transports.events import ChunkReceived, EmptyResponseReceived, RequestMade
from simulator.verdict import Kind, Status
from simulator.wx import WxRuntime

EXACT, DIFFERS = Status.EXACT.value, Kind.TEXT_DIFFERS.value
UNVERIFIED, FAILED = Status.UNVERIFIED.value, Status.FAILED.value
VERDICTS = (EXACT, DIFFERS, UNVERIFIED, FAILED)
"""Text verdict per reply — the backend's own text (from its trace), another, no oracle, an
error — in the words of `simulator.verdict` (its table and kinds)."""


@dataclass(frozen=True, slots=True)
class ReplyOutcome:
    """What one reply cost and how it felt; times in seconds after the message was sent."""

    transport: str
    completed: bool
    error: str | None
    verdict: str
    first_byte_s: float | None
    """First sign of life from the backend (socket open, response headers, poll accepted)."""
    first_char_s: float | None
    """First reply text reached the page's code."""
    last_byte_s: float | None
    """The run's end (the last text, or the error)."""
    requests: int
    sockets: int
    empty_polls: int
    bytes: int
    chars: int
    lateness_ms: tuple[float, ...] = field(default=())
    """Per stamped chunk: arrival at the page − the backend's emission stamp (same clock)."""


class TextOracle:
    """The backend's reply text per (prompt, scenario), read once from the stub's trace.

    The stub's text depends only on its seed, the prompt and the scenario, so one trace per
    prompt judges every later reply; a backend without traces gives "unverified".
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._texts: dict[tuple[str, str | None], asyncio.Future[str | None]] = {}

    async def expected(self, message: SendMessage, reply_id: str | None) -> str | None:
        key = (message.text, message.scenario)
        future = self._texts.get(key)
        if future is None:
            profile = self.session.profile
            if reply_id is None or profile is None or profile.trace_path is None:
                return None
            future = asyncio.get_running_loop().create_future()
            self._texts[key] = future
            trace = await self.session.fetch_trace(reply_id)
            future.set_result(trace.text if trace is not None and trace.complete else None)
            if future.result() is None:
                del self._texts[key]  # try again on a later reply
        return await asyncio.shield(future)


class SimClient:
    """A mini-program page: one `WxRuntime`, one transport, one reply at a time.

    Make one with `await SimClient.open(...)`: the runtime's sandbox directories are made (and
    later removed) on an executor thread, since file system calls on the loop (~1-3 ms each
    here) would hold back every other user's stream while users come and go.
    """

    def __init__(
        self,
        session: Session,
        transport: str,
        wx: WxRuntime,
        oracle: TextOracle | None = None,
        user_id: str = "sim-user",
    ) -> None:
        self.session = session
        self.transport_name = transport
        self.wx = wx
        self.oracle = oracle
        self.user_id = user_id

    @classmethod
    async def open(
        cls,
        session: Session,
        transport: str,
        oracle: TextOracle | None = None,
        user_id: str = "sim-user",
    ) -> SimClient:
        def build() -> WxRuntime:
            root = Path(tempfile.mkdtemp(prefix="wx-load-"))
            return session.new_runtime(user_data_dir=root)

        wx = await asyncio.get_running_loop().run_in_executor(None, build)
        return cls(session, transport, wx, oracle, user_id)

    async def chat(self, prompt: str, timeout_s: float = 120.0) -> ReplyOutcome:
        """Send `prompt` (with the settings' scenario), wait for the whole reply (at most
        `timeout_s`), measure it."""
        timeline = RunTimeline()
        message = self.session.message(prompt, self.user_id)
        # On timeout drive() stops the transport (RunStopped): counted as a failure.
        await self.session.run(
            self.transport_name, message, timeline, wx=self.wx, timeout_s=timeout_s
        )
        metrics = timeline.metrics()
        error = metrics.error
        if not metrics.completed:
            error = error or f"no reply within {timeout_s:g} s"
        verdict = FAILED
        if metrics.completed:
            expected = None
            if self.oracle is not None:
                expected = await self.oracle.expected(message, metrics.reply_id)
            if expected is None:
                verdict = UNVERIFIED
            else:
                verdict = EXACT if metrics.text == expected else DIFFERS
        lateness = tuple(
            (e.at - e.emitted_at) * 1000.0
            for e in timeline.events
            if isinstance(e, ChunkReceived) and e.text and e.emitted_at is not None
        )
        return ReplyOutcome(
            transport=self.transport_name,
            completed=metrics.completed,
            error=error,
            verdict=verdict,
            first_byte_s=metrics.connected_s,
            first_char_s=metrics.first_byte_s,
            last_byte_s=metrics.end_s,
            requests=metrics.requests,
            sockets=sum(
                1 for e in timeline.events if isinstance(e, RequestMade) and e.kind == "socket"
            ),
            empty_polls=sum(
                1
                for e in timeline.events
                if isinstance(e, EmptyResponseReceived) and e.kind == "poll"
            ),
            bytes=metrics.bytes,
            chars=metrics.chars,
            lateness_ms=lateness,
        )

    async def aclose(self) -> None:
        await self.wx.aclose()
        root = self.wx.config.user_data_dir
        if root is not None:
            remove = functools.partial(shutil.rmtree, root, ignore_errors=True)
            await asyncio.get_running_loop().run_in_executor(None, remove)
