"""`python -m simulator probe --backend URL`: the report, optionally JSON, and a saved profile."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sys
from pathlib import Path

import click

from simulator.front_door import front_door


@click.command()
@front_door
@click.option("--backend", "backend_url", required=True, help="Backend base URL.")
@click.option("--token", default=None, help="Bearer token for the backend.")
@click.option("--ws-url", default=None, help="WebSocket base URL (default: from --backend).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--save",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the backend profile here (load it with --profile FILE).",
)
@click.option(
    "--path",
    "paths",
    multiple=True,
    metavar="NAME=/PATH",
    help="Override an endpoint path, e.g. ws=/chat/ws or poll=/poll (repeatable).",
)
@click.option("--budget-s", type=float, default=90.0, show_default=True, help="Whole-probe limit.")
def probe(
    backend_url: str,
    token: str | None,
    ws_url: str | None,
    as_json: bool,
    save: Path | None,
    paths: tuple[str, ...],
    budget_s: float,
) -> None:
    """Find out what a backend speaks and which transports will work with it, and why.

    Exits 1 when no transport can work (auth refused, wrong paths), and when nothing
    answered at all: then no profile is written, even with --save.
    """
    from simulator.probe import Paths, probe_backend, save_profile
    from simulator.probe.probe import check_url
    from simulator.probe.report import format_report

    try:
        check_url(backend_url)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--backend") from exc

    overrides: dict[str, str] = {}
    known = {f.name for f in dataclasses.fields(Paths)}
    for item in paths:
        name, sep, value = item.partition("=")
        if not sep or name not in known:
            raise click.BadParameter(f"{item!r}: use NAME=/PATH with NAME in {sorted(known)}")
        overrides[name] = value
    report = asyncio.run(
        probe_backend(
            backend_url.rstrip("/"),
            token=token,
            ws_url=ws_url,
            paths=Paths(**overrides),
            budget_s=budget_s,
        )
    )
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report))
    if save is not None and not report.reachable:
        click.echo(f"nothing answered at {report.base_url}: no profile written to {save}", err=True)
    elif save is not None:
        save_profile(report.profile, save, report.as_dict())
        click.echo(f"wrote profile {save}", err=True)
    sys.exit(0 if any(f.works for f in report.findings.values()) else 1)
