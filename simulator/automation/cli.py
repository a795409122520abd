"""`python -m simulator auto --project DIR --auto-port 9420`: DevTools' `cli auto`, here.

miniprogram-automator's `connect({wsEndpoint: 'ws://localhost:9420'})` then drives the project;
`launch({cliPath})` runs `<cliPath> auto --project P --auto-port N [--trust-project]`, which
`scripts/wx-devtools-cli` turns into this command (docs/automation.md).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from simulator.page.cli import NOT_PAGE_SETTINGS, _query
from simulator.page.run import PAGE_DEFAULTS
from simulator.project.flags import project_flags
from simulator.session.cli import settings_from_options, settings_options

if TYPE_CHECKING:
    from simulator.page.host import PageLog
    from simulator.project.options import ProjectOptions
    from simulator.session import RunSettings

AUTO_NOT_SETTINGS = tuple(n for n in NOT_PAGE_SETTINGS if n != "scenario")
"""`--scenario` is taken: it becomes the embedded stub's default scenario."""
WINDOW_LAUNCHER = "auto_window"
"""The key in the root command's `ctx.obj` under which `python -m simulator` hands over a
`WindowLauncher` (this package does not import the window: the window imports it)."""


@dataclass(frozen=True)
class WindowRun:
    """What the window needs to show the project and serve automation for it."""

    project: Path
    settings: RunSettings
    options: ProjectOptions
    port: int
    answer_dialogs: bool
    on_ready: Callable[[int], None]


WindowLauncher = Callable[[WindowRun], "int | None"]
"""Runs the window until it closes (its exit status), or None when no window can be shown
here (it said why); raises OSError when the port is taken."""


@click.command("auto")
@click.option("--project", "project", required=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The mini-program project (a folder).")  # fmt: skip
@click.option("--auto-port", "port", type=click.IntRange(0, 65535), default=9420,
              show_default=True, help="WebSocket port on 127.0.0.1 (0: any).")  # fmt: skip
@click.option("--headless", is_flag=True,
              help="No window (without it: the project in the window's phone).")  # fmt: skip
@click.option("--dialogs", type=click.Choice(["auto", "wait"]), default="auto", show_default=True,
              help="wx.showModal/showActionSheet: answered at once (confirm, first item) or "
              "left open for native().confirmModal()/cancelModal().")  # fmt: skip
@project_flags(
    "query", "launch", "page_origin", "reply_path", "input_selector", "tap_selector",
    "js_strict", "cpu_limit", "memory_mb",
)  # fmt: skip
# DevTools' own flags, as automator.launch passes them: accepted, nothing to do here
@click.option("--trust-project", is_flag=True, hidden=True)
@click.option("--auto-account", default=None, hidden=True)
@click.option("--ticket", default=None, hidden=True)
@settings_options(exclude=AUTO_NOT_SETTINGS, defaults=PAGE_DEFAULTS)
@click.pass_context
def auto(
    ctx: click.Context,
    /,
    project: Path,
    port: int,
    headless: bool,
    dialogs: str,
    query: tuple[str, ...],
    launch: str | None,
    page_origin: str,
    reply_path: str | None,
    input_selector: str | None,
    tap_selector: str | None,
    js_strict: tuple[str, ...],
    cpu_limit: float,
    memory_mb: int,
    trust_project: bool,
    auto_account: str | None,
    ticket: str | None,
    **run_options: Any,
) -> None:
    """Serve WeChat DevTools' automation protocol for your project, so miniprogram-automator
    (and minium) tests drive the emulated phone: headless, on Linux, with real streaming.

    Prints `automation: ws://127.0.0.1:PORT` once it listens; runs until a client sends
    Tool.close (miniProgram.close()) or the process is stopped.
    """
    from simulator.automation.errors import AutomationError
    from simulator.automation.serve import serve_project
    from simulator.page.errors import PageError
    from simulator.project.jsenv import env_for
    from simulator.project.options import ProjectOptions

    settings = settings_from_options(ctx, run_options, exclude=AUTO_NOT_SETTINGS)
    try:
        env_for(settings.platform, js_strict)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--js-strict") from exc
    options = ProjectOptions(
        platform=settings.platform, js_strict=js_strict, launch_route=launch,
        query=_query(query), page_origin=page_origin, reply_path=reply_path,
        input_selector=input_selector, tap_selector=tap_selector, cpu_limit_s=cpu_limit,
        memory_mb=memory_mb, run_timeout_s=settings.run_timeout_s,
    )  # fmt: skip

    def ready(bound: int) -> None:
        click.echo(f"automation: ws://127.0.0.1:{bound}", nl=True)
        sys.stdout.flush()

    def log(line: PageLog) -> None:
        stack = f"\n{line.stack}" if line.stack else ""
        click.echo(f"[{line.level}] {line.text}{stack}", err=True)

    launcher: WindowLauncher | None = (ctx.find_root().obj or {}).get(WINDOW_LAUNCHER)
    if not headless and launcher is None:
        click.echo("auto: no window from this entry point; running headless", err=True)
    if not headless and launcher is not None:
        window = WindowRun(project, settings, options, port, dialogs == "auto", ready)
        try:
            status = launcher(window)
        except (PageError, AutomationError) as exc:
            click.echo(f"project error: {exc}", err=True)
            sys.exit(1)
        except OSError as exc:
            click.echo(f"auto: cannot listen on 127.0.0.1:{port}: {exc}", err=True)
            sys.exit(2)
        if status is not None:
            sys.exit(status)
        click.echo("auto: running headless", err=True)

    serving = serve_project(
        project, port=port, settings=settings, options=options, on_ready=ready, on_log=log,
        wait_dialogs=dialogs == "wait",
    )  # fmt: skip
    try:
        asyncio.run(serving)
    except (PageError, AutomationError) as exc:
        click.echo(f"project error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"auto: cannot listen on 127.0.0.1:{port}: {exc}", err=True)
        sys.exit(2)
