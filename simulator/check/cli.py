"""`python -m simulator check PATH`: the page (a file) or project (a folder) on every phone."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from simulator.page.cli import NOT_PAGE_SETTINGS
from simulator.page.run import PAGE_DEFAULTS
from simulator.project.flags import project_flags
from simulator.session.cli import settings_from_options, settings_options

MATRIX_SETTINGS = ("platform", "network", "network_seed", "delivery", "slicing")
"""Run settings the matrix sets per cell (not flags of `check`)."""
NOT_CHECK_SETTINGS = (*NOT_PAGE_SETTINGS, *MATRIX_SETTINGS)
MATRIX_OPTIONS = {"--platform", "--network", "--seed", "--seeds", "--junit", "--jobs"}
MATRIX_FLAGS = {"--json", "--window"}
WINDOW_LAUNCHER = "check_window"
"""The key in the root command's `ctx.obj` under which `python -m simulator` hands over a
`WindowLauncher` (this package does not import the window: the window imports it)."""
WindowLauncher = Callable[[Any], "int | None"]
"""Runs the window on a `CellReplay` until it closes (its exit status), or None when no
window can be shown here (it said why)."""


def replay_base(argv: list[str]) -> list[str]:
    """The command as typed, without the options that pick cells or outputs."""
    out = ["python", "-m", "simulator"]
    skip = False
    for token in argv:
        if skip:
            skip = False
            continue
        name = token.split("=", 1)[0]
        if name in MATRIX_FLAGS:
            continue
        if name in MATRIX_OPTIONS:
            skip = "=" not in token
            continue
        out.append(token)
    return out


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


@click.command("check")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--message", default=None, help="What is typed and sent (default: a prompt).")
@click.option(
    "--platform",
    "platforms",
    multiple=True,
    help="ios, android, devtools, pc (repeat or comma-separate; default all).",
)
@click.option(
    "--network", "networks", multiple=True, help="wifi, 4g, 3g, loss (default wifi,loss)."
)
@click.option(
    "--seeds",
    type=click.IntRange(1, 1000),
    default=20,
    show_default=True,
    help="Seeded deliveries per phone and network.",
)
@click.option(
    "--seed",
    "only_seed",
    default=None,
    help="Run one delivery only: a seed number, 'bytes' or 'ideal' (a replay).",
)
@click.option("--trap", "traps_on", multiple=True, help="Switch a trap on (what-if ones too).")
@click.option("--no-trap", "traps_off", multiple=True, help="Switch a trap off.")
@click.option("--expect", default=None, help="The oracle text, or @FILE (real backends).")
@click.option(
    "--text-path",
    default=None,
    help="Project: the reply's data path; single file: the messages key.",
)
@click.option(
    "--hang-after",
    type=click.FloatRange(0.5, 600),
    default=10.0,
    show_default=True,
    help="A cell that has not ended after this many seconds is hung.",
)
@click.option(
    "--stub-scenario", default=None, help="The embedded stub's scenario (default: a fast one)."
)
@click.option("--jobs", type=click.IntRange(0, 64), default=0, help="Cells at once (0: cores).")
@project_flags("page_origin", "send_method", "as_json")
@click.option(
    "--junit",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write JUnit XML (one test case per cell).",
)
@click.option(
    "--list-traps",
    is_flag=True,
    is_eager=True,  # before PATH is required: the table needs no page
    expose_value=False,
    callback=lambda ctx, _param, value: _list_traps(ctx) if value else None,
    help="Print the trap table and exit.",
)
@click.option(
    "--window",
    is_flag=True,
    help="Replay the one cell picked by --platform, --seed and --network in the window's "
    "phone, the network panel at the first bad chunk.",
)
@settings_options(exclude=NOT_CHECK_SETTINGS, defaults=PAGE_DEFAULTS)
@click.pass_context
def check(
    ctx: click.Context,
    /,
    path: Path,
    message: str | None,
    platforms: tuple[str, ...],
    networks: tuple[str, ...],
    seeds: int,
    only_seed: str | None,
    traps_on: tuple[str, ...],
    traps_off: tuple[str, ...],
    expect: str | None,
    text_path: str | None,
    hang_after: float,
    stub_scenario: str | None,
    jobs: int,
    page_origin: str,
    send_method: str,
    as_json: bool,
    junit: Path | None,
    window: bool,
    **run_options: Any,
) -> None:
    """Run your page (a JS/TS file) or project (a folder) on every platform profile, seeded
    phone deliveries, networks and the platform's traps; judge each cell against the
    backend's own text. Exit 0 when every cell is exact or failed cleanly, 1 when one is
    garbled, crashed or hung, 2 on a usage error."""
    from simulator.bench.judging import load_expect
    from simulator.check.matrix import DEFAULT_NETWORKS, build_matrix
    from simulator.check.report import (
        cell_details,
        exit_code,
        guidance_notes,
        junit_xml,
        matrix_table,
        report_json,
    )
    from simulator.check.runner import DEFAULT_MESSAGE, DEFAULT_SCENARIO, CheckConfig, run_matrix
    from simulator.check.traps import TRAPS, active_traps
    from simulator.project.jsenv import JS_PLATFORMS

    try:
        traps = active_traps(_split(traps_on), _split(traps_off))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--trap") from exc
    try:
        cells = build_matrix(
            _split(platforms) or JS_PLATFORMS, _split(networks) or DEFAULT_NETWORKS, seeds,
            traps, only_seed,
        )  # fmt: skip
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        oracle = load_expect(expect)
    except (OSError, UnicodeDecodeError) as exc:
        raise click.BadParameter(str(exc), param_hint="--expect") from exc
    settings = settings_from_options(ctx, run_options, exclude=NOT_CHECK_SETTINGS)
    config = CheckConfig(
        path, message or DEFAULT_MESSAGE, settings, oracle,
        DEFAULT_SCENARIO if stub_scenario is None else stub_scenario, hang_after, jobs,
        text_path, page_origin, send_method,
    )  # fmt: skip
    if window:
        sys.exit(_replay_in_window(ctx, config, cells))
    base = replay_base(sys.argv[1:])
    tty = sys.stdout.isatty()

    def style(text: str, colour: str) -> str:
        return click.style(text, fg=colour) if tty else text

    progress = _Progress(len(cells), enabled=sys.stderr.isatty() and not as_json)
    report = asyncio.run(run_matrix(config, cells, progress.step))
    progress.close()
    if junit is not None:
        junit.write_bytes(junit_xml(report, base))
    if as_json:
        click.echo(json.dumps(report_json(report, base, traps), ensure_ascii=False, indent=2))
        sys.exit(exit_code(report))
    if report.error is not None:
        click.echo(f"check: {report.error}", err=True)
        sys.exit(1)
    what_if = sorted(n for n in traps if any(t.name == n and t.what_if for t in TRAPS))
    click.echo(
        f"{report.target}: {len(report.results)} cells in {report.elapsed_s:.1f} s; "
        f"backend {report.backend}; oracle: {report.oracle}"
        + (f"; what-if traps on: {', '.join(what_if)}" if what_if else "")
    )
    click.echo(matrix_table(report, style))
    for line in guidance_notes(report):
        click.echo(style(line, "yellow"))
    from simulator.check.verdicts import CellVerdict

    for r in report.results:
        if r.verdict is not CellVerdict.EXACT:
            click.echo(cell_details(r, base))
    sys.exit(exit_code(report))


def _replay_in_window(ctx: click.Context, config: Any, cells: list[Any]) -> int:
    """`--window`: the one cell in the window; 2 when the flags pick more than one."""
    from simulator.check.replay import CellReplay

    if len(cells) != 1:
        raise click.UsageError(
            f"--window replays one cell; the flags pick {len(cells)}: give one --platform, "
            "--seed and --network (the replay command a check prints)"
        )
    launcher: WindowLauncher | None = (ctx.find_root().obj or {}).get(WINDOW_LAUNCHER)
    if launcher is None:
        raise click.UsageError("--window: no window from this entry point")
    status = launcher(CellReplay(config, cells[0]))
    if status is None:
        raise click.UsageError("--window: no window can be shown here (see above)")
    return status


def trap_table() -> str:
    """`--list-traps`: name, default, confidence and what it does; its source under it."""
    from simulator.check.traps import TRAPS

    name_w = max(len(t.name) for t in TRAPS)
    conf_w = max(len(t.confidence) for t in TRAPS)
    indent = " " * (name_w + conf_w + 6)
    lines = []
    for t in TRAPS:
        on = "on " if t.default else "off"
        label = f"  what-if: {t.what_if}" if t.what_if else ""
        lines.append(f"{t.name:<{name_w}}  {on} {t.confidence:<{conf_w}}  {t.what}{label}")
        lines.append(f"{indent}{t.source}")
    return "\n".join(lines)


def _list_traps(ctx: click.Context) -> None:
    click.echo(trap_table())
    ctx.exit()


class _Progress:
    """A one-line progress bar on stderr (a TTY only)."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled
        self.bad = 0

    def step(self, result: Any, done: int, total: int) -> None:
        from simulator.check.verdicts import PASSING

        self.bad += result.verdict not in PASSING
        if not self.enabled:
            return
        width = 30
        filled = width * done // max(total, 1)
        bar = "█" * filled + "░" * (width - filled)
        sys.stderr.write(f"\r{bar} {done}/{total} cells, {self.bad} not passing ")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
