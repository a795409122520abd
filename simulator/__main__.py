"""Command line: `python -m simulator` opens the window (or benches headless); `bench` benches."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from simulator.bench import BenchConfig

NETWORKS = ("none", "wifi", "4g", "3g", "2g", "offline")
KINDS = ("stub", "spring", "openai")
ALL = ("websocket", "chunked", "download", "polling", "longpoll", "sync")


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
    from simulator.transports import EXTRA_TRANSPORT_NAMES, TRANSPORT_NAMES

    names = ALL if value == "all" else tuple(n.strip() for n in value.split(",") if n.strip())
    unknown = [n for n in names if n not in TRANSPORT_NAMES + EXTRA_TRANSPORT_NAMES]
    if unknown or not names:
        raise click.BadParameter(
            f"unknown transport(s) {unknown}; choose from {TRANSPORT_NAMES + EXTRA_TRANSPORT_NAMES}"
        )
    return names


@click.group(invoke_without_command=True)
@click.option(
    "--backend", "backend_url", default=None, help="Backend base URL (default: the embedded stub)."
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--transport", default="auto", show_default=True, help="Transport picked at start.")
@click.option("--profile", "profile_file", default=None, help="Profile file from `probe --save`.")
@click.pass_context
def main(
    ctx: click.Context, backend_url: str | None, lang: str, transport: str, profile_file: str | None
) -> None:
    """Streaming AI chat in a WeChat mini-program, simulated: opens the window."""
    if ctx.invoked_subcommand is not None:
        return
    problem = display_problem()
    if problem is None:
        try:
            from simulator.ui.app import run_window
        except ImportError as exc:  # e.g. Qt's system libraries (libEGL, libxkbcommon…) are missing
            problem = f"Qt cannot be loaded ({exc})"
        else:
            ctx.exit(run_window(backend_url, lang, transport, profile_file))
    click.echo(
        f"{problem}: running the headless bench instead; "
        "run under xvfb-run or set DISPLAY to get the window",
        err=True,
    )
    from simulator.bench import BenchConfig

    # The comparison table by default; only the transport asked for when one was given.
    names = ALL if transport == "auto" else _transports(transport)
    profile_path = Path(profile_file) if profile_file else None
    config = BenchConfig(
        transports=names, runs=1, backend_url=backend_url, profile_path=profile_path
    )
    ctx.exit(_bench(config, out_dir=None))


@main.command()
@click.option("--transports", default="all", show_default=True, help="Comma list, or 'all'.")
@click.option("--runs", type=click.IntRange(1, 1000), default=3, show_default=True)
@click.option(
    "--scenario",
    "scenarios",
    multiple=True,
    help="Stub scenario spec, e.g. 'ttft_ms=800,drop_after=8'; repeat for several.",
)
@click.option("--network", type=click.Choice(NETWORKS), default="none", show_default=True)
@click.option(
    "--backend", "backend_url", default=None, help="Backend URL (default: embedded stub)."
)
@click.option("--backend-kind", type=click.Choice(KINDS), default="stub", show_default=True)
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Backend profile file from `probe --save` (wins over --backend/--backend-kind).",
)
@click.option("--expect", default=None, help="Exact reply text every run must carry, or @FILE.")
@click.option("--token", default=None, help="Bearer token for the backend.")
@click.option("--prompt", default=None, help="The message sent on every run.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write bench.csv, bench.json and bench.png here.",
)
@click.option("--cps", type=float, default=60.0, show_default=True, help="Typewriter chars/s.")
@click.option("--download-fidelity", type=click.Choice(["strict", "lenient"]), default="strict")
@click.option(
    "--first-text-s",
    type=click.FloatRange(min=0, min_open=True),
    default=20.0,
    show_default=True,
    help="auto: leave a tier that shows no text within this many seconds.",
)
def bench(
    transports: str,
    runs: int,
    scenarios: tuple[str, ...],
    network: str,
    backend_url: str | None,
    backend_kind: str,
    profile_path: Path | None,
    expect: str | None,
    token: str | None,
    prompt: str | None,
    out_dir: Path | None,
    cps: float,
    download_fidelity: str,
    first_text_s: float,
) -> None:
    """Run the same prompt over the transports and print the measured comparison table.

    Exits 1 when a run's verdict is failed (error, wrong or inconsistent text, a structural
    check broken); transports the profile marks unsupported are reported, not run.
    """
    from simulator.bench import BenchConfig
    from simulator.bench.judging import load_expect
    from simulator.bench.runner import DEFAULT_PROMPT

    config = BenchConfig(
        transports=_transports(transports),
        runs=runs,
        scenarios=scenarios or (None,),
        network=network,
        backend_url=backend_url,
        backend_kind=backend_kind,
        token=token,
        prompt=prompt or DEFAULT_PROMPT,
        chars_per_second=cps,
        download_fidelity=download_fidelity,
        first_text_s=first_text_s,
        profile_path=profile_path,
        expect=load_expect(expect),
    )
    sys.exit(_bench(config, out_dir))


def _bench(config: BenchConfig, out_dir: Path | None) -> int:
    """Run, print the table, write the outputs; 1 when a run failed."""
    from simulator.bench import BenchRun, run_bench
    from simulator.bench.report import format_table, write_csv, write_json

    def progress(run: BenchRun) -> None:
        verdict = run.verdict
        if verdict is None:
            state = "ok" if run.ok else f"FAILED: {run.metrics.error or 'text differs'}"
        elif verdict.ok:
            state = f"{verdict.status}: {verdict.why}"
        else:
            state = f"FAILED [{verdict.kind}]: {verdict.why}"
        click.echo(f"  {run.transport} [{run.scenario}] #{run.index + 1}: {state}", err=True)

    result = asyncio.run(run_bench(config, progress))
    click.echo(format_table(result))
    if out_dir is not None:
        from simulator.bench.chart import write_chart

        out_dir.mkdir(parents=True, exist_ok=True)
        write_csv(result, out_dir / "bench.csv")
        write_json(result, out_dir / "bench.json")
        write_chart(result, out_dir / "bench.png")
        click.echo(f"wrote {out_dir / 'bench.csv'}, bench.json, bench.png")
    return 1 if result.failed_transports or not result.runs else 0


from simulator.probe.cli import probe  # noqa: E402  (a subcommand, imported light)

main.add_command(probe)

if __name__ == "__main__":
    main()
