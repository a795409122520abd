"""Headless project runs: open the project, type and tap per message, measure like the bench."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from simulator.bench.judging import judge_runs
from simulator.bench.runner import BenchRun
from simulator.page.errors import PageError
from simulator.page.guidance import GuidanceWarning
from simulator.page.host import PageLog
from simulator.page.origin import OriginMap
from simulator.page.run import measure_page_run, page_settings, warm_page_client
from simulator.project.framework import Framework
from simulator.project.host import ProjectHost
from simulator.project.jsenv import js_platform
from simulator.project.loader import load_project
from simulator.project.options import ProjectOptions
from simulator.project.port import BootBuilder, ViewPortLike
from simulator.project.recorder import PageErrorRecord
from simulator.session import RunSettings, Session
from simulator.wx import WxRuntime
from simulator.wx.native import NativeOptions

ViewFactory = Callable[[], ViewPortLike]
DEVICE_PRESET = {"ios": "iPhone 15", "android": "Android (mid-range)"}
"""The phone a JS profile runs on (system info, window size, rpx); others: the runtime's."""


def headless_view() -> tuple[ViewFactory, BootBuilder]:
    """The view helper's headless view and the compiled boot (imported late: Node tools)."""
    from simulator.project.boot import compiled_boot
    from simulator.project.view.port import HeadlessView

    return HeadlessView, compiled_boot


@dataclass
class ProjectReport:
    """What a headless project session measured and showed."""

    project: str
    backend: str
    platform: str
    start_s: float | None = None
    warmup_s: float | None = None
    """The unmeasured request before the first run (`page.run.warm_page_client`)."""
    runs: list[BenchRun] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    rendered_text: str | None = None
    console: list[PageLog] = field(default_factory=list)
    errors: list[PageErrorRecord] = field(default_factory=list)
    ui: dict[str, Any] = field(default_factory=dict)
    set_data: dict[str, Any] = field(default_factory=dict)
    warnings: list[GuidanceWarning] = field(default_factory=list)
    """setData traffic past the platform's guidance (notes: `ok` does not depend on them)."""
    route: str | None = None
    framework: Framework | None = None
    """Who built the project (`taro`, its version, its label `Taro 4.1.11`)."""
    error: str | None = None
    """A failure that stopped the project (load error, runaway, crash)."""

    @property
    def ok(self) -> bool:
        return (
            self.error is None
            and not self.errors
            and bool(self.runs)
            and all(r.ok for r in self.runs)
        )


def set_data_summary(host: ProjectHost) -> dict[str, Any]:
    """Per-call cost of the page's setData: bytes serialized, sent → applied in the view."""
    costs = list(host.costs.values())
    applied = sorted(
        (c.applied_at - c.at) * 1000 for c in costs if c.applied_at is not None
    )  # fmt: skip
    out: dict[str, Any] = {
        "calls": len(costs),
        "bytes": sum(c.bytes for c in costs),
        "max_bytes": max((c.bytes for c in costs), default=0),
    }
    if applied:
        out["applied_ms_p50"] = statistics.median(applied)
        out["applied_ms_p99"] = applied[min(len(applied) - 1, int(len(applied) * 0.99))]
    return out


async def run_project(
    folder: Path,
    messages: list[str],
    *,
    settings: RunSettings | None = None,
    options: ProjectOptions | None = None,
    view: tuple[ViewFactory, BootBuilder] | None = None,
    on_log: Callable[[PageLog], None] | None = None,
) -> ProjectReport:
    """Run the project against the session's backend (the embedded stub unless a URL is
    set), sending each of `messages` in turn as a person would."""
    settings = settings or page_settings()
    options = options or ProjectOptions(platform=settings.platform)
    make_view, boot = view or headless_view()
    report = ProjectReport(str(folder), "", options.platform)
    try:
        project = load_project(folder)
    except PageError as exc:
        report.error = str(exc)
        return report
    report.framework = project.framework
    async with Session(settings) as session:
        profile = await session.start()
        report.backend = profile.base_url
        preset = DEVICE_PRESET.get(js_platform(options.platform))
        wx = WxRuntime(session.settings.wx_config(), NativeOptions(device=preset))
        origin = OriginMap(options.page_origin, profile.base_url)
        host = ProjectHost(project, wx, origin, make_view(), options, boot=boot, on_log=on_log)
        try:
            await host.start()
            report.start_s = host.start_s
            report.warmup_s = await warm_page_client(wx, profile)
            for index, text in enumerate(messages):
                report.runs.append(await measure_page_run(session, host, profile, text, index))
                if host.failure is not None:
                    break
            verdicts = judge_runs(report.runs, None, profile.deterministic)
            report.runs = [
                replace(r, verdict=v) for r, v in zip(report.runs, verdicts, strict=True)
            ]
            report.rendered_text = await host.rendered_text()
        except PageError as exc:
            report.error = str(exc)
        finally:
            if host.failure is not None and report.error is None:
                report.error = str(host.failure)
            report.data = host.page_data()
            report.route = host.routes.get(host.top or 0)
            report.console = list(host.console)
            report.errors = list(host.errors)
            report.ui = wx.ui.snapshot()
            report.set_data = set_data_summary(host)
            report.warnings = list(host.guidance.warnings)
            await host.stop()
            await wx.aclose()
    return report
