"""What the bench adds for real backends: verdicts per run, unsupported transports, warm-up.

Kept apart from the runner so the runner only calls in: judge every run (`judge_runs`), skip
what the profile says cannot work (`unsupported_reason`), and warm the client up before the
first measured run (`warm_up`) so its set-up is not measured as backend latency.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from simulator.metrics.arrival import judge_arrival
from simulator.transports.events import ChunkReceived, TransportNote
from simulator.transports.registry import transport_spec
from simulator.transports.reply import settle
from simulator.verdict import Verdict, compare_across, judge

if TYPE_CHECKING:
    from simulator.bench.runner import BenchRun
    from simulator.transports.backend import BackendProfile
    from simulator.wx import WxRuntime


def unsupported_reason(profile: BackendProfile, transport: str) -> str | None:
    """Why `transport` cannot work with this backend (from the profile), or None to run it."""
    if transport in profile.unsupported:
        return profile.unsupported[transport]
    missing = [f for f in transport_spec(transport).needs if getattr(profile, f) is None]
    if missing:
        return f"profile {profile.name!r} has no {' / '.join(missing)} endpoint"
    return None


def load_expect(value: str | None) -> str | None:
    """`--expect TEXT` or `--expect @FILE` (UTF-8, taken exactly, trailing newline included)."""
    if value is None or not value.startswith("@"):
        return value
    with open(value[1:], encoding="utf-8") as handle:
        return handle.read()


def judge_runs(
    runs: Sequence[BenchRun], expect: str | None, deterministic: bool | None
) -> list[Verdict]:
    """A verdict per run (`simulator.verdict`'s rule): against `expect`, else the backend's
    trace, else the other transports' runs of the same scenario when the probe found the
    backend deterministic, else unverified; structural checks always."""
    verdicts: list[Verdict] = []
    for run in runs:
        if expect is not None:
            verdicts.append(judge(run.timeline.events, expect, "expected text (--expect)"))
        elif run.expected_text is not None:
            verdicts.append(judge(run.timeline.events, run.expected_text, "backend's own trace"))
        else:
            verdicts.append(judge(run.timeline.events))
    if expect is None and deterministic:
        for scenario in {r.scenario for r in runs}:
            idx = [i for i, r in enumerate(runs) if r.scenario == scenario]
            texts = [runs[i].metrics.text if runs[i].metrics.completed else None for i in idx]
            names = [runs[i].transport for i in idx]
            compared = compare_across(texts, [verdicts[i] for i in idx], names)
            for i, verdict in zip(idx, compared, strict=True):
                verdicts[i] = verdict
    return verdicts


PLATFORM_HELD = "partial read refused"
"""The download transport's note when the platform refuses reads before `success`."""


def run_buffering(run: BenchRun) -> tuple[bool | None, str | None]:
    """Was this run's text held back, and by what measure: "trace" (the backend's emission
    stamps), "platform" (strict `downloadFile` hands the file over only at its end, however
    the server streams), "arrival" (the arrival pattern alone), or (None, None): too short."""
    if any(
        isinstance(e, TransportNote) and e.message.startswith(PLATFORM_HELD)
        for e in run.timeline.events
    ):
        return True, "platform"
    if run.metrics.buffered is not None:
        return run.metrics.buffered, "trace"
    arrivals = [
        e.at - run.metrics.send_at for e in run.timeline.events if isinstance(e, ChunkReceived)
    ]
    verdict = judge_arrival(arrivals)
    return (verdict.buffered, "arrival") if verdict.buffered is not None else (None, None)


def buffering_cell(runs: Sequence[BenchRun]) -> str:
    """The table's "buffered" cell and the measure behind it (see `run_buffering`)."""
    votes: list[bool] = []
    measures: list[str] = []
    for run in runs:
        buffered, measure = run_buffering(run)
        if buffered is not None and measure is not None:
            votes.append(buffered)
            measures.append(measure)
    if not votes:
        return "too short"
    word = "yes" if all(votes) else "no" if not any(votes) else "some"
    measure = "platform" if "platform" in measures else measures[0]
    return f"{word} ({measure})"


async def warm_up(wx: WxRuntime, profile: BackendProfile, timeout_ms: int = 5000) -> float:
    """One unmeasured `wx.request` to the backend (any answer will do): the client's first-use
    cost (connection pool, DNS, imports) is paid here, not in the first measured run.

    Returns how long it took, reported apart.
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future[dict[str, Any]] = loop.create_future()
    started = time.monotonic()
    wx.request(
        url=profile.url("/"),
        method="GET",
        header=profile.request_headers(),
        timeout=timeout_ms,
        dataType="text",
        responseType="text",
        success=lambda res: settle(done, res),
        fail=lambda res: settle(done, res),
    )
    await done
    return time.monotonic() - started
