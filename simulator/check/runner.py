# Over 400 lines: one cell's run and its judgement, shared by the matrix and the window's replay.
"""Run the matrix: one Session (one backend) for all cells, each cell in its own page
process(es) on its own emulated runtime, at most `jobs` at once; judge every cell.

`run_matrix` is the Qt-free API the CLI and the window share: progress comes through
`on_cell(result, done, total)` as each cell ends.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.check.chunks import ChunkLog, ChunkRecord, SetDataRecord
from simulator.check.matrix import Cell
from simulator.check.verdicts import CellVerdict, Judged, judge_cell
from simulator.page.errors import PageError, PageRunFailed, PageRunTimedOut
from simulator.page.guidance import GuidanceWarning
from simulator.page.host import PageLog
from simulator.page.origin import DEFAULT_PAGE_ORIGIN, OriginMap
from simulator.session import RunSettings, Session
from simulator.transports import events as run_ev
from simulator.transports.backend import BackendProfile
from simulator.wx import WxRuntime
from simulator.wx import events as wx_ev

logger = logging.getLogger("simulator.check")
DEFAULT_SCENARIO = "ttft_ms=100,tps=200"
"""The embedded stub's default scenario in a check: a whole reply in about half a second."""
DEFAULT_MESSAGE = "你好，请介绍一下你自己"
_FRAME = re.compile(r"\(?(?:file://)?([^\s()]+?):(\d+):(\d+)\)?$")


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """What every cell shares."""

    target: Path
    message: str = DEFAULT_MESSAGE
    settings: RunSettings | None = None
    expect: str | None = None
    """The oracle text (`--expect`): wins over the backend's trace."""
    scenario: str = DEFAULT_SCENARIO
    """The embedded stub's default scenario ("" keeps the stub's own)."""
    hang_bound_s: float = 10.0
    jobs: int = 0
    """Cells at once (0: the machine's cores)."""
    text_path: str | None = None
    """Project: the reply's data path; single file: the messages key."""
    page_origin: str = DEFAULT_PAGE_ORIGIN
    send_method: str = "onSend"

    @property
    def is_project(self) -> bool:
        return self.target.is_dir()


@dataclass
class CellResult:
    cell: Cell
    judged: Judged
    text: str = ""
    oracle: str | None = None
    elapsed_s: float = 0.0
    chunks: list[ChunkRecord] = field(default_factory=list)
    logs: list[PageLog] = field(default_factory=list)
    warnings: list[GuidanceWarning] = field(default_factory=list)
    """setData traffic past the platform's guidance: a note, never a verdict."""

    @property
    def verdict(self) -> CellVerdict:
        return self.judged.verdict


@dataclass
class CheckReport:
    target: str
    backend: str = ""
    oracle: str = ""
    """Where the expected text came from."""
    results: list[CellResult] = field(default_factory=list)
    elapsed_s: float = 0.0
    error: str | None = None


OnCell = Callable[[CellResult, int, int], None]


async def run_matrix(
    config: CheckConfig, cells: list[Cell], on_cell: OnCell | None = None
) -> CheckReport:
    """Every cell of `cells`, judged; results in the order of `cells`."""
    from simulator.page.run import page_settings

    began = time.monotonic()
    report = CheckReport(str(config.target))
    settings = config.settings or page_settings()
    jobs = config.jobs or os.cpu_count() or 1
    async with Session(settings) as session:
        try:
            profile = await session.start()
        except Exception as exc:  # a backend that cannot be reached: one message, no cells
            report.error = f"backend: {exc}"
            return report
        report.backend = profile.base_url
        embedded = not settings.backend_url and not settings.profile_file
        if embedded and config.scenario:
            await session.set_stub_scenario(config.scenario)
        fixed = config.expect
        if fixed is not None:
            report.oracle = "expected text (--expect)"
        elif profile.trace_path is not None:
            report.oracle = "the backend's own trace"
        elif profile.deterministic:
            fixed = await _reference_text(session, config.message)
            report.oracle = (
                f"a reference run through our {settings.transport} transport (the probe "
                "found the backend deterministic)"
                if fixed is not None
                else "none (the reference run failed: pass --expect)"
            )
        else:
            report.oracle = "none (no trace, not known to be deterministic: pass --expect)"
        project = _load_project(config)
        gate = asyncio.Semaphore(jobs)
        done = 0
        slots: list[CellResult | None] = [None] * len(cells)

        async def one(i: int, cell: Cell) -> None:
            nonlocal done
            async with gate:
                try:
                    result = await run_cell(session, profile, config, cell, project, fixed)
                except Exception as exc:  # one cell's failure is its verdict, not the run's end
                    logger.exception("! check cell %s failed", cell.name)
                    why = f"{type(exc).__name__}: {exc}"
                    result = CellResult(cell, Judged(CellVerdict.ERROR, why, reason=why))
            slots[i] = result
            done += 1
            if on_cell is not None:
                on_cell(result, done, len(cells))

        await asyncio.gather(*(one(i, c) for i, c in enumerate(cells)))
        report.results = [r for r in slots if r is not None]
    report.elapsed_s = time.monotonic() - began
    return report


async def _reference_text(session: Session, message: str) -> str | None:
    """The reply through our own transport on ideal delivery (a deterministic backend)."""
    wx = session.new_runtime(platform="devtools", delivery="ideal", slicing=None)
    try:
        outcome = await session.run(
            session.settings.transport, session.message(message), lambda _: None, wx=wx
        )
    finally:
        await wx.aclose()
    return outcome.text if isinstance(outcome, run_ev.ReplyCompleted) else None


def _load_project(config: CheckConfig) -> Any:
    if not config.is_project:
        return None
    from simulator.project.loader import load_project

    return load_project(config.target)


class CellWatch:
    """One cell's runtime events: chunks, failures, and the injected loss / app hide."""

    def __init__(self, wx: WxRuntime, cell: Cell) -> None:
        self.wx = wx
        self.cell = cell
        self.chunks = ChunkLog()
        self.failed: list[str] = []
        self.lost = False
        self.reply_ids: list[str] = []
        """X-Reply-Id headers seen (a failed request never reports its result)."""
        self._count = 0

    def on_event(self, event: wx_ev.WxEvent) -> None:
        self.chunks.on_event(event)
        loop = asyncio.get_running_loop()
        if isinstance(event, wx_ev.HeadersReceived):
            self.reply_ids += [v for k, v in event.headers if k.lower() == "x-reply-id"]
        if isinstance(event, wx_ev.TaskFailed):
            self.failed.append(event.err_msg)
        elif isinstance(event, wx_ev.SocketClosed) and event.code != 1000:
            self.failed.append(f"socket closed {event.code} {event.reason}")
        if isinstance(event, wx_ev.ChunkReceived | wx_ev.FrameReceived):
            self._count += 1
            if self._count == self.cell.loss_after_chunks:
                self.lost = True
                self.wx.lose_network_next(silent=self.cell.silent_loss)
            if self._count == self.cell.hide_after_chunks:
                loop.call_soon(self.wx.simulate_app_hide)
        elif (
            isinstance(event, wx_ev.HeadersReceived)
            and self.cell.loss_after_chunks
            and self.cell.platform == "pc"  # no chunks on PC: the link dies after the headers
        ):
            self.lost = True
            loop.call_soon(lambda: self.wx.simulate_network_loss(silent=False))


async def run_cell(
    session: Session,
    profile: BackendProfile,
    config: CheckConfig,
    cell: Cell,
    project: Any = None,
    oracle: str | None = None,
) -> CellResult:
    """Start the page for `cell`, send the message once, judge what it shows against
    `oracle` (else the backend's trace of the reply)."""
    began = time.monotonic()
    wx = session.new_runtime(**cell.wx_config())
    watch = CellWatch(wx, cell)
    unsubscribe = wx.events.subscribe(watch.on_event)
    logs: list[PageLog] = []
    origin = OriginMap(config.page_origin, profile.base_url)
    host: Any = _make_host(config, cell, wx, origin, project, logs.append)
    reply_ids: list[str] = []

    def emit(event: run_ev.RunEvent) -> None:
        rid = getattr(event, "reply_id", None)
        if rid:
            reply_ids.append(rid)

    timed_out = False
    text = ""
    try:
        await host.start()
        try:
            text = await host.send(config.message, emit)
        except PageRunTimedOut:
            timed_out = True
        except PageRunFailed:
            pass  # a page error or no reply: judged below from what the page shows
        result = await judge_run(
            session, config, cell, host, watch, logs, sent=text, timed_out=timed_out,
            oracle=oracle, reply_ids=reply_ids, began=began,
        )  # fmt: skip
    except PageError as exc:  # did not load, or the process died
        why = str(exc).splitlines()[0]
        result = CellResult(
            cell, Judged(CellVerdict.ERROR, why, reason=why), logs=logs,
            warnings=list(host.guidance.warnings),
        )  # fmt: skip
    finally:
        await host.stop()
        await wx.aclose()
        unsubscribe()
    return result


async def judge_run(
    session: Session,
    config: CheckConfig,
    cell: Cell,
    host: Any,
    watch: CellWatch,
    logs: list[PageLog],
    *,
    sent: str = "",
    timed_out: bool = False,
    oracle: str | None = None,
    reply_ids: list[str] | None = None,
    began: float | None = None,
) -> CellResult:
    """Judge what one run of `cell` left in a live `host` (before it stops): the matrix's
    cells and the window's replay of a cell both end here.

    Raises:
        PageError: the page's process died while it was asked for its rendered text.
    """
    text = _page_text(config, host, sent)
    errors = _page_errors(config, host, logs)
    shown = await _shown_by_view(config, host, text)
    set_data = _set_data_records(config, host)
    ids = [*(reply_ids or []), *watch.reply_ids]
    if oracle is None and ids:
        trace = await session.fetch_trace(ids[0])
        if trace is not None and (trace.complete or watch.lost or watch.failed):
            oracle = trace.text
    body, reads = watch.chunks.body()
    judged = judge_cell(
        text=text, oracle=oracle, timed_out=timed_out, hang_bound_s=config.hang_bound_s,
        page_errors=errors, network_failed=watch.lost or bool(watch.failed),
        visible_error=_visible_error(text, oracle, watch.wx), body=body, reads=reads,
        empty_at=_empty_reply_path(config, host, text),
    )  # fmt: skip
    if shown is False and judged.verdict is CellVerdict.EXACT:
        why = "the page's data holds the backend's text but its view does not show it as is"
        judged = Judged(CellVerdict.GARBLED, why, reason=why)
    elapsed = time.monotonic() - began if began is not None else 0.0
    return CellResult(
        cell, judged, text, oracle, elapsed, watch.chunks.records(set_data), logs,
        list(host.guidance.warnings),
    )  # fmt: skip


def page_options(config: CheckConfig, cell: Cell) -> Any:
    """The single-file page's options on `cell` (its JS world, the hang bound)."""
    from simulator.page.host import PageOptions

    return PageOptions(
        messages_key=config.text_path or "messages", send_method=config.send_method,
        page_origin=config.page_origin, run_timeout_s=config.hang_bound_s, js_env=cell.js_env(),
    )  # fmt: skip


def project_options(config: CheckConfig, cell: Cell) -> Any:
    """The project's options on `cell` (its platform's JS table, the hang bound)."""
    from simulator.project.options import ProjectOptions

    return ProjectOptions(
        platform=cell.platform, js_strict=cell.js_strict(), page_origin=config.page_origin,
        reply_path=config.text_path, run_timeout_s=config.hang_bound_s,
        promise_timers=cell.promise_timers,
    )  # fmt: skip


def _make_host(
    config: CheckConfig,
    cell: Cell,
    wx: WxRuntime,
    origin: OriginMap,
    project: Any,
    on_log: Callable[[PageLog], None],
) -> Any:
    if project is None:
        from simulator.page.host import PageHost

        return PageHost(config.target, wx, origin, page_options(config, cell), on_log=on_log)
    from simulator.project.host import ProjectHost
    from simulator.project.run import headless_view

    make_view, boot = headless_view()
    popts = project_options(config, cell)
    return ProjectHost(project, wx, origin, make_view(), popts, boot=boot, on_log=on_log)


def _page_text(config: CheckConfig, host: Any, sent: str) -> str:
    """What the page shows as the reply: the last assistant message (single file), the
    reply the view rendered (project)."""
    if config.is_project:
        return str(host.tracker.text or sent)
    replies = [m for m in host.messages if m.role == "assistant"]
    return replies[-1].content if replies else ""


def _empty_reply_path(config: CheckConfig, host: Any, text: str) -> str | None:
    """Project mode: the data path of the reply the page created and never filled."""
    tracker = getattr(host, "tracker", None) if config.is_project and not text else None
    return tracker.reply_key() if tracker is not None and tracker.stayed_empty else None


async def _shown_by_view(config: CheckConfig, host: Any, text: str) -> bool | None:
    """Project mode: does the view's rendered page show `text` (whitespace aside)? None for
    a single file (its text is its data) or when the view cannot say."""
    if not config.is_project or not text:
        return None
    try:
        rendered = await host.rendered_text()
    except PageError:
        return None
    return "".join(text.split()) in "".join(rendered.split())


def _page_errors(config: CheckConfig, host: Any, logs: list[PageLog]) -> list[dict[str, Any]]:
    """The page's uncaught errors of this run, each with its file and line."""
    if config.is_project:
        return [
            {"message": e.message, "file": e.file, "line": e.line, "where": e.where}
            for e in host.errors
        ]
    out = []
    for log in logs:
        if log.level != "page-error":
            continue
        where, _, message = log.text.partition(": ")
        file = line = None
        for frame in log.stack.splitlines():
            m = _FRAME.search(frame.strip())
            if m:
                file, line = _short(m.group(1), config.target), int(m.group(2))
                break
        out.append({"message": message or log.text, "file": file, "line": line, "where": where})
    return out


def _short(path: str, target: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(target.resolve().parent))
    except ValueError:
        return path


def _visible_error(text: str, oracle: str | None, wx: WxRuntime) -> bool:
    """The page shows an error: text beyond what it kept of the reply, a toast or a modal."""
    ui = wx.ui.snapshot()
    if ui.get("toastsShown") or ui.get("modals"):
        return True
    if oracle is None:
        return False
    n = 0
    while n < min(len(text), len(oracle)) and text[n] == oracle[n]:
        n += 1
    return len(text) > n


def _set_data_records(config: CheckConfig, host: Any) -> list[SetDataRecord]:
    if config.is_project:
        return [
            SetDataRecord(
                c.at,
                c.bytes,
                (c.applied_at - c.at) * 1000 if c.applied_at is not None else None,
            )
            for c in host.costs.values()
        ]
    return [SetDataRecord(at, nbytes) for at, nbytes in host.set_data_costs]
