"""Reply sources: where a reply's chunks and their schedule come from (one row per kind).

- `fake`: the seeded fake LLM (`plan_reply`), the whole plan known at once.
- `upstream`: a real OpenAI-compatible LLM; the plan grows as its deltas arrive, each due
  the moment it arrived, so the stub re-frames the real stream onto every endpoint.
- `replay`: a recorded reply from a cassette, with its recorded boundaries and timing.

Scenario faults (`status`, `error_at`, `drop_after`, `malformed_at`, `slice_bytes`,
`stall_at`) apply on top of every source; the timing keys (`ttft_ms`, `tps`, …) and the
text keys (`script`, `length`) shape only the fake LLM.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from typing import Protocol

import httpx

from backend_stub.llm.fake_llm import Plan, plan_reply
from backend_stub.replies.cassette import CassetteWriter, RecordedReply, now_iso
from backend_stub.replies.inflight import ChunkRecord, Reply
from backend_stub.replies.replay import ReplayConfig, Replayer
from backend_stub.replies.scheduler import Scheduler
from backend_stub.replies.upstream import UpstreamConfig, UpstreamError, make_client, stream_deltas
from backend_stub.scenario import Scenario

logger = logging.getLogger(__name__)


class ReplySource(Protocol):
    kind: str

    @property
    def model(self) -> str | None: ...

    def plan(self, message: str, scenario: Scenario, seed: int) -> Plan:
        """The plan of a new reply.

        Raises:
            StubError: this source cannot answer the request (e.g. replay without a match).
        """

    def started(self, reply: Reply, scheduler: Scheduler) -> None:
        """`reply` is on the scheduler; a live source starts feeding its plan now."""

    def describe(self) -> str:
        """One line for the stub's start-up banner (no secrets)."""

    async def aclose(self) -> None: ...


class FakeSource:
    kind = "fake"
    model = None

    def plan(self, message: str, scenario: Scenario, seed: int) -> Plan:
        return plan_reply(message, scenario, seed)

    def started(self, reply: Reply, scheduler: Scheduler) -> None:
        pass

    def describe(self) -> str:
        return "fake LLM"

    async def aclose(self) -> None:
        pass


class ReplaySource:
    kind = "replay"
    model = None

    def __init__(self, config: ReplayConfig):
        self.replayer = Replayer(config)

    def plan(self, message: str, scenario: Scenario, seed: int) -> Plan:
        return self.replayer.plan(message, scenario)

    def started(self, reply: Reply, scheduler: Scheduler) -> None:
        pass

    def describe(self) -> str:
        config = self.replayer.config
        return (
            f"replay of {config.path} ({len(self.replayer.replies)} replies, "
            f"speed {config.speed:g}, fallback {config.fallback})"
        )

    async def aclose(self) -> None:
        pass


class LivePlan:
    """A plan fed by a live upstream: pieces are due when they arrived (plus any stall)."""

    open: bool
    failure: tuple[str, str] | None

    def __init__(self, prompt: str, scenario: Scenario):
        self.prompt = prompt
        self.pieces: list[str] = []
        self.offsets: list[float] = []
        self.arrivals: list[float] = []
        """Offsets as the upstream delivered them (no scenario stall): what gets recorded."""
        self.open = True
        self.failure = None
        self._stall_at = scenario.stall_at
        self._stall_s = scenario.stall_ms / 1000.0

    @property
    def text(self) -> str:
        return "".join(self.pieces)

    def add(self, text: str, arrival: float) -> None:
        self.arrivals.append(arrival)
        stalled = self._stall_at is not None and len(self.pieces) >= self._stall_at
        self.pieces.append(text)
        self.offsets.append(arrival + (self._stall_s if stalled else 0.0))


class UpstreamSource:
    kind = "upstream"

    def __init__(self, config: UpstreamConfig):
        self.config = config
        self._client: httpx.AsyncClient | None = None
        self._pumps: set[asyncio.Task[None]] = set()

    @property
    def model(self) -> str | None:
        return self.config.model

    def plan(self, message: str, scenario: Scenario, seed: int) -> Plan:
        return LivePlan(message, scenario)

    def started(self, reply: Reply, scheduler: Scheduler) -> None:
        if self._client is None:
            self._client = make_client(self.config)
        task = asyncio.get_running_loop().create_task(self._pump(self._client, reply, scheduler))
        self._pumps.add(task)
        task.add_done_callback(self._pumps.discard)
        reply.attach(_StopPumpOnEnd(task))

    def describe(self) -> str:
        return f"upstream {self.config.safe_url} (model {self.config.model})"

    async def aclose(self) -> None:
        for task in list(self._pumps):
            task.cancel()
        if self._pumps:
            await asyncio.gather(*self._pumps, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _pump(self, client: httpx.AsyncClient, reply: Reply, scheduler: Scheduler) -> None:
        plan = reply.plan
        assert isinstance(plan, LivePlan)
        failure: tuple[str, str] | None = ("upstream_error", "the upstream stream was abandoned")
        try:
            async with contextlib.aclosing(
                stream_deltas(client, self.config, plan.prompt)
            ) as deltas:
                async for delta in deltas:
                    if reply.finished:  # the client left, or the stub is stopping
                        return
                    parked = _parked(reply, plan)
                    plan.add(delta, time.monotonic() - reply.started_at)
                    if parked:
                        scheduler.add(reply)
            failure = None
        except UpstreamError as exc:
            failure = ("upstream_error", exc.reason)
        except asyncio.CancelledError:
            failure = ("shutting_down", "the stub is stopping")
            raise
        except Exception as exc:  # a bug must end the reply, not hang its client
            logger.exception("upstream pump failed")
            failure = ("upstream_error", f"upstream reading failed: {type(exc).__name__}")
        finally:
            parked = _parked(reply, plan)
            plan.failure = failure
            plan.open = False
            if parked:
                scheduler.add(reply)


@dataclass
class _StopPumpOnEnd:
    """Stops reading the upstream once its reply ended early (client gone, drop, shutdown), so
    a real LLM does not go on generating for nobody."""

    task: asyncio.Task[None]

    def on_chunk(self, reply: Reply, record: ChunkRecord) -> None:
        pass

    def on_end(self, reply: Reply) -> None:
        if reply.plan.open:
            self.task.cancel()


def _parked(reply: Reply, plan: LivePlan) -> bool:
    """Every piece so far is out, so the reply is off the scheduler's heap until re-added."""
    return not reply.finished and reply.emitted_count == len(plan.pieces)


@dataclass
class RecordSink:
    """Writes a reply to the cassette when it ends (complete, or failed by its upstream)."""

    writer: CassetteWriter
    source: ReplySource
    prompt: str

    def on_chunk(self, reply: Reply, record: ChunkRecord) -> None:
        pass

    def on_end(self, reply: Reply) -> None:
        scripted_error = reply.scenario.error_at is not None
        upstream_failed = reply.error is not None and reply.error[0] == "upstream_error"
        if not (reply.complete or (upstream_failed and not scripted_error)):
            return  # cut by the client, a scenario or shutdown: not the source's stream
        plan = reply.plan
        count = reply.emitted_count
        offsets = plan.arrivals if isinstance(plan, LivePlan) else plan.offsets
        self.writer.write(
            RecordedReply(
                prompt=self.prompt,
                pieces=tuple(plan.pieces[:count]),
                offsets=tuple(offsets[:count]),
                source=self.source.kind,
                model=self.source.model,
                recorded_at=now_iso(),
                error=None if reply.complete else reply.error,
                meta={"scenario": reply.scenario.spec()} if self.source.kind == "fake" else {},
            )
        )


def build_source(upstream: UpstreamConfig | None, replay: ReplayConfig | None) -> ReplySource:
    """The source a stub config asks for (at most one of upstream and replay)."""
    if upstream is not None and replay is not None:
        raise ValueError("choose upstream or replay, not both")
    if upstream is not None:
        return UpstreamSource(upstream)
    if replay is not None:
        return ReplaySource(replay)
    return FakeSource()
