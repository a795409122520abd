"""`python -m simulator page DIR --message TEXT`: run a mini-program project headless."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from simulator.page.host import PageLog
    from simulator.project.host import ProjectOptions
    from simulator.project.run import ProjectReport
    from simulator.session import RunSettings


def run_project_command(
    folder: Path,
    messages: list[str],
    settings: RunSettings,
    options: ProjectOptions,
    *,
    as_json: bool,
) -> None:
    """Run, print (a table or one JSON document) and exit: 0 only when there was no page
    error and every run was exact or consistent."""
    from simulator.project.run import run_project

    def log(line: PageLog) -> None:
        if not as_json:
            stack = f"\n{line.stack}" if line.stack else ""
            click.echo(f"[{line.level}] {line.text}{stack}", err=True)

    report = asyncio.run(
        run_project(folder, messages, settings=settings, options=options, on_log=log)
    )
    if as_json:
        click.echo(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        print_report(report)
    sys.exit(0 if report.ok else 1)


def report_json(report: ProjectReport) -> dict[str, Any]:
    from simulator.bench.report import json_row

    return {
        "project": report.project,
        "backend": report.backend,
        "platform": report.platform,
        "ok": report.ok,
        "error": report.error,
        "start_ms": report.start_s * 1000 if report.start_s is not None else None,
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
    }


def print_report(report: ProjectReport) -> None:
    from simulator.bench.report import format_table
    from simulator.bench.runner import BenchConfig, BenchResult
    from simulator.project.host import TRANSPORT_NAME

    if report.start_s is not None:
        click.echo(f"project started in {report.start_s * 1000:.0f} ms ({report.platform})")
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
