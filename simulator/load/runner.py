# Over 400 lines: the load run's processes (stub, master, workers, sampler).
"""One load run on Locust: local, master or worker; bounded, Ctrl-C safe, server sampled.

Import this only in a process that may be gevent-patched (Locust patches on import).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import gevent
import gevent.event
from locust import argument_parser
from locust.env import Environment
from locust.event import Events
from locust.runners import MasterRunner, Runner, WorkerRunner
from locust.stats import (
    CSV_STATS_INTERVAL_SEC,
    PERCENTILES_TO_REPORT,
    StatsCSVFileWriter,
    StatsEntry,
)

from simulator.load import locustfile
from simulator.load.extra import ExtraStats, TransportExtra
from simulator.load.options import settings_json
from simulator.load.profile import ProfileError, read_profile, shape_for, total_s
from simulator.load.server import ProcessUsage, SamplerProcess, is_loopback, listening_pid
from simulator.session import RunSettings
from simulator.session.backend_url import EMBEDDED
from simulator.transports.registry import bench_names

logger = logging.getLogger(__name__)

NON_LOOPBACK_USER_LIMIT = 50
"""More users than this against a host that is not loopback needs `i_own_this_backend`."""
MAX_RUN_TIME_S = 24 * 3600.0
SAMPLE_INTERVAL_S = 0.5


class LoadRefused(ValueError):
    """The run would be unsafe or is malformed; nothing was started."""


@dataclass(frozen=True, slots=True)
class LoadConfig:
    settings: RunSettings = field(default_factory=RunSettings)
    """What each user's run is made of: backend URL (empty: an embedded stub in a child
    process), kind, token, wx runtime (network, platform, slicing…), scenario; sent to workers."""
    transports: tuple[str, ...] = (bench_names()[0],)
    users: int = 10
    spawn_rate: float = 10.0
    run_time_s: float = 30.0
    stub_scenario: str = "ttft_ms=200,tps=40"
    """Default scenario of the embedded stub (per-message `scenario` overlays it)."""
    prompt: str = locustfile.DEFAULT_PROMPT
    think_s: float = 1.0
    reply_timeout_s: float = 60.0
    mode: str = "local"
    """local | master | worker."""
    master_host: str = "127.0.0.1"
    master_bind_host: str = "127.0.0.1"
    """Where a master listens for workers; "*" to accept workers on other machines."""
    master_port: int = 5557
    expect_workers: int = 1
    workers_timeout_s: float = 60.0
    web: bool = False
    web_port: int = 8089
    csv_prefix: str | None = None
    html_file: Path | None = None
    i_own_this_backend: bool = False
    profile: Path | None = None
    """Stages of users over time (`simulator.load.profile`); replaces users and spawn rate."""
    reset_stats: bool = False
    """Locust's `--reset-stats`: all statistics (Locust's, ours, CPU per reply, replies/s)
    start over once every user is running, so the ramp-up is left out."""

    @property
    def backend(self) -> str:
        """The backend's URL, or "embedded"."""
        return self.settings.backend_url or EMBEDDED


@dataclass
class TransportRow:
    """One transport's measured figures of a run."""

    transport: str
    users: int
    replies: int
    failures: int
    replies_per_s: float
    reply_p50_ms: float | None
    reply_p95_ms: float | None
    first_byte_p50_ms: float | None
    first_char_p50_ms: float | None
    first_char_p95_ms: float | None
    extra: TransportExtra

    @property
    def requests_per_reply(self) -> float | None:
        return self.extra.per_reply(self.extra.requests)


@dataclass
class LoadResult:
    config: LoadConfig
    backend_url: str
    duration_s: float
    interrupted: bool
    rows: list[TransportRow] = field(default_factory=list)
    server: ProcessUsage | None = None
    """The backend process's usage, when it runs on this machine."""
    client: ProcessUsage | None = None
    """This process's usage (in local mode: all simulated users)."""
    workers: int = 0
    """Workers connected at the start (master mode)."""
    total_requests: int = 0
    """wx network operations of all transports (requests, sockets, downloads, polls)."""
    stats_reset: bool = False
    """The figures were reset during the run (`--reset-stats` once all users ran, or the web
    UI's button): they count from the last reset."""

    @property
    def total_replies(self) -> int:
        return sum(r.replies for r in self.rows)

    @property
    def client_bytes_per_user(self) -> float | None:
        """This process's peak RSS growth over its baseline, per user it ran (local mode)."""
        users = sum(r.users for r in self.rows)
        if self.config.mode != "local" or self.client is None or not self.client.rss_samples:
            return None
        if not users:
            return None
        return (self.client.rss_peak - self.client.rss_samples[0]) / users

    @property
    def client_cpu_ms_per_reply(self) -> float | None:
        """This process's CPU per reply (local mode: the users' own cost)."""
        if self.config.mode != "local" or self.client is None or not self.total_replies:
            return None
        return self.client.cpu_s * 1000.0 / self.total_replies

    @property
    def server_cpu_ms_per_reply(self) -> float | None:
        if self.server is None or not self.total_replies:
            return None
        return self.server.cpu_s * 1000.0 / self.total_replies


def check_config(config: LoadConfig) -> None:
    """Refuse what is unsafe or malformed before anything starts.

    Raises:
        LoadRefused: with the reason.
    """
    unknown = [t for t in config.transports if t not in locustfile.USERS]
    if unknown or not config.transports:
        raise LoadRefused(f"unknown transport(s) {unknown}; choose from {list(locustfile.USERS)}")
    if not 0 < config.run_time_s <= MAX_RUN_TIME_S:
        raise LoadRefused(f"run time must be > 0 and at most {MAX_RUN_TIME_S:g} s")
    if config.users < 1 or config.spawn_rate <= 0:
        raise LoadRefused("users must be >= 1 and the spawn rate > 0")
    if config.mode not in ("local", "master", "worker"):
        raise LoadRefused(f"unknown mode {config.mode!r}")
    if config.profile is not None:
        try:
            stages = read_profile(config.profile)
        except ProfileError as exc:
            raise LoadRefused(str(exc)) from None
        config = replace(config, users=max(1, *(s.users for s in stages)))
    bad = config.settings.problems()  # the URL with `parse_backend`'s message, as --backend
    if bad:
        raise LoadRefused("; ".join(str(p) for p in bad))
    if config.backend == EMBEDDED or config.mode == "worker":
        return
    parts = urlsplit(config.backend)
    limit = NON_LOOPBACK_USER_LIMIT
    if not is_loopback(config.backend) and config.users > limit and not config.i_own_this_backend:
        raise LoadRefused(
            f"{config.users} users against {parts.hostname}, which is not loopback: more than "
            f"{limit} needs --i-own-this-backend (only load a backend you run yourself)"
        )


def parsed_options(config: LoadConfig) -> Any:
    """Locust's own options namespace with ours set (the master forwards ours to workers)."""
    parser = argument_parser.get_empty_argument_parser(add_help=False)
    argument_parser.setup_parser_arguments(parser)
    locustfile.add_arguments(parser)
    # Never an empty list: configargparse would read this process's own command line.
    opts = parser.parse_args(["--headless"] if not config.web else ["--loglevel", "INFO"])
    opts.sim_settings = settings_json(config.settings)
    opts.sim_prompt = config.prompt
    opts.sim_think_s = config.think_s
    opts.sim_reply_timeout_s = config.reply_timeout_s
    opts.host = None
    return opts


@contextlib.contextmanager
def backend_url(config: LoadConfig) -> Iterator[str]:
    """The URL to load: the one given, or an embedded stub in a child process for the run."""
    if config.backend != EMBEDDED:
        yield config.backend.rstrip("/")
        return
    from backend_stub import EmbeddedStub, Limits, StubConfig

    # Every simulated user comes from 127.0.0.1, and the stub bounds what one address holds:
    # lift those budgets to the whole stub's, or a few hundred users would share one page's share.
    shared = Limits(
        max_client_replies=Limits.max_replies,
        max_client_chars=Limits.max_held_chars,
        max_address_share=1.0,
    )
    stub_config = StubConfig(scenario=config.stub_scenario, limits=shared)
    stub = EmbeddedStub(stub_config, isolate=True).start()
    try:
        yield stub.base_url
    finally:
        stub.stop()


def run_load(config: LoadConfig, url: str | None = None) -> LoadResult:
    """Run the load (blocking this greenlet) and measure it; Ctrl-C ends it early.

    `url` overrides `config.backend` (a stub the caller already started, e.g. in a sweep).

    Raises:
        LoadRefused: unsafe or malformed config.
    """
    check_config(config)
    if url is not None:
        return _run(config, url)
    if config.mode == "worker":
        return _run(config, "")
    with backend_url(config) as started:
        return _run(config, started)


def _run(config: LoadConfig, url: str) -> LoadResult:
    env = Environment(
        user_classes=[locustfile.USERS[t] for t in config.transports],
        events=Events(),
        host=url or None,
        parsed_options=parsed_options(config),
        stop_timeout=0.0,
        reset_stats=config.reset_stats,
    )
    run_time_s = config.run_time_s
    if config.profile is not None and config.mode != "worker":
        stages = read_profile(config.profile)
        env.shape_class = shape_for(stages)
        run_time_s = min(run_time_s, total_s(stages))
    runner = _runner(env, config)
    locustfile.install_hooks(env)
    env.events.init.fire(environment=env, runner=runner, web_ui=None)
    if config.mode == "worker":
        return _serve_as_worker(env, runner, config)
    web_ui = None
    if config.web:
        # Locust's web UI re-parses sys.argv as *its* command line (for its extra options);
        # ours is parsed already and would not parse as Locust's.
        sys.argv = sys.argv[:1]
        web_ui = env.create_web_ui("127.0.0.1", config.web_port)
        logger.info("Locust web UI on http://127.0.0.1:%d", config.web_port)
    csv_writer = None
    csv_greenlet = None
    if config.csv_prefix:
        csv_writer = StatsCSVFileWriter(env, PERCENTILES_TO_REPORT, config.csv_prefix)
        csv_greenlet = gevent.spawn(csv_writer.stats_writer)
    stop = gevent.event.Event()
    previous = signal.getsignal(signal.SIGINT)
    handler = gevent.signal_handler(signal.SIGINT, stop.set)
    interrupted = False
    users: dict[str, int] = {}
    sampler = SamplerProcess(_pids(url), SAMPLE_INTERVAL_S)
    usages: dict[str, ProcessUsage] = {}
    workers = 0
    started = time.monotonic()
    was_reset = False

    def restart_clock(**_kwargs: Any) -> None:
        """Locust and our hooks reset their figures on the same events."""
        nonlocal started, was_reset
        started, was_reset = time.monotonic(), True
        sampler.restart_cpu()

    def restart_once_spawned(**_kwargs: Any) -> None:
        if env.reset_stats:
            restart_clock()

    env.events.spawning_complete.add_listener(restart_once_spawned)
    env.events.reset_stats.add_listener(restart_clock)  # the web UI's "reset" button
    try:
        if isinstance(runner, MasterRunner):
            _await_workers(runner, config, stop)
            workers = runner.worker_count
        started = time.monotonic()
        if not stop.is_set():
            sampler.mark()  # the baseline: memory per user is measured from here
            if env.shape_class is not None:
                runner.start_shape()
            else:
                runner.start(config.users, config.spawn_rate)
            interrupted = stop.wait(timeout=run_time_s)
        duration = time.monotonic() - started
        users = _users_per_class(runner)
        runner.quit()
    finally:
        handler.cancel()
        signal.signal(signal.SIGINT, previous)
        usages = sampler.stop()
        if csv_writer is not None and csv_greenlet is not None:
            gevent.sleep(CSV_STATS_INTERVAL_SEC + 0.2)  # one more pass with the final figures
            csv_greenlet.kill()
            csv_writer.close_files()
        if web_ui is not None:
            web_ui.stop()
    if config.html_file is not None:
        from locust.html import get_html_report

        config.html_file.write_text(get_html_report(env, show_download_link=False))
    server, client = usages.get("server"), usages.get("client")
    result = _result(
        env,
        config,
        url,
        users,
        duration,
        interrupted,
        server,
        client,
    )
    result.workers = workers
    result.stats_reset = was_reset
    return result


def _runner(env: Environment, config: LoadConfig) -> Runner:
    if config.mode == "master":
        return env.create_master_runner(config.master_bind_host, config.master_port)
    if config.mode == "worker":
        return env.create_worker_runner(config.master_host, config.master_port)
    return env.create_local_runner()


def _await_workers(runner: MasterRunner, config: LoadConfig, stop: gevent.event.Event) -> None:
    deadline = time.monotonic() + config.workers_timeout_s
    while runner.worker_count < config.expect_workers:
        if time.monotonic() > deadline:
            raise LoadRefused(
                f"only {runner.worker_count} of {config.expect_workers} workers connected "
                f"within {config.workers_timeout_s:g} s"
            )
        if stop.wait(timeout=0.2):
            return
    logger.info("%d worker(s) connected", runner.worker_count)


def _serve_as_worker(env: Environment, runner: Runner, config: LoadConfig) -> LoadResult:
    """Run users for the master until it quits, bounded by run time + a grace period."""
    assert isinstance(runner, WorkerRunner)
    started = time.monotonic()
    bound = config.run_time_s + config.workers_timeout_s + 60.0
    stop = gevent.event.Event()
    handler = gevent.signal_handler(signal.SIGINT, stop.set)
    try:
        waiter = gevent.spawn(runner.greenlet.join)
        gevent.wait([waiter, _event_greenlet(stop)], timeout=bound, count=1)
        if not waiter.dead:  # Ctrl-C or past the bound: leave the master cleanly
            runner.quit()
    finally:
        handler.cancel()
    return LoadResult(config, env.host or "", time.monotonic() - started, stop.is_set())


def _users_per_class(runner: Runner) -> dict[str, int]:
    if isinstance(runner, MasterRunner):
        return dict(runner.reported_user_classes_count)
    return dict(runner.user_classes_count)


def _event_greenlet(event: gevent.event.Event) -> gevent.Greenlet:
    return gevent.spawn(event.wait)


def _pids(url: str) -> dict[str, int]:
    pids = {"client": os.getpid()}
    pid = listening_pid(url) if url else None
    if pid is not None and pid != os.getpid():
        pids["server"] = pid
    return pids


def _ms(value: float | None) -> float | None:
    return None if value is None else float(value)


def _percentile(entry: StatsEntry | None, q: float) -> float | None:
    if entry is None or entry.num_requests == 0:
        return None
    return _ms(entry.get_response_time_percentile(q))


def _result(
    env: Environment,
    config: LoadConfig,
    url: str,
    users: dict[str, int],
    duration: float,
    interrupted: bool,
    server: ProcessUsage | None,
    client: ProcessUsage | None,
) -> LoadResult:
    stats = env.stats
    extra: ExtraStats = locustfile.extra_stats(env)
    result = LoadResult(config, url, duration, interrupted, server=server, client=client)
    for name in config.transports:
        reply = stats.entries.get(("reply", name))
        first_byte = stats.entries.get(("first byte", name))
        first_char = stats.entries.get(("first char", name))
        replies = reply.num_requests if reply else 0
        row_extra = extra.by_transport.get(name, TransportExtra())
        result.rows.append(
            TransportRow(
                transport=name,
                users=users.get(locustfile.USER_CLASSES[name], 0),
                replies=replies,
                failures=reply.num_failures if reply else 0,
                replies_per_s=replies / duration if duration > 0 else 0.0,
                reply_p50_ms=_percentile(reply, 0.5),
                reply_p95_ms=_percentile(reply, 0.95),
                first_byte_p50_ms=_percentile(first_byte, 0.5),
                first_char_p50_ms=_percentile(first_char, 0.5),
                first_char_p95_ms=_percentile(first_char, 0.95),
                extra=row_extra,
            )
        )
        result.total_requests += row_extra.requests
    return result
