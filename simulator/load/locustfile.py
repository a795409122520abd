"""Locust users that are mini-program pages: `locust -f simulator/load/locustfile.py --host URL`.

One user class per transport (a row of `USER_CLASSES`); each user owns a `SimClient` (its own
wx runtime) on this process's asyncio loop thread (`bridge`), sends the prompt, waits for the
whole reply, thinks, repeats. Per reply Locust records three rows under the transport's name:
`reply` (time to the end; a failure when it failed or the text differs), `first byte`, `first
char`. Our own figures (requests, empty polls, bytes, sockets, verdicts, chunk lateness) travel
to the master inside Locust's worker reports.
"""

from __future__ import annotations

import gc
import logging
import weakref
from dataclasses import dataclass, field
from typing import Any, ClassVar

import gevent
from locust import User, events, task
from locust.env import Environment
from locust.runners import MasterRunner, WorkerRunner

from simulator.load.bridge import shared_bridge
from simulator.load.client import DIFFERS, FAILED, ReplyOutcome, SimClient, TextOracle
from simulator.load.extra import ExtraStats
from simulator.load.options import settings_of
from simulator.session import RunSettings, Session
from simulator.session.settings import RUNTIME_DEFAULT_NETWORK
from simulator.transports.backend import BACKEND_KINDS
from simulator.transports.registry import TRANSPORTS, bench_names
from simulator.wx import NETWORK_PROFILES

logger = logging.getLogger(__name__)

DEFAULT_PROMPT = "用三句话介绍一下微信小程序的流式输出"

USER_CLASSES: dict[str, str] = {
    spec.name: spec.class_name.replace("Transport", "User")
    for spec in TRANSPORTS
    if spec.name in bench_names()
}
"""Transport → Locust user class name (pick classes on Locust's command line by these names)."""


class ReplyFailed(Exception):
    """The transport ended the reply in error (or it did not end in time)."""


class TextDiffers(ReplyFailed):
    """The reply completed but its text is not the backend's (from the stub's trace)."""


@dataclass(frozen=True, slots=True)
class SimOptions:
    """What every user of a run shares; read from Locust's parsed options (sent to workers)."""

    settings: RunSettings = field(default_factory=RunSettings)
    prompt: str = DEFAULT_PROMPT
    think_s: float = 1.0
    reply_timeout_s: float = 60.0

    @classmethod
    def of(cls, environment: Environment) -> SimOptions:
        opts = environment.parsed_options
        defaults = cls()
        return cls(
            settings=settings_of(opts),
            prompt=getattr(opts, "sim_prompt", None) or defaults.prompt,
            think_s=float(getattr(opts, "sim_think_s", defaults.think_s)),
            reply_timeout_s=float(getattr(opts, "sim_reply_timeout_s", defaults.reply_timeout_s)),
        )


def add_arguments(parser: Any) -> None:
    """Our options on Locust's parser (custom options reach the workers with each spawn)."""
    group = parser.add_argument_group("wx-stream-sim")
    group.add_argument(
        "--sim-settings",
        default="",
        help="Run settings: a TOML file with a [run] table, or that table as JSON.",
    )
    group.add_argument(
        "--sim-network", default=RUNTIME_DEFAULT_NETWORK, choices=sorted(NETWORK_PROFILES)
    )
    group.add_argument("--sim-scenario", default="", help="Stub scenario spec per message.")
    group.add_argument("--sim-prompt", default=DEFAULT_PROMPT)
    group.add_argument("--sim-think-s", type=float, default=1.0, help="Pause between replies.")
    group.add_argument(
        "--sim-backend-kind",
        default=BACKEND_KINDS[0].name,
        choices=[k.name for k in BACKEND_KINDS],
    )
    group.add_argument("--sim-token", default="", help="Bearer token for the backend.")
    group.add_argument("--sim-reply-timeout-s", type=float, default=60.0)


class NoBackend(RuntimeError):
    """Users cannot start: Locust has no host (`--host URL`) to load."""


class _RunState:
    """Per environment: options, the session (backend profile, runtimes' settings), text
    oracle, extra statistics."""

    def __init__(self, environment: Environment) -> None:
        self.options = SimOptions.of(environment)
        self.host = (environment.host or "").rstrip("/")
        # The users' backend is Locust's host, never a stub of the session's own.
        self.session = (
            Session(self.options.settings.with_changes(backend_url=self.host))
            if self.host
            else None
        )
        self.oracle = TextOracle(self.session) if self.session is not None else None
        self.extra = ExtraStats()
        """Local run: everything; worker: since the last report; master: merged from workers."""


_states: weakref.WeakKeyDictionary[Environment, _RunState] = weakref.WeakKeyDictionary()


def run_state(environment: Environment) -> _RunState:
    """The run's state, made on first use (on a worker: after the master's options arrived)."""
    state = _states.get(environment)
    if state is None or state.host != (environment.host or "").rstrip("/"):
        state = _RunState(environment)
        _states[environment] = state
    return state


def extra_stats(environment: Environment) -> ExtraStats:
    return run_state(environment).extra


def _freeze_heap(**_kwargs: Any) -> None:
    """Move every object alive now out of the cyclic collector's reach.

    Locust, Flask and gevent, then the users' runtimes, are long-lived: a full collection over
    them held the GIL for 50-80 ms here, a stall in every user's stream (the largest source
    of arrival lateness we measured). Called before users start and once all are spawned.
    """
    gc.freeze()


COLLECTOR_THRESHOLDS = (400, 2, 800)
"""The worker's `gc.set_threshold` (CPython's default: 700, 10, 10).

Users stream all the time, so objects live about as long as a reply (~2 s) and die about as
fast as new ones are made. CPython counts allocations minus deallocations, so under that churn
its young passes come late and find thousands of survivors: gen-1 passes walked up to 45,000
objects (30 ms, a stall in every stream) and found nothing to free. Young passes twice as often
and a middle pass every third keep each pass small. A full pass walks every live user's reply
(25-35 ms at 400 users), so it comes every 800 middle passes (~20 s at 400 users): our objects
die by reference counting (tests/transports/test_no_cycles.py, test_native_loop.py), and what
is left for it is httpx's cycles, a few KB per HTTP request. 400 WebSocket users, 20 s, two runs
each: pauses over 5 ms 62-66 → 7-10, over 10 ms 28-33 → 2 (the full passes), collector time
1.4-1.5 → 1.1-1.2 s."""


def install_hooks(environment: Environment) -> None:
    """Ship our figures worker → master, reset them with Locust's, tame the collector; once per
    environment."""
    gc.collect()
    _freeze_heap()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    environment.events.spawning_complete.add_listener(_freeze_heap)

    def reset(**_kwargs: Any) -> None:
        extra_stats(environment).take()

    def reset_once_spawned(**_kwargs: Any) -> None:
        if environment.reset_stats:  # `--reset-stats`: Locust resets its statistics now too
            reset()

    environment.events.spawning_complete.add_listener(reset_once_spawned)
    environment.events.reset_stats.add_listener(reset)  # the web UI's "reset" button
    runner = environment.runner
    if isinstance(runner, WorkerRunner):

        def report(client_id: str, data: dict[str, Any]) -> None:
            data["sim_extra"] = extra_stats(environment).take()

        environment.events.report_to_master.add_listener(report)
    elif isinstance(runner, MasterRunner):

        def merge(client_id: str, data: dict[str, Any]) -> None:
            wire = data.get("sim_extra")
            if wire:
                extra_stats(environment).merge_wire(wire)

        environment.events.worker_report.add_listener(merge)


@events.init_command_line_parser.add_listener
def _on_parser(parser: Any, **_kwargs: Any) -> None:
    add_arguments(parser)


@events.init.add_listener
def _on_init(environment: Environment, **_kwargs: Any) -> None:
    if environment.events is events:  # plain `locust -f`; our CLI installs its own hooks
        install_hooks(environment)
        if not isinstance(environment.runner, WorkerRunner):
            events.quitting.add_listener(_log_extra)


def _log_extra(environment: Environment, **_kwargs: Any) -> None:
    """Plain `locust -f`: our figures after Locust's tables."""
    for name, extra in sorted(extra_stats(environment).by_transport.items()):
        n = max(extra.replies, 1)
        logger.info(
            "%s: %d replies; per reply %.1f requests, %.1f empty polls, %.1f KiB, %.1f sockets;"
            " verdicts %s; lateness p99 %s ms",
            name, extra.replies, extra.requests / n, extra.empty_polls / n,
            extra.bytes / n / 1024, extra.sockets / n, dict(extra.verdicts),
            extra.lateness_percentile(0.99),
        )  # fmt: skip


def record(environment: Environment, outcome: ReplyOutcome) -> None:
    """One reply into Locust's statistics and ours."""
    fire = environment.events.request.fire
    exception: Exception | None = None
    if not outcome.completed:
        exception = ReplyFailed(outcome.error or FAILED)
    elif outcome.verdict == DIFFERS:
        exception = TextDiffers("text differs from the backend's")
    kind = outcome.transport
    firsts = (("first byte", outcome.first_byte_s), ("first char", outcome.first_char_s))
    for name, seconds in firsts:
        if seconds is not None:
            fire(request_type=kind, name=name, response_time=seconds * 1000, response_length=0)
    fire(
        request_type=kind,
        name="reply",
        response_time=(outcome.last_byte_s or 0.0) * 1000,
        response_length=outcome.bytes,
        exception=exception,
    )
    extra_stats(environment).add(outcome)


async def _new_client(state: _RunState, transport: str, user_id: str) -> SimClient:
    if state.session is None:
        raise NoBackend("no backend to load: give Locust --host URL")
    return await SimClient.open(state.session, transport, state.oracle, user_id)


class SimChatUser(User):
    """A mini-program page chatting over `transport`; subclasses only name the transport."""

    abstract = True
    transport: ClassVar[str]
    _serial: ClassVar[int] = 0

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        self.sim: SimClient | None = None

    def wait_time(self) -> float:
        return run_state(self.environment).options.think_s

    def on_start(self) -> None:
        SimChatUser._serial += 1
        state = run_state(self.environment)
        user_id = f"load-{self.transport}-{SimChatUser._serial}"
        self.sim = shared_bridge().call(_new_client(state, self.transport, user_id))

    @task
    def chat(self) -> None:
        state = run_state(self.environment)
        sim = self.sim
        if sim is None:
            return
        options = state.options
        # The greenlet's own bound is past the client's: a reply never hangs a user.
        outcome = shared_bridge().call(
            sim.chat(options.prompt, options.reply_timeout_s),
            timeout=options.reply_timeout_s + 30,
        )
        record(self.environment, outcome)

    def on_stop(self) -> None:
        sim, self.sim = self.sim, None
        if sim is not None:
            try:
                shared_bridge().call(sim.aclose(), timeout=10)
            except (gevent.Timeout, Exception) as exc:  # a stuck close must not hang the stop
                logger.warning("closing a simulated user failed: %r", exc)


def _user_class(transport: str, class_name: str) -> type[SimChatUser]:
    doc = f"A mini-program user on the {transport} transport."
    return type(class_name, (SimChatUser,), {"transport": transport, "__doc__": doc})


USERS: dict[str, type[SimChatUser]] = {t: _user_class(t, n) for t, n in USER_CLASSES.items()}
globals().update({cls.__name__: cls for cls in USERS.values()})  # Locust finds module-level classes
