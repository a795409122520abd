"""`python -m simulator page PATH --message TEXT`: run the developer's page headless."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from simulator.page.origin import DEFAULT_PAGE_ORIGIN
from simulator.page.run import PAGE_DEFAULTS
from simulator.session.cli import settings_from_options, settings_options

if TYPE_CHECKING:
    from simulator.page.host import PageLog


def _query(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r}: expected key=value")
        pairs.append((key, value))
    return tuple(pairs)


def _already_said(error: str, echoed: list[str]) -> bool:
    """`error` was printed as a page-error line (those lines carry "where: " before it)."""
    return any(line == error or line.endswith(f": {error}") for line in echoed)


NOT_PAGE_SETTINGS = (
    "backend_kind", "token", "model", "paths", "transport", "scenario",
    "typewriter_policy", "typewriter_cps", "first_text_s", "request_timeout_ms",
)  # fmt: skip
"""Run settings a page does not use: it makes its own requests and paints its own bubbles."""


@click.command("page")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--message", required=True, help="The text the send button sends.")
@click.option("--runs", type=click.IntRange(1, 1000), default=1, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead.")
@click.option("--query", multiple=True, help="Launch query for onLoad, key=value; repeatable.")
@click.option("--page-origin", default=DEFAULT_PAGE_ORIGIN, show_default=True)
@click.option("--messages-key", default="messages", show_default=True)
@click.option("--send-method", default="onSend", show_default=True)
@click.option("--cpu-limit", type=float, default=3.0, show_default=True, help="Seconds.")
@click.option("--memory-mb", type=int, default=256, show_default=True)
@click.option("--inspect", "inspect_port", type=int, default=None, help="Debugger port.")
@click.option(
    "--input",
    "input_selector",
    default=None,
    help="Project: the field to type into (default: the page's first input).",
)
@click.option(
    "--tap",
    "tap_selector",
    default=None,
    help="Project: what to tap (default: the element bound to a send handler).",
)
@click.option(
    "--reply-path",
    default=None,
    help="Project: the data path of the reply (default: the string that grows).",
)
@click.option("--launch", default=None, help="Project: the first page (default: app.json's).")
@click.option(
    "--js-strict",
    multiple=True,
    help="Project: apply an uncertain JS-environment row (docs/wx-emulation.md).",
)
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
    messages_key: str,
    send_method: str,
    cpu_limit: float,
    memory_mb: int,
    inspect_port: int | None,
    input_selector: str | None,
    tap_selector: str | None,
    reply_path: str | None,
    launch: str | None,
    js_strict: tuple[str, ...],
    **run_options: Any,
) -> None:
    """Run your mini-program project (a folder) or a single JS/TS page file against the
    emulated wx; print figures and what the page showed.

    A project folder is run as the platform runs it: its pages render headless, TEXT is
    typed into the first input and the send element is tapped. The wx runtime (platform,
    network, slicing, fidelity…) and the backend are the run settings' (`--settings FILE`
    and the flags below). Exits 1 on a page error or a run that is not exact/consistent.
    """
    from simulator.bench.report import format_table, run_row
    from simulator.page.host import PageOptions
    from simulator.page.run import run_page

    settings = settings_from_options(ctx, run_options, exclude=NOT_PAGE_SETTINGS)
    if path.is_dir():
        from simulator.project.cli import run_project_command
        from simulator.project.host import ProjectOptions
        from simulator.project.jsenv import env_for

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
        run_project_command(path, [message] * runs, settings, project_options, as_json=as_json)
        return
    options = PageOptions(
        messages_key=messages_key, send_method=send_method, page_origin=page_origin,
        cpu_limit_s=cpu_limit, memory_mb=memory_mb, inspect_port=inspect_port,
        run_timeout_s=settings.run_timeout_s, query=_query(query),
    )  # fmt: skip

    echoed: list[str] = []  # page errors already printed: the final line does not repeat them

    def log(line: PageLog) -> None:
        if not as_json:
            if line.level == "page-error":
                echoed.append(f"{line.text}\n{line.stack}" if line.stack else line.text)
            click.echo(
                f"[{line.level}] {line.text}" + (f"\n{line.stack}" if line.stack else ""), err=True
            )

    report = asyncio.run(
        run_page(path, message, runs=runs, settings=settings, options=options, on_log=log)
    )
    if as_json:
        doc = {
            "page": report.page,
            "backend": report.backend,
            "ok": report.ok,
            "error": report.error,
            "start_ms": report.start_s * 1000 if report.start_s is not None else None,
            "runs": [run_row(r) for r in report.runs],
            "messages": [
                {"id": m.id, "role": m.role, "content": m.content} for m in report.messages
            ],
            "logs": [{"level": x.level, "text": x.text, "stack": x.stack} for x in report.logs],
        }
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        if report.start_s is not None:
            click.echo(f"page started in {report.start_s * 1000:.0f} ms")
        if report.runs:
            click.echo(format_table(report.bench_result()))
        for m in report.messages:
            click.echo(f"{m.role or '?'}: {m.content}")
        if report.error is not None and not _already_said(report.error, echoed):
            click.echo(f"page error: {report.error}", err=True)
    sys.exit(0 if report.ok else 1)
