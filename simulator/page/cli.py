"""Single-file page mode of `python -m simulator page FILE --message TEXT` (the command itself
is simulator/project/cli.py's: a folder is a project)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from simulator.page.host import PageLog, PageOptions
    from simulator.session import RunSettings


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


WARMUP_LINE = (
    "client warm-up before the first run: {0:.0f} ms (not measured; times start when the "
    "message is sent into the loaded page)"
)
"""The bench's warm-up line, plus where a page run's times start."""

NOT_PAGE_SETTINGS = (
    "backend_kind", "token", "model", "paths", "transport", "scenario",
    "typewriter_policy", "typewriter_cps", "first_text_s", "request_timeout_ms",
)  # fmt: skip
"""Run settings a page does not use: it makes its own requests and paints its own bubbles."""


def run_page_file(
    path: Path,
    message: str,
    runs: int,
    settings: RunSettings,
    options: PageOptions,
    *,
    as_json: bool,
) -> None:
    """Run one page file headless, print (a table or one JSON document) and exit: 1 on a
    page error or a failed run. The `page` command (simulator/project/cli.py) calls it."""
    from simulator.bench.report import format_table, run_row, tidy_floats
    from simulator.page.run import run_page

    echoed: list[str] = []  # page errors already printed: the final line does not repeat them

    def log(line: PageLog) -> None:
        if not as_json:
            if line.level == "page-error":
                echoed.append(f"{line.text}\n{line.stack}" if line.stack else line.text)
            click.echo(
                f"[{line.level}] {line.text}" + (f"\n{line.stack}" if line.stack else ""), err=True
            )

    from simulator.session.aiomain import run_main

    report = run_main(
        run_page(path, message, runs=runs, settings=settings, options=options, on_log=log)
    )
    if as_json:
        doc = {
            "page": report.page,
            "backend": report.backend,
            "ok": report.ok,
            "error": report.error,
            "start_ms": report.start_s * 1000 if report.start_s is not None else None,
            "warmup_ms": report.warmup_s * 1000 if report.warmup_s is not None else None,
            "runs": [run_row(r) for r in report.runs],
            "messages": [
                {"id": m.id, "role": m.role, "content": m.content} for m in report.messages
            ],
            "logs": [{"level": x.level, "text": x.text, "stack": x.stack} for x in report.logs],
            "warnings": [w.to_json() for w in report.warnings],
        }
        click.echo(json.dumps(tidy_floats(doc), ensure_ascii=False, indent=2))
    else:
        if report.start_s is not None:
            click.echo(f"page started in {report.start_s * 1000:.0f} ms")
        if report.warmup_s is not None:
            click.echo(WARMUP_LINE.format(report.warmup_s * 1000))
        if report.runs:
            click.echo(format_table(report.bench_result()))
        for m in report.messages:
            click.echo(f"{m.role or '?'}: {m.content}")
        if report.error is not None and not _already_said(report.error, echoed):
            click.echo(f"page error: {report.error}", err=True)
    sys.exit(0 if report.ok else 1)
