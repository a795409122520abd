"""Headless page runs: start the page, send the message N times, measure like the bench."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from backend_stub.config import StubConfig
from simulator.bench.runner import BenchConfig, BenchResult, BenchRun
from simulator.metrics.timeline import RunTimeline
from simulator.metrics.trace import fetch_emission_trace
from simulator.page.backend import PageBackend
from simulator.page.errors import PageError
from simulator.page.host import TRANSPORT_NAME, PageHost, PageLog, PageMessage, PageOptions
from simulator.page.origin import OriginMap
from simulator.wx import WxConfig, WxRuntime


@dataclass
class PageReport:
    """What a headless page session measured and showed."""

    page: str
    backend: str
    start_s: float | None = None
    runs: list[BenchRun] = field(default_factory=list)
    messages: list[PageMessage] = field(default_factory=list)
    logs: list[PageLog] = field(default_factory=list)
    error: str | None = None
    """A failure that stopped the page (load error, runaway, crash)."""

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.runs) and all(r.ok for r in self.runs)

    def bench_result(self) -> BenchResult:
        result = BenchResult(BenchConfig(transports=(TRANSPORT_NAME,)), self.backend)
        result.runs.extend(self.runs)
        return result


async def run_page(
    page: Path,
    message: str,
    *,
    runs: int = 1,
    backend_url: str | None = None,
    options: PageOptions | None = None,
    wx_config: WxConfig | None = None,
    stub_config: StubConfig | None = None,
    on_log: Callable[[PageLog], None] | None = None,
) -> PageReport:
    """Run `page` against the backend (the embedded stub unless a URL is given)."""
    options = options or PageOptions()
    with PageBackend(backend_url, stub_config) as backend:
        report = PageReport(str(page), backend.base_url)

        def log(line: PageLog) -> None:
            report.logs.append(line)
            if on_log is not None:
                on_log(line)

        wx = WxRuntime(wx_config or WxConfig(download_fidelity="lenient"))
        host = PageHost(
            page, wx, OriginMap(options.page_origin, backend.base_url), options, on_log=log
        )
        try:
            await host.start()
            report.start_s = host.start_s
            for index in range(runs):
                timeline = RunTimeline()
                try:
                    await host.send(message, timeline)
                except PageError as exc:
                    if host.failure is not None:
                        report.error = str(exc)
                run_ended = next(
                    (e for e in reversed(timeline.events) if hasattr(e, "reply_id")), None
                )
                reply_id = getattr(run_ended, "reply_id", None)
                trace = await fetch_emission_trace(backend.base_url, reply_id) if reply_id else None
                report.runs.append(
                    BenchRun(
                        TRANSPORT_NAME, "default", index, timeline.metrics(trace), timeline,
                        trace, trace.text if trace is not None and trace.complete else None,
                    )
                )  # fmt: skip
                if report.error is not None:
                    break
        except PageError as exc:
            report.error = str(exc)
        finally:
            if host.failure is not None and report.error is None:
                report.error = str(host.failure)
            report.messages = list(host.messages)
            await host.stop()
            await wx.aclose()
    return report
