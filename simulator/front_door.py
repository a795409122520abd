"""What every command of ours takes: `--version`, `--log-level` and `-v`.

One decorator, so `simulator`, `bench`, `page`, `load`, `probe` (and `check`, `auto`) say the same
thing the same way. The stub has its own copy of the flags (it imports nothing from here).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib import metadata
from typing import Any, TypeVar

import click

import simulator

F = TypeVar("F", bound=Callable[..., Any])
LEVELS = ("critical", "error", "warning", "info", "debug")
_CONFIGURED = "wxsim.logging_configured"
QUIET_BELOW_DEBUG = ("httpx", "httpcore", "websockets", "asyncio", "urllib3")
"""Libraries whose INFO lines are one per request or frame: kept at WARNING unless -vv/debug."""


def version_text() -> str:
    """The installed distribution's version (one source: pyproject.toml's `version`)."""
    try:
        return metadata.version("wx-stream-sim")
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return simulator.__version__


def quiet_libraries(level: int = logging.WARNING) -> None:
    """Libraries at WARNING unless `level` is DEBUG."""
    library_level = logging.DEBUG if level <= logging.DEBUG else logging.WARNING
    for name in QUIET_BELOW_DEBUG:
        logging.getLogger(name).setLevel(library_level)


def configure_logging(level_name: str) -> None:
    """Our loggers at `level_name`; chatty libraries stay at WARNING unless `debug`."""
    level = getattr(logging, level_name.upper())
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", force=True)
    quiet_libraries(level)


def _set_level(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if ctx.resilient_parsing:
        return
    if value is not None:
        configure_logging(value)
        ctx.meta[_CONFIGURED] = True
    elif not ctx.meta.get(_CONFIGURED):  # no flag: still no line per request from httpx
        quiet_libraries()


def _set_verbosity(ctx: click.Context, _param: click.Parameter, value: int) -> None:
    if value and not ctx.resilient_parsing:
        configure_logging("info" if value == 1 else "debug")
        ctx.meta[_CONFIGURED] = True  # given flags are handled before defaults


def front_door(fn: F) -> F:
    """Decorate a click command or group with the shared flags."""
    fn = click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=_set_verbosity,
        help="More log lines on stderr: -v info, -vv debug (libraries too).",
    )(fn)
    fn = click.option(
        "--log-level",
        type=click.Choice(LEVELS),
        default=None,
        expose_value=False,
        callback=_set_level,
        help="Log level on stderr (default: warning).",
    )(fn)
    return click.version_option(version_text(), "--version", prog_name="wx-stream-sim")(fn)
