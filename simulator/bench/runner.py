"""The headless bench: one prompt over the transports, measured on the stub or a real backend.

Runs are composed by `simulator.session` exactly as the window composes them, and painted by
the same `PaintModel`, only on a headless frame loop.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from simulator.bench.judging import judge_runs, unsupported_reason, warm_up
from simulator.metrics import EmissionTrace, RunMetrics, RunTimeline
from simulator.session import RunSettings, Session
from simulator.session.painter import HeadlessFrames
from simulator.session.registry import bench_names
from simulator.session.run import RunHandle
from simulator.session.session import WxEventSink
from simulator.transports.events import RunEvent
from simulator.verdict import Verdict
from simulator.wx.flows import Flow

logger = logging.getLogger(__name__)

DEFAULT_PROMPT = "用三句话介绍一下微信小程序的流式输出"
PAINT_GRACE_S = 30.0
"""How long the typewriter may still type after a run's timeout."""
FLOW_EVENTS_KEPT = 100_000
"""Events kept per flow for `bench --har` (a long streamed reply is a few thousand)."""


@dataclass(frozen=True, slots=True)
class BenchConfig:
    """What to run: scenarios × transports × runs, each composed from `settings`."""

    settings: RunSettings = field(default_factory=RunSettings)
    transports: tuple[str, ...] = field(default_factory=bench_names)
    runs: int = 3
    scenarios: tuple[str | None, ...] = (None,)
    """Stub scenario specs, each replacing `settings.scenario`; None = the settings' own."""
    prompt: str = DEFAULT_PROMPT
    record: str | None = None
    """Append every run, as the page saw it, to this cassette (`simulator.session.recording`)."""

    expect: str | None = None
    """The exact reply text every run must carry (`--expect`)."""
    warm_up: bool = True
    """One unmeasured request per transport's runtime before its first run."""

    @property
    def network(self) -> str:
        return self.settings.network


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
    def number(self) -> int:
        """The run's number as every output shows it: 1 for the first (`index` counts from 0)."""
        return self.index + 1

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
    measured_from: float = 0.0
    """Monotonic time the measured runs began (after the warm-up): flows before it are not runs."""
    warmup_s: float | None = None
    """The unmeasured warm-up request before the first run (client set-up, reported apart)."""
    warnings: list[str] = field(default_factory=list)
    """What the user must know about the backend measured (a profile probed elsewhere)."""
    flows: list[Flow] = field(default_factory=list)
    """The measured runs' flow records with their events (when asked for: `keep_flows`)."""

    @property
    def failed_transports(self) -> list[str]:
        return sorted({r.transport for r in self.runs if not r.ok})


async def run_bench(
    config: BenchConfig,
    progress: Callable[[BenchRun], None] | None = None,
    wx_events: WxEventSink | None = None,
    keep_flows: bool = False,
) -> BenchResult:
    """Run every transport `config.runs` times, one run at a time, and measure each.

    `keep_flows`: `result.flows` gets every measured request, socket and download (for HAR).
    """
    recorder = None
    if config.record:
        from simulator.session.recording import RunRecorder  # loads backend_stub's cassette API

        recorder = RunRecorder(config.record)
    flow_events = FLOW_EVENTS_KEPT if keep_flows else 0
    async with Session(config.settings, wx_events, flow_events=flow_events) as session:
        backend = await session.start()
        result = BenchResult(config, backend.base_url, warnings=list(backend.notes))
        for warning in result.warnings:
            logger.warning("%s", warning)
        for name in config.transports:
            reason = unsupported_reason(backend, name)
            if reason is not None:
                result.unsupported[name] = reason
        if config.warm_up:  # the client's first-use cost is not the backend's latency
            lanes = [n for n in config.transports if n not in result.unsupported]
            costs = [await warm_up(session.runtime(n), backend) for n in lanes]
            result.warmup_s = sum(costs) if costs else None
        result.measured_from = time.monotonic()
        for scenario in config.scenarios:
            if scenario is not None:  # not a backend field: the backend stays up
                await session.reconfigure(config.settings.with_changes(scenario=scenario))
            for name in config.transports:
                if name in result.unsupported:
                    continue
                for index in range(config.runs):
                    run = await measure_run(session, name, config.prompt, index)
                    run = replace(run, verdict=judge_runs([run], config.expect, False)[0])
                    result.runs.append(run)
                    if recorder is not None:
                        recorder.add(run.timeline, backend=result.backend)
                    if progress is not None:
                        progress(run)
        if keep_flows:
            result.flows = [f for f in session.flows() if f.started_at >= result.measured_from]
        verdicts = judge_runs(result.runs, config.expect, backend.deterministic)
        result.runs = [replace(r, verdict=v) for r, v in zip(result.runs, verdicts, strict=True)]
    return result


async def measure_run(session: Session, name: str, prompt: str, index: int = 0) -> BenchRun:
    """One run of `name`, painted headless by the window's paint model; then its trace."""
    timeout_s = session.settings.run_timeout_s
    handle = session.launch(name, prompt, timeout_s=timeout_s)  # its task starts on our await
    model = session.painter(name, handle.emit)
    frames = HeadlessFrames(model)

    def paint_rules(_handle: RunHandle, event: RunEvent) -> None:
        model.on_event(event)
        frames.on_event(event)

    unsubscribe = handle.listen(paint_rules)
    paint = asyncio.ensure_future(frames.run(max_s=timeout_s + PAINT_GRACE_S))
    try:
        await handle.wait()
    finally:
        await paint
        unsubscribe()
    timeline, trace = handle.timeline, handle.trace
    return BenchRun(
        transport=name,
        scenario=session.settings.scenario or "default",
        index=index,
        metrics=timeline.metrics(trace),
        timeline=timeline,
        trace=trace,
        expected_text=trace.text if trace is not None and trace.complete else None,
    )
