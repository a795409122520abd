"""The flags `page`, `auto` and `check` share, made in one place (one row per flag).

Each command names the rows it takes (`project_flags("query", "launch", …)`); the parameter
names are the commands' keyword arguments, so a flag reads and behaves the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from simulator.page.origin import DEFAULT_PAGE_ORIGIN

F = TypeVar("F", bound=Callable[..., Any])

FLAGS: dict[str, Callable[[], Callable[[Any], Any]]] = {
    "query": lambda: click.option(
        "--query", multiple=True, help="Launch query for onLoad, key=value; repeatable."
    ),
    "launch": lambda: click.option(
        "--launch", default=None, help="Project: the first page (default: app.json's)."
    ),
    "page_origin": lambda: click.option(
        "--page-origin", default=DEFAULT_PAGE_ORIGIN, show_default=True
    ),
    "reply_path": lambda: click.option(
        "--reply-path",
        default=None,
        help="Project: the data path of the reply (default: the string that grows).",
    ),
    "input_selector": lambda: click.option(
        "--input",
        "input_selector",
        default=None,
        help="Project: the field to type into (default: the page's first input).",
    ),
    "tap_selector": lambda: click.option(
        "--tap",
        "tap_selector",
        default=None,
        help="Project: what to tap (default: the element bound to a send handler).",
    ),
    "js_strict": lambda: click.option(
        "--js-strict",
        multiple=True,
        help="Project: apply an uncertain JS-environment row (docs/wx-emulation.md).",
    ),
    "cpu_limit": lambda: click.option(
        "--cpu-limit", type=float, default=3.0, show_default=True, help="Seconds."
    ),
    "memory_mb": lambda: click.option("--memory-mb", type=int, default=256, show_default=True),
    "send_method": lambda: click.option(
        "--send-method",
        default="onSend",
        show_default=True,
        help="Page file: the method a send calls.",
    ),
    "as_json": lambda: click.option(
        "--json", "as_json", is_flag=True, help="Print one JSON document instead."
    ),
}
"""Flag rows by their parameter name."""


def project_flags(*names: str) -> Callable[[F], F]:
    """Decorate a command with the `FLAGS` rows `names`, in that order on `--help`."""
    unknown = [n for n in names if n not in FLAGS]
    if unknown:
        raise KeyError(f"no shared flag {unknown}; known: {', '.join(FLAGS)}")

    def decorate(fn: F) -> F:
        for name in reversed(names):
            fn = FLAGS[name]()(fn)
        return fn

    return decorate


__all__ = ["FLAGS", "project_flags"]
