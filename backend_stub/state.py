"""The running stub's shared state: default scenario, replies, poll sessions, the scheduler."""

from __future__ import annotations

import asyncio
import secrets
import time
from typing import Any

from starlette.requests import HTTPConnection

from backend_stub.config import StubConfig
from backend_stub.errors import StubError
from backend_stub.guards.budget import ClientBudgets, check_reply_cost
from backend_stub.hosting.memory import release_freed
from backend_stub.llm.fake_llm import plan_reply
from backend_stub.replies.cassette import CassetteWriter
from backend_stub.replies.inflight import Reply, ReplyStore
from backend_stub.replies.scheduler import Scheduler
from backend_stub.replies.sessions import SessionStore
from backend_stub.replies.sources import RecordSink, ReplySource, build_source
from backend_stub.scenario import Scenario, ScenarioError


class StubState:
    """Lives in `app.state.stub`; `open` and `close` run in the server's lifespan."""

    def __init__(self, config: StubConfig):
        self.config = config
        self.limits = config.limits
        self.default_scenario = parse_scenario(config.scenario)
        self.control_token = config.control_token or config.token or secrets.token_urlsafe(24)
        """What the control endpoints want as bearer token (see `StubConfig.control_token`)."""
        self.control_token_generated = not (config.control_token or config.token)
        self.replies = ReplyStore(
            self.limits.reply_ttl_s, self.limits.max_replies, self.limits.max_held_chars
        )
        self.sessions = SessionStore(self.limits.session_ttl_s, self.limits.max_sessions)
        self.source: ReplySource = build_source(config.upstream, config.replay)
        self.recorder = CassetteWriter(config.record) if config.record else None
        self.clients = ClientBudgets(self.limits)
        self.clients_gone = 0
        """Requests whose client left before their body was read."""
        self._scheduler: Scheduler | None = None
        self._sweeper: asyncio.TimerHandle | None = None

    @property
    def scheduler(self) -> Scheduler:
        if self._scheduler is None:
            raise RuntimeError("the stub app runs only inside its lifespan (use a real server)")
        return self._scheduler

    def open(self) -> None:
        self._scheduler = Scheduler(
            asyncio.get_running_loop(),
            tick_budget_s=self.limits.tick_budget_ms / 1000.0,
            chunks_per_turn=self.limits.chunks_per_turn,
        )
        self._schedule_sweep()

    def note_client_gone(self) -> None:
        self.clients_gone += 1

    def close(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None
        if self._scheduler is not None:
            self._scheduler.close()

    def end_replies(self) -> None:
        """Fail every reply in flight (`shutting_down`), so their streams end before the server
        drains its connections. Call on the server's loop."""
        for reply in self.replies.unfinished():
            reply.fail("shutting_down", "the stub is stopping")

    def scenario_for(
        self, spec: str | None, base: Scenario | None = None, **endpoint_defaults: Any
    ) -> Scenario:
        """`base` (the server default) overlaid by the request's spec, then endpoint defaults."""
        scenario = (base or self.default_scenario).overlay(parse_scenario(spec))
        self.check_limits(scenario)
        return scenario.with_fallback(**endpoint_defaults)

    def check_limits(self, scenario: Scenario) -> None:
        """Raises StubError 400 `bad_scenario` for keys beyond this stub's limits."""
        if scenario.length is not None and scenario.length > self.limits.max_reply_chars:
            raise StubError(
                400,
                "bad_scenario",
                f"length={scenario.length}: limit {self.limits.max_reply_chars}",
            )

    def set_default_scenario(self, spec: str) -> Scenario:
        """Validate `spec` as every request's would be, then make it the default.

        Raises:
            StubError: 400 for a spec that does not parse or is over the limits.
        """
        scenario = parse_scenario(spec)
        self.check_default(scenario)
        self.default_scenario = scenario
        return scenario

    def check_default(self, scenario: Scenario) -> None:
        """Refuse a default scenario that would make every request fail its budget.

        Raises:
            StubError: 400 `bad_scenario` or `over_budget`.
        """
        self.check_limits(scenario)
        check_reply_cost(plan_reply("?", scenario, self.config.seed), scenario, self.limits)

    def start_reply(
        self, message: str, user_id: str, scenario: Scenario, client: str = ""
    ) -> Reply:
        """Plan a reply and put it on the scheduler; its first chunk comes after `ttft_ms`.

        Raises:
            StubError: the scenario asks for an error status, costs more than one request
                may (400), the client is over its share (429), or the stub is full (503).
        """
        if scenario.status is not None:
            raise StubError(
                scenario.status, "scenario_status", f"scenario status={scenario.status}"
            )
        plan = self.source.plan(message, scenario, self.config.seed)
        check_reply_cost(plan, scenario, self.limits)
        self.clients.check(user_id, client, len(plan.text), time.monotonic())
        reply = Reply(user_id, plan, scenario, started_at=time.monotonic(), client=client)
        if not self.replies.add(reply):
            raise StubError(503, "too_many_replies", "too many replies in flight, retry later")
        self.clients.charge(reply)
        if self.recorder is not None:
            reply.attach(RecordSink(self.recorder, self.source, message))
        self.scheduler.add(reply)
        self.source.started(reply, self.scheduler)
        return reply

    def sweep(self) -> None:
        now = time.monotonic()
        self.clients.end_abandoned(now)
        dropped = self.sessions.sweep(now) + self.replies.sweep(now)
        release_freed(dropped)  # else RSS stays at its peak after a burst of sessions expires

    def _schedule_sweep(self) -> None:
        def run() -> None:
            self.sweep()
            self._schedule_sweep()

        loop = asyncio.get_running_loop()
        self._sweeper = loop.call_later(self.limits.sweep_interval_s, run)


def parse_scenario(spec: str | None) -> Scenario:
    """`Scenario.parse` with its error turned into a 400."""
    try:
        return Scenario.parse(spec)
    except ScenarioError as exc:
        raise StubError(400, "bad_scenario", str(exc)) from None


def stub_state(connection: HTTPConnection) -> StubState:
    """The `StubState` of the app serving `connection`."""
    state: StubState = connection.app.state.stub
    return state
