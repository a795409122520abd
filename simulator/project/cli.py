"""`python -m simulator page PATH --message TEXT`: a mini-program project (a folder) or a single
page file (page mode's quick path), run headless."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from simulator.page.cli import NOT_PAGE_SETTINGS, WARMUP_LINE, _query, run_page_file
from simulator.page.run import PAGE_DEFAULTS
from simulator.project.flags import project_flags
from simulator.session.cli import settings_from_options, settings_options

if TYPE_CHECKING:
    from simulator.page.host import PageLog
    from simulator.project.options import ProjectOptions
    from simulator.project.run import ProjectReport
    from simulator.session import RunSettings


@click.command("page")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--message", required=True, help="The text typed and sent.")
@click.option("--runs", type=click.IntRange(1, 1000), default=1, show_default=True)
@project_flags("as_json", "query", "page_origin", "cpu_limit", "memory_mb")
@click.option("--inspect", "inspect_port", type=int, default=None, help="Debugger port.")
@project_flags("input_selector", "tap_selector", "reply_path", "launch", "js_strict")
@click.option(
    "--watch",
    is_flag=True,
    help="Project: run again whenever the folder changes (a framework's watch build).",
)
@click.option("--messages-key", default="messages", show_default=True, help="Page file only.")
@project_flags("send_method")
@settings_options(exclude=NOT_PAGE_SETTINGS, defaults=PAGE_DEFAULTS)
@click.pass_context
def page(
    ctx: click.Context,
    /,
    path: Path,
    message: str,
    runs: int,
    as_json: bool,
    query: tuple[str, ...],
    page_origin: str,
    cpu_limit: float,
    memory_mb: int,
    inspect_port: int | None,
    input_selector: str | None,
    tap_selector: str | None,
    reply_path: str | None,
    launch: str | None,
    js_strict: tuple[str, ...],
    watch: bool,
    messages_key: str,
    send_method: str,
    **run_options: Any,
) -> None:
    """Run your mini-program project (a folder) or a single JS/TS page file against the
    emulated wx; print figures and what the page showed.

    A project runs as the platform runs it: its pages render headless, TEXT is typed into
    the page's first input and the element bound to a send handler is tapped. The wx runtime
    (platform, network, slicing, fidelity…) and the backend are the run settings'
    (`--settings FILE` and the flags below). Exits 1 on a page error or a run that is not
    exact or consistent.
    """
    from simulator.page.host import PageOptions
    from simulator.project.jsenv import env_for
    from simulator.project.options import ProjectOptions

    settings = settings_from_options(ctx, run_options, exclude=NOT_PAGE_SETTINGS)
    if not path.is_dir():
        options = PageOptions(
            messages_key=messages_key, send_method=send_method, page_origin=page_origin,
            cpu_limit_s=cpu_limit, memory_mb=memory_mb, inspect_port=inspect_port,
            run_timeout_s=settings.run_timeout_s, query=_query(query),
        )  # fmt: skip
        run_page_file(path, message, runs, settings, options, as_json=as_json)
        return
    try:
        env_for(settings.platform, js_strict)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--js-strict") from exc
    project_options = ProjectOptions(
        platform=settings.platform, js_strict=js_strict, launch_route=launch,
        query=_query(query), page_origin=page_origin, reply_path=reply_path,
        input_selector=input_selector, tap_selector=tap_selector, cpu_limit_s=cpu_limit,
        memory_mb=memory_mb, inspect_port=inspect_port, run_timeout_s=settings.run_timeout_s,
    )  # fmt: skip
    run_project_command(
        path, [message] * runs, settings, project_options, as_json=as_json, watch=watch
    )


def run_project_command(
    folder: Path,
    messages: list[str],
    settings: RunSettings,
    options: ProjectOptions,
    *,
    as_json: bool,
    watch: bool = False,
) -> None:
    """Run, print (a table or one JSON document) and exit: 0 only when there was no page
    error and every run was exact or consistent. With `watch`, run again after every settled
    change of the miniprogram root until interrupted."""
    from simulator.project.run import run_project

    def log(line: PageLog) -> None:
        if not as_json:
            stack = f"\n{line.stack}" if line.stack else ""
            click.echo(f"[{line.level}] {line.text}{stack}", err=True)

    async def once() -> ProjectReport:
        report = await run_project(
            folder, messages, settings=settings, options=options, on_log=log
        )  # fmt: skip
        if as_json:
            click.echo(json.dumps(report_json(report), ensure_ascii=False, indent=2))
        else:
            print_report(report)
        return report

    if not watch:
        sys.exit(0 if asyncio.run(once()).ok else 1)
    try:
        asyncio.run(_watching(folder, once))
    except KeyboardInterrupt:
        sys.exit(130)


async def _watching(folder: Path, once: Callable[[], Awaitable[Any]]) -> None:
    from simulator.page.errors import PageError
    from simulator.project.loader import find_root
    from simulator.project.watch import OutputWatcher

    await once()
    while True:
        try:
            root = find_root(folder)  # the newest output (uni-app: dev or build)
        except PageError:
            root = folder
        changed = await OutputWatcher(root).next_change()
        shown = ", ".join(changed[:5]) + (" …" if len(changed) > 5 else "")
        click.echo(f"— {len(changed)} file(s) changed ({shown}): running again", err=True)
        await once()


def report_json(report: ProjectReport) -> dict[str, Any]:
    from simulator.bench.report import json_row, tidy_floats

    framework = report.framework
    doc = {
        "project": report.project,
        "backend": report.backend,
        "platform": report.platform,
        # a stable id for scripts; the label (bilingual for native) is for people
        "framework": framework.name if framework else None,
        "framework_version": framework.version if framework else None,
        "framework_label": framework.label if framework else None,
        "ok": report.ok,
        "error": report.error,
        "start_ms": report.start_s * 1000 if report.start_s is not None else None,
        "warmup_ms": report.warmup_s * 1000 if report.warmup_s is not None else None,
        "route": report.route,
        "data": report.data,
        "rendered_text": report.rendered_text,
        "console": [{"level": x.level, "text": x.text, "stack": x.stack} for x in report.console],
        "errors": [
            {
                "message": e.message,
                "file": e.file,
                "line": e.line,
                "where": e.where,
                "stack": e.stack,
            }
            for e in report.errors
        ],
        "runs": [json_row(r) for r in report.runs],
        "ui": report.ui,
        "set_data": report.set_data,
        "warnings": [w.to_json() for w in report.warnings],
    }
    tidy: dict[str, Any] = tidy_floats(doc)
    return tidy


def print_report(report: ProjectReport) -> None:
    from simulator.bench.report import format_table
    from simulator.bench.runner import BenchConfig, BenchResult
    from simulator.project.host import TRANSPORT_NAME

    if report.framework:
        click.echo(f"framework: {report.framework.label}")
    if report.start_s is not None:
        click.echo(f"project started in {report.start_s * 1000:.0f} ms ({report.platform})")
    if report.warmup_s is not None:
        click.echo(WARMUP_LINE.format(report.warmup_s * 1000))
    if report.runs:
        result = BenchResult(BenchConfig(transports=(TRANSPORT_NAME,)), report.backend)
        result.runs.extend(report.runs)
        click.echo(format_table(result))
    if report.rendered_text:
        click.echo(report.rendered_text)
    for err in report.errors:
        click.echo(f"page error: {err}", err=True)
    if report.error is not None:
        click.echo(f"project error: {report.error}", err=True)
