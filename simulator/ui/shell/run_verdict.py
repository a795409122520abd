"""The window's verdict on a finished run: the bench's rule (`simulator.verdict`), not a new one.

A window run is judged as a bench run would be: against the backend's own trace when it keeps
one (the embedded stub), else — a race on a backend the probe found deterministic — against
the other transports' texts for the same prompt, else unverified. Qt-free: it runs in a thread.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.bench.judging import judge_runs
from simulator.bench.runner import BenchRun
from simulator.metrics import RunMetrics
from simulator.session.run import RunHandle
from simulator.verdict import Verdict


def bench_run(run: RunHandle, scenario: str, index: int = 0) -> BenchRun | None:
    """`run` as the bench records one (None before it sent anything)."""
    metrics = run.metrics()
    if metrics is None:
        return None
    trace = run.trace
    return BenchRun(
        transport=run.transport,
        scenario=scenario or "default",
        index=index,
        metrics=metrics,
        timeline=run.timeline,
        trace=trace,
        expected_text=trace.text if trace is not None and trace.complete else None,
    )


def judge_window_run(
    run: RunHandle,
    scenario: str,
    mates: Sequence[RunHandle] = (),
    deterministic: bool | None = None,
) -> tuple[RunMetrics, Verdict] | None:
    """`run`'s figures and verdict; `mates` are the runs of the same race (the prompt the
    other transports received), `deterministic` what the probe found of the backend."""
    mine = bench_run(run, scenario)
    if mine is None:
        return None
    others = [bench_run(m, scenario, i + 1) for i, m in enumerate(mates) if m is not run]
    runs = [mine, *(o for o in others if o is not None)]
    return mine.metrics, judge_runs(runs, None, deterministic)[0]
