"""`python -m simulator load`: many simulated mini-program users per transport, on Locust."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from simulator.session.cli import parse_transports, settings_from_options, settings_options
from simulator.transports.registry import bench_names

LOAD_TRANSPORTS = bench_names()
"""Every transport the bench runs (auto is a page-side chain, not a user kind of its own)."""
NOT_LOAD_SETTINGS = (
    "transport", "typewriter_policy", "typewriter_cps", "first_text_s", "run_timeout_s",
)  # fmt: skip
"""Run settings load does not take as flags: `--transports` is its own, `--reply-timeout-s`
bounds a reply, and nothing is painted."""


def _names(value: str) -> tuple[str, ...]:
    return parse_transports(value, tuple(LOAD_TRANSPORTS))


def _steps(value: str | None) -> tuple[int, ...]:
    if not value:
        return ()
    try:
        steps = tuple(int(v) for v in value.split(",") if v.strip())
    except ValueError:
        message = f"--sweep takes user counts like 50,200,1000, not {value!r}"
        raise click.BadParameter(message) from None
    if not steps or min(steps) < 1:
        raise click.BadParameter("--sweep user counts must be >= 1")
    return steps


@click.command()
@click.option("--transports", default="websocket,download,polling", show_default=True)
@click.option("--users", type=click.IntRange(1, 100_000), default=20, show_default=True)
@click.option("--spawn-rate", type=click.FloatRange(min=0, min_open=True), default=10.0)
@click.option(
    "--run-time",
    "run_time_s",
    type=click.FloatRange(0, 86400, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds per run (always bounded).",
)
@click.option("--think", "think_s", type=click.FloatRange(min=0), default=1.0, show_default=True)
@click.option(
    "--reply-timeout-s",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="A reply not done by then fails (and its transport is stopped).",
)
@click.option(
    "--stages",
    "stages",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help='Users over time, as JSON: [{"duration_s": 30, "users": 50, "spawn_rate": 10}, ...] '
    "(`--profile` is the backend profile from `probe --save`, as in bench).",
)
@click.option(
    "--stub-scenario",
    default="ttft_ms=200,tps=40",
    show_default=True,
    help="Embedded stub's default.",
)
@click.option("--prompt", default=None)
@click.option("--csv", "csv_prefix", default=None, help="Locust's CSV files with this prefix.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the figures as JSON.",
)
@click.option(
    "--reset-stats",
    is_flag=True,
    help="Start all figures over once every user is running (Locust's --reset-stats).",
)
@click.option("--web", is_flag=True, help="Serve Locust's web UI on loopback.")
@click.option("--web-port", type=int, default=8089, show_default=True)
@click.option("--master", is_flag=True, help="Be Locust's master; workers do the users.")
@click.option("--worker", is_flag=True, help="Be a Locust worker of --master-host.")
@click.option("--master-host", default="127.0.0.1", show_default=True)
@click.option("--master-port", type=int, default=5557, show_default=True)
@click.option(
    "--master-bind-host", default="127.0.0.1", show_default=True, help="'*' for remote workers."
)
@click.option("--expect-workers", type=click.IntRange(1, 1000), default=1, show_default=True)
@click.option(
    "--sweep", default=None, help="User counts, e.g. 50,200,1000: one run per count and transport."
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Sweep: write sweep.md and sweep.png here.",
)
@click.option(
    "--i-own-this-backend", is_flag=True, help="Allow > 50 users on a host that is not loopback."
)
@settings_options(exclude=NOT_LOAD_SETTINGS)
@click.pass_context
def load(
    ctx: click.Context,
    /,
    transports: str,
    users: int,
    spawn_rate: float,
    run_time_s: float,
    think_s: float,
    reply_timeout_s: float,
    stages: Path | None,
    stub_scenario: str,
    prompt: str | None,
    csv_prefix: str | None,
    html_file: Path | None,
    json_file: Path | None,
    reset_stats: bool,
    web: bool,
    web_port: int,
    master: bool,
    worker: bool,
    master_host: str,
    master_port: int,
    master_bind_host: str,
    expect_workers: int,
    sweep: str | None,
    out_dir: Path | None,
    i_own_this_backend: bool,
    **run_options: Any,
) -> None:
    """Load a backend with simulated mini-program users per transport (Locust underneath).

    Each user's wx runtime and requests follow the run settings: `--settings FILE` and the
    flags after it (`--backend` as every command takes it: a URL, or empty/`embedded`).

    Prints Locust's percentiles per transport with our figures (requests, empty polls, bytes,
    sockets per reply, text verdicts) and the backend's CPU/memory when it runs here.
    Exits 1 when a reply failed or its text differed, 2 on a refused configuration.
    """
    import locust  # noqa: F401  first: Locust monkey-patches the standard library on import
    from locust.log import setup_logging

    from simulator.load.runner import LoadConfig, LoadRefused, run_load

    if master and worker:
        raise click.UsageError("--master and --worker exclude each other")
    setup_logging("INFO")
    logging.getLogger("simulator").setLevel(logging.WARNING)  # not a line per failed reply
    names = _names(transports)
    steps = _steps(sweep)
    kwargs = {"prompt": prompt} if prompt else {}
    settings = settings_from_options(ctx, run_options, exclude=NOT_LOAD_SETTINGS)
    config = LoadConfig(
        settings=settings,
        transports=names,
        users=users,
        spawn_rate=spawn_rate,
        run_time_s=run_time_s,
        stub_scenario=stub_scenario,
        think_s=think_s,
        reply_timeout_s=reply_timeout_s,
        mode="master" if master else "worker" if worker else "local",
        master_host=master_host,
        master_port=master_port,
        master_bind_host=master_bind_host,
        expect_workers=expect_workers,
        web=web,
        web_port=web_port,
        csv_prefix=csv_prefix,
        html_file=html_file,
        i_own_this_backend=i_own_this_backend,
        profile=stages,
        reset_stats=reset_stats,
        **kwargs,  # type: ignore[arg-type]
    )
    try:
        if steps:
            sys.exit(_sweep(config, steps, out_dir))
        result = run_load(config)
    except LoadRefused as exc:
        click.echo(f"refused: {exc}", err=True)
        sys.exit(2)
    if config.mode == "worker":
        click.echo(f"worker done after {result.duration_s:.1f} s")
        return
    from simulator.load.report import format_result, result_json

    click.echo(format_result(result))
    if json_file is not None:
        json_file.write_text(json.dumps(result_json(result), ensure_ascii=False, indent=1))
    from simulator.load.client import DIFFERS

    bad = any(r.failures or r.extra.verdicts.get(DIFFERS) for r in result.rows)
    sys.exit(1 if bad else 0)


def _sweep(config: object, steps: tuple[int, ...], out_dir: Path | None) -> int:
    from simulator.load.runner import LoadConfig
    from simulator.load.sweep import SweepStep, run_sweep, sweep_table, write_sweep_chart

    assert isinstance(config, LoadConfig)

    def progress(step: SweepStep) -> None:
        row = step.result.rows[0]
        line = f"  {step.transport} × {step.users}: {row.replies} replies, {row.failures} failed"
        click.echo(line, err=True)

    done = run_sweep(config, steps, progress)
    table = sweep_table(done)
    click.echo(table)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "sweep.md").write_text(table + "\n")
        write_sweep_chart(done, out_dir / "sweep.png")
        click.echo(f"wrote {out_dir / 'sweep.md'}, {out_dir / 'sweep.png'}")
    return 1 if any(s.result.rows[0].failures for s in done) else 0
