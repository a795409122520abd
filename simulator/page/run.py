"""Headless page runs: start the page, send the message N times, measure like the bench."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from simulator.bench.judging import judge_runs, warm_up
from simulator.bench.runner import BenchConfig, BenchResult, BenchRun
from simulator.page.errors import PageError
from simulator.page.guidance import GuidanceWarning
from simulator.page.host import TRANSPORT_NAME, PageHost, PageLog, PageMessage, PageOptions
from simulator.page.origin import OriginMap
from simulator.page.transport import PageSender, page_source
from simulator.session import RunSettings, Session
from simulator.transports.backend import BackendProfile
from simulator.wx import WxRuntime

PAGE_DEFAULTS: dict[str, Any] = {}
"""Where headless page runs differ from `RunSettings()` (the page command's defaults). None
now: download fidelity is strict as on a device, as in the bench and the window (a partial
read before `success` is DevTools' behaviour: `--download-fidelity lenient`)."""


def page_settings(**changes: Any) -> RunSettings:
    """Settings of a headless page run: `PAGE_DEFAULTS`, then `changes`.

    Raises:
        SettingsError: a bad value.
    """
    return RunSettings(**{**PAGE_DEFAULTS, **changes}).check()


@dataclass
class PageReport:
    """What a headless page session measured and showed."""

    page: str
    backend: str
    start_s: float | None = None
    warmup_s: float | None = None
    """The unmeasured request before the first run (as the bench's; reported apart)."""
    runs: list[BenchRun] = field(default_factory=list)
    messages: list[PageMessage] = field(default_factory=list)
    logs: list[PageLog] = field(default_factory=list)
    warnings: list[GuidanceWarning] = field(default_factory=list)
    """setData traffic past the platform's guidance (notes: `ok` does not depend on them)."""
    error: str | None = None
    """A failure that stopped the page (load error, runaway, crash)."""

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.runs) and all(r.ok for r in self.runs)

    def bench_result(self) -> BenchResult:
        result = BenchResult(BenchConfig(transports=(TRANSPORT_NAME,)), self.backend)
        result.runs.extend(self.runs)
        return result


async def warm_page_client(wx: WxRuntime, profile: BackendProfile) -> float:
    """Before the first message into a loaded page: one unmeasured request on the page's
    runtime, as the bench warms its client, so the first run's "connect" is not the client's
    first-use cost. Returns how long it took (reported apart, never in a run's figures)."""
    return await warm_up(wx, profile)


async def measure_page_run(
    session: Session, host: PageSender, profile: BackendProfile, text: str, index: int = 0
) -> BenchRun:
    """One message through a running page or project, started by the session like any run;
    the row `page`, the project runs and automation report (its verdict not yet judged)."""
    handle = session.launch(page_source(host, profile), text, name=TRANSPORT_NAME)
    await handle.wait()
    trace, timeline = handle.trace, handle.timeline
    expected = trace.text if trace is not None and trace.complete else None
    return BenchRun(
        TRANSPORT_NAME, "default", index, timeline.metrics(trace), timeline, trace, expected
    )


async def run_page(
    page: Path,
    message: str,
    *,
    runs: int = 1,
    settings: RunSettings | None = None,
    options: PageOptions | None = None,
    on_log: Callable[[PageLog], None] | None = None,
) -> PageReport:
    """Run `page` against the session's backend (the embedded stub unless a URL is set)."""
    options = options or PageOptions()
    async with Session(settings or page_settings()) as session:
        profile = await session.start()
        report = PageReport(str(page), profile.base_url)

        def log(line: PageLog) -> None:
            report.logs.append(line)
            if on_log is not None:
                on_log(line)

        wx = session.new_runtime()  # the page's own: closed with the page below
        origin = OriginMap(options.page_origin, profile.base_url)
        host = PageHost(page, wx, origin, options, on_log=log)
        try:
            await host.start()
            report.start_s = host.start_s
            report.warmup_s = await warm_page_client(wx, profile)
            for index in range(runs):
                report.runs.append(await measure_page_run(session, host, profile, message, index))
                if host.failure is not None:  # the page process died: no further runs
                    report.error = str(host.failure)
                if report.error is not None:
                    break
            # the page's text against the backend's (issue 24: a garbled reply was called ok)
            verdicts = judge_runs(report.runs, None, profile.deterministic)
            report.runs = [
                replace(r, verdict=v) for r, v in zip(report.runs, verdicts, strict=True)
            ]
        except PageError as exc:
            report.error = str(exc)
        finally:
            if host.failure is not None and report.error is None:
                report.error = str(host.failure)
            report.messages = list(host.messages)
            report.warnings = list(host.guidance.warnings)
            await host.stop()
            await wx.aclose()
    return report
