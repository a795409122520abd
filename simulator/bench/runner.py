"""The headless bench: one prompt over the transports, measured on the stub or a real backend."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from simulator.bench.judging import judge_runs, unsupported_reason, warm_up
from simulator.bench.painter import HeadlessPainter
from simulator.metrics import EmissionTrace, RunMetrics, RunTimeline, fetch_emission_trace
from simulator.transports import (
    BackendProfile,
    SendMessage,
    create_transport,
    profile_for_url,
    stub_profile,
)
from simulator.transports.events import ReplyCompleted, RunFailed, RunStopped
from simulator.typewriter import Policy
from simulator.verdict import Verdict
from simulator.wx import NETWORK_PROFILES, WxConfig, WxRuntime

logger = logging.getLogger(__name__)

DEFAULT_PROMPT = "用三句话介绍一下微信小程序的流式输出"
DEFAULT_TRANSPORTS = ("websocket", "chunked", "download", "polling", "longpoll", "sync")


@dataclass(frozen=True, slots=True)
class BenchConfig:
    """What to run: scenarios × transports × runs, over one network profile."""

    transports: tuple[str, ...] = DEFAULT_TRANSPORTS
    runs: int = 3
    scenarios: tuple[str | None, ...] = (None,)
    """Stub scenario specs; None = the backend's default."""
    network: str = "none"
    backend_url: str | None = None
    """None = the embedded stub, started for the bench."""
    backend_kind: str = "stub"
    token: str | None = None
    prompt: str = DEFAULT_PROMPT
    chars_per_second: float = 60.0
    download_fidelity: str = "strict"
    first_text_s: float = 20.0
    """auto's per-tier deadline for the first text."""
    base_library_version: str = "3.6.5"
    run_timeout_s: float = 120.0
    profile_path: Path | None = None
    """A backend profile file (`probe --save`); wins over `backend_url` + `backend_kind`."""
    expect: str | None = None
    """The exact reply text every run must carry (`--expect`)."""
    warm_up: bool = True


@dataclass(frozen=True, slots=True)
class BenchRun:
    """One measured run."""

    transport: str
    scenario: str
    index: int
    metrics: RunMetrics
    timeline: RunTimeline
    trace: EmissionTrace | None
    expected_text: str | None
    """The backend's own reply text (from its trace) when it has one: the oracle."""
    verdict: Verdict | None = None
    """exact / consistent / failed, with kind and why (set once all runs are in)."""

    @property
    def text_exact(self) -> bool | None:
        """Completed with exactly the backend's text (None without a trace to compare with)."""
        if self.expected_text is None:
            return None
        return self.metrics.completed and self.metrics.text == self.expected_text

    @property
    def ok(self) -> bool:
        if self.verdict is not None:
            return self.verdict.ok
        return self.metrics.completed and self.text_exact is not False


@dataclass
class BenchResult:
    config: BenchConfig
    backend: str
    runs: list[BenchRun] = field(default_factory=list)
    unsupported: dict[str, str] = field(default_factory=dict)
    """Transports not run: the profile says they cannot work here, and why."""
    warmup_s: float | None = None
    """The unmeasured warm-up request before the first run (client set-up, reported apart)."""

    @property
    def failed_transports(self) -> list[str]:
        return sorted({r.transport for r in self.runs if not r.ok})


@contextlib.asynccontextmanager
async def backend_for(config: BenchConfig) -> AsyncIterator[BackendProfile]:
    """The backend profile to bench: the URL given, or an embedded stub for the duration."""
    if config.profile_path is not None:
        from simulator.probe.profile_file import load_profile

        yield load_profile(config.profile_path, config.token)
        return
    if config.backend_url is not None:
        yield profile_for_url(config.backend_url, config.backend_kind, config.token)
        return
    from backend_stub import EmbeddedStub, StubConfig  # the public entry point, only when embedded

    stub = await asyncio.to_thread(lambda: EmbeddedStub(StubConfig()).start())
    try:
        yield stub_profile(stub.base_url, stub.ws_url)
    finally:
        await asyncio.to_thread(stub.stop)


async def run_bench(
    config: BenchConfig, progress: Callable[[BenchRun], None] | None = None
) -> BenchResult:
    """Run every transport `config.runs` times, one run at a time, and measure each."""
    wx_config = WxConfig(
        network=NETWORK_PROFILES[config.network],
        download_fidelity="lenient" if config.download_fidelity == "lenient" else "strict",
        base_library_version=config.base_library_version,
    )
    async with backend_for(config) as backend:
        result = BenchResult(config, backend.base_url)
        wx = WxRuntime(wx_config)
        try:
            if config.warm_up:
                result.warmup_s = await warm_up(wx, backend)
            for name in config.transports:
                reason = unsupported_reason(backend, name)
                if reason is not None:
                    result.unsupported[name] = reason
            for scenario in config.scenarios:
                for name in config.transports:
                    if name in result.unsupported:
                        continue
                    for index in range(config.runs):
                        run = await measure_run(wx, backend, name, config, index, scenario)
                        run = replace(run, verdict=judge_runs([run], config.expect, False)[0])
                        result.runs.append(run)
                        if progress is not None:
                            progress(run)
        finally:
            await wx.aclose()
        verdicts = judge_runs(result.runs, config.expect, backend.deterministic)
        result.runs = [replace(r, verdict=v) for r, v in zip(result.runs, verdicts, strict=True)]
    return result


async def measure_run(
    wx: WxRuntime,
    backend: BackendProfile,
    name: str,
    config: BenchConfig,
    index: int,
    scenario: str | None = None,
) -> BenchRun:
    """One run of `name` with a headless painter; the trace is fetched after it ended."""
    options = {"first_text_s": config.first_text_s} if name == "auto" else {}
    transport = create_transport(name, wx, backend, **options)
    timeline = RunTimeline()
    policy = (
        Policy.FAST if getattr(transport, "typewriter_policy", "") == "fast" else Policy.ADAPTIVE
    )
    painter = HeadlessPainter(timeline, policy, config.chars_per_second)
    message = SendMessage(config.prompt, scenario=scenario)
    paint = asyncio.ensure_future(painter.run(max_s=config.run_timeout_s + 30))
    try:
        await asyncio.wait_for(transport.run(message, timeline), config.run_timeout_s)
    except TimeoutError:
        logger.warning("! %s run %d: stopped after %.0f s", name, index, config.run_timeout_s)
    finally:
        await paint
    trace = await _trace(backend, timeline)
    return BenchRun(
        transport=name,
        scenario=scenario or "default",
        index=index,
        metrics=timeline.metrics(trace),
        timeline=timeline,
        trace=trace,
        expected_text=trace.text if trace is not None and trace.complete else None,
    )


async def _trace(backend: BackendProfile, timeline: RunTimeline) -> EmissionTrace | None:
    if backend.trace_path is None:
        return None
    reply_id = next(
        (
            e.reply_id
            for e in timeline.events
            if isinstance(e, ReplyCompleted | RunFailed | RunStopped)
        ),
        None,
    )
    if reply_id is None:
        return None
    return await fetch_emission_trace(
        backend.base_url, reply_id, path=backend.trace_path, headers=backend.request_headers()
    )
