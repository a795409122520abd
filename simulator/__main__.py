"""Command line: `python -m simulator` opens the window (or benches headless); `bench` benches."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from simulator.bench import BenchConfig
    from simulator.check.replay import CellReplay

from simulator.front_door import front_door
from simulator.session.cli import backend_option, settings_from_options, settings_options

ALL = "all"
"""`--transports all`: every transport the transport table marks for the bench."""
DEFAULT_SCENARIO = "default"
"""`--scenario default`: the stub's own default scenario (the name every output gives it)."""


def display_problem() -> str | None:
    """Why a window cannot be shown here, or None when it can (checked before importing Qt)."""
    if os.environ.get("QT_QPA_PLATFORM") not in ("offscreen", "minimal") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return "no display (DISPLAY is not set)"
    if importlib.util.find_spec("PySide6") is None:
        return "PySide6 is not installed"
    return None


def _transports(value: str) -> tuple[str, ...]:
    from simulator.session.cli import parse_transports
    from simulator.session.registry import TRANSPORT_BY_NAME, bench_names

    return parse_transports(value, tuple(TRANSPORT_BY_NAME), bench_names())


@click.group(invoke_without_command=True)
@front_door
@backend_option(default=None)  # not given: the window keeps its saved backend
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), default=None, help="Default: the saved one (zh)."
)
@click.option(
    "--transport", default=None, help="Transport picked at start (default: the saved one, auto)."
)
@click.option("--page", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Run your own JS/TS page file in the window (page mode).")  # fmt: skip
@click.option("--project", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Open your mini-program project (a folder).")  # fmt: skip
@click.option("--replay", default=None, help="Embedded stub replays this cassette ('' = off).")
@click.option("--profile", "profile_file", default=None, help="Profile file from `probe --save`.")
@click.pass_context
def main(
    ctx: click.Context,
    backend: str | None,
    lang: str | None,
    transport: str | None,
    page: Path | None,
    project: Path | None,
    replay: str | None,
    profile_file: str | None,
) -> None:
    """Streaming AI chat in a WeChat mini-program, simulated: opens the window."""
    ctx.ensure_object(dict)[WINDOW_LAUNCHER] = _auto_window  # `auto` without --headless
    ctx.obj[CHECK_WINDOW_LAUNCHER] = _check_window  # `check --window`
    if ctx.invoked_subcommand is not None:
        return
    if project is not None:
        _check_project(ctx, project)
    problem = display_problem()
    if problem is None:
        try:
            from simulator.ui.shell.app import run_window
        except ImportError as exc:  # e.g. Qt's system libraries (libEGL, libxkbcommon…) are missing
            problem = f"Qt cannot be loaded ({exc})"
        else:
            ctx.exit(run_window(backend, lang, transport, page, replay, profile_file, project))
    if project is not None:
        ctx.fail(
            f"{problem}: run the project headless: "
            f"python -m simulator page {project} --message TEXT"
        )
    if page is not None:
        ctx.fail(
            f"{problem}: run the page headless: python -m simulator page {page} --message TEXT"
        )
    click.echo(
        f"{problem}: running the headless bench instead; "
        "run under xvfb-run or set DISPLAY to get the window",
        err=True,
    )
    from simulator.bench import BenchConfig
    from simulator.session.settings import RunSettings

    # The comparison table by default; only the transport asked for when one was given.
    names = _transports(transport or ALL)
    try:
        given = RunSettings(backend_url=backend or "", profile_file=profile_file or "")
        settings = given.check()
    except ValueError as exc:  # SettingsError: one line per bad field
        raise click.BadParameter(str(exc), param_hint="--profile") from exc
    ctx.exit(_bench(BenchConfig(settings, transports=names, runs=1), out_dir=None))


def _check_project(ctx: click.Context, folder: Path) -> None:
    """`--project DIR`: checked here, so a folder that is no project is a clear error before
    any window opens."""
    from simulator.page.errors import PageError
    from simulator.project.loader import load_project

    try:
        load_project(folder)
    except PageError as exc:
        ctx.fail(str(exc))


@main.command()
@click.option("--transports", default=ALL, show_default=True, help="Comma list, or 'all'.")
@click.option("--runs", type=click.IntRange(1, 1000), default=3, show_default=True)
@click.option(
    "--scenario",
    "scenarios",
    multiple=True,
    help="Stub scenario spec, e.g. 'ttft_ms=800,drop_after=8', or 'default' for the stub's "
    "own; repeat for several.",
)
@click.option("--expect", default=None, help="Exact reply text every run must carry, or @FILE.")
@click.option("--prompt", default=None, help="The message sent on every run.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write bench.csv, bench.json and bench.png here.",
)
@click.option("--record", default=None, help="Append every run as seen to this cassette.")
@click.option("--har", "har_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write every request, download and socket as HAR 1.2 here.")  # fmt: skip
@click.option("--history", is_flag=True, help="Append the runs to the window's SQLite history.")
@settings_options(exclude=("scenario", "transport"))
@click.pass_context
def bench(
    ctx: click.Context,
    /,
    transports: str,
    runs: int,
    scenarios: tuple[str, ...],
    expect: str | None,
    prompt: str | None,
    out_dir: Path | None,
    record: str | None,
    har_path: Path | None,
    history: bool,
    **settings: object,
) -> None:
    """Run the same prompt over the transports and print the measured comparison table.

    Every run setting (backend or `--profile` from `probe --save`, network and its seed,
    platform, slicing, typewriter…) is a flag below, or comes from `--settings FILE`. Exits 1
    when a run's verdict is failed (error, wrong or inconsistent text, a structural check
    broken); transports the profile marks unsupported are reported, not run.
    """
    from simulator.bench import BenchConfig
    from simulator.bench.judging import load_expect
    from simulator.bench.runner import DEFAULT_PROMPT

    try:
        expected = load_expect(expect)
    except (OSError, UnicodeDecodeError) as exc:  # a usage error (exit 2), as in `check`
        raise click.BadParameter(str(exc), param_hint="--expect") from exc
    config = BenchConfig(
        settings_from_options(ctx, settings),
        transports=_transports(transports),
        runs=runs,
        scenarios=tuple("" if s == DEFAULT_SCENARIO else s for s in scenarios) or (None,),
        prompt=prompt or DEFAULT_PROMPT,
        record=record,
        expect=expected,
    )
    sys.exit(_bench(config, out_dir, har_path, history))


def _bench(
    config: BenchConfig, out_dir: Path | None, har_path: Path | None = None, history: bool = False
) -> int:
    """Run, print the table, write the outputs; 1 when a run failed."""
    from simulator.bench import BenchRun, run_bench
    from simulator.bench.report import format_table, write_csv, write_json
    from simulator.verdict import Kind

    def progress(run: BenchRun) -> None:
        verdict = run.verdict
        if verdict is None:
            state = "ok" if run.ok else f"FAILED: {run.metrics.error or Kind.TEXT_DIFFERS}"
        elif verdict.ok:
            state = f"{verdict.status}: {verdict.why}"
        else:
            state = f"FAILED [{verdict.kind}]: {verdict.why}"
        click.echo(f"  {run.transport} [{run.scenario}] run {run.number}: {state}", err=True)

    from simulator.session.aiomain import run_main

    result = run_main(run_bench(config, progress, keep_flows=har_path is not None))
    if har_path is not None:
        from simulator.har import write_har

        count = write_har(result.flows, har_path)
        click.echo(f"wrote {count} HAR entries to {har_path}")
    if history:
        from simulator.bench.history import append_history

        click.echo(f"added {append_history(result)} runs to the history")
    click.echo(format_table(result))
    if out_dir is not None:
        from simulator.bench.chart import write_chart

        out_dir.mkdir(parents=True, exist_ok=True)
        write_csv(result, out_dir / "bench.csv")
        write_json(result, out_dir / "bench.json")
        write_chart(result, out_dir / "bench.png")
        click.echo(f"wrote {out_dir / 'bench.csv'}, bench.json, bench.png")
    return 1 if result.failed_transports or not result.runs else 0


from simulator.project.cli import page  # noqa: E402

main.add_command(page)

from simulator.load.cli import load  # noqa: E402  (imports neither Locust nor gevent)

main.add_command(load)

from simulator.probe.cli import probe  # noqa: E402  (a subcommand, imported light)

main.add_command(probe)

from simulator.automation.cli import (  # noqa: E402  (serves DevTools' automation protocol)
    WINDOW_LAUNCHER,
    WindowRun,
    auto,
)


def _in_window(command: str, show: Callable[[Any], int], hint: str = "") -> int | None:
    """Run `show(app module)` when a window can be shown; else say why, as `command`, and
    give None (the command then exits 2)."""
    problem = display_problem()
    if problem is None:
        try:
            import simulator.ui.shell.app as app
        except ImportError as exc:
            problem = f"Qt cannot be loaded ({exc})"
        else:
            return show(app)
    click.echo(f"{command}: {problem}; run under xvfb-run{hint}", err=True)
    return None


def _auto_window(run: WindowRun) -> int | None:
    """`auto` without --headless: the project in the window, automation beside it."""
    return _in_window(
        auto.name or "",
        lambda app: app.run_auto_window(
            run.project,
            run.settings,
            app.AutoSpec(run.port, run.options, run.answer_dialogs, run.on_ready),
        ),
        hint=" or pass --headless",
    )


main.add_command(auto)

from simulator.check.cli import WINDOW_LAUNCHER as CHECK_WINDOW_LAUNCHER  # noqa: E402
from simulator.check.cli import check  # noqa: E402  (the matrix is imported when run)


def _check_window(replay: CellReplay) -> int | None:
    """`check --window`: the cell replayed in the window's phone."""
    return _in_window("check --window", lambda app: app.run_check_window(replay))


main.add_command(check)

if __name__ == "__main__":
    main()
