"""`python -m simulator probe --backend URL`: the report, optionally JSON, and a saved profile."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from simulator.front_door import front_door
from simulator.probe.state import OLD_PATH_KEYS, PROBE_ONLY_PATHS
from simulator.session.cli import backend_option
from simulator.transports.paths import parse_overrides, path_keys

if TYPE_CHECKING:
    from simulator.probe import Paths, ProbeReport

PATH_KEYS = (*path_keys(), *PROBE_ONLY_PATHS)
"""`--path` keys: the profile's endpoints (as in `--paths` of every other command) and the
few the probe looks at to tell a backend's kind."""


def parse_probe_paths(values: tuple[str, ...]) -> Paths:
    """`--path` values (repeatable, each in the one path grammar) as the paths to try; an old
    key is read as its new ones, with a warning on stderr.

    Raises:
        click.BadParameter: a malformed entry or an unknown key.
    """
    from simulator.probe import Paths

    overrides: dict[str, str] = {}
    for value in values:
        try:
            found, old = parse_overrides(value, PATH_KEYS, OLD_PATH_KEYS)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--path") from exc
        for key in old:
            new = " and ".join(f"{k}=" for k in OLD_PATH_KEYS[key])
            click.echo(
                f"warning: --path {key}= is deprecated (gone after 0.2): use {new}",
                err=True,
            )
        overrides.update(found)
    return Paths(**overrides)


@click.command()
@front_door
@backend_option()
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
    metavar="KEY=/PATH[,KEY=/PATH]",
    help=f"Override an endpoint path, e.g. ws=/chat/ws or poll=/poll (repeatable); keys: "
    f"{', '.join(PATH_KEYS)}.",
)
@click.option("--budget-s", type=float, default=90.0, show_default=True, help="Whole-probe limit.")
def probe(
    backend: str,
    token: str | None,
    ws_url: str | None,
    as_json: bool,
    save: Path | None,
    paths: tuple[str, ...],
    budget_s: float,
) -> None:
    """Find out what a backend speaks and which transports will work with it, and why.

    Without --backend (or with 'embedded') it probes the embedded stub: a self-test.
    Exits 1 when no transport can work (auth refused, wrong paths), and when nothing
    answered at all: then no profile is written, even with --save.
    """
    from simulator.probe import save_profile
    from simulator.probe.report import format_report

    if save is not None and not backend:
        raise click.UsageError(
            "--save needs a backend URL: the embedded stub's port lives only for this probe"
        )
    tried = parse_probe_paths(paths)
    report = asyncio.run(_probe(backend, token, ws_url, tried, budget_s))
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


async def _probe(
    backend: str, token: str | None, ws_url: str | None, paths: Paths, budget_s: float
) -> ProbeReport:
    """Probe `backend`, or ("") an embedded stub started for it and stopped after."""
    from simulator.probe import probe_backend
    from simulator.session.backend import start_stub

    if backend:
        return await probe_backend(
            backend.rstrip("/"), token=token, ws_url=ws_url, paths=paths, budget_s=budget_s
        )
    stub = await start_stub()
    try:
        return await probe_backend(
            stub.base_url, token=token, ws_url=ws_url or stub.ws_url, paths=paths, budget_s=budget_s
        )
    finally:
        await asyncio.to_thread(stub.stop)
