"""Command-line options generated from `RunSettings`: one flag per field, same help, same checks.

`--backend` is made here once (`backend_option`) for every command: the settings-derived ones
and those that take no other run settings (the window's group, `probe`).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click

from simulator.front_door import front_door
from simulator.session.backend_url import EMBEDDED, parse_backend
from simulator.session.settings import RunSettings, SettingsError, choices_of

F = TypeVar("F", bound=Callable[..., Any])
SETTINGS_FILE_PARAM = "settings_file"


BACKEND_FIELD = "backend_url"
BACKEND_FLAG = "--backend"
BACKEND_PARAM = "backend"
BACKEND_HELP = (
    f"Backend base URL (http:// or https:// and a host); empty or '{EMBEDDED}': the embedded stub."
)


class BackendURL(click.ParamType[str, Any]):
    """`--backend`'s value, parsed by `parse_backend` ("" = the embedded stub)."""

    name = "URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return parse_backend(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


BACKEND_URL = BackendURL()


def backend_option(default: str | None = "") -> Callable[[F], F]:
    """The one `--backend` option (parameter `backend`); `default=None`: not given (the
    window then keeps its saved backend)."""
    return click.option(
        BACKEND_FLAG,
        BACKEND_PARAM,
        type=BACKEND_URL,
        default=default,
        show_default=False if default is None else default or EMBEDDED,
        help=BACKEND_HELP,
    )


def flag_of(field: dataclasses.Field[Any]) -> str:
    return str(field.metadata.get("flag") or "--" + field.name.replace("_", "-"))


def param_of(field: dataclasses.Field[Any]) -> str:
    """The click parameter name of a field's option (its flag without dashes)."""
    return flag_of(field).lstrip("-").replace("-", "_")


def settings_options(
    exclude: Iterable[str] = (), defaults: Mapping[str, Any] | None = None
) -> Callable[[F], F]:
    """Decorate a click command with `--settings FILE`, an option per `RunSettings` field and
    the shared `--version`/`--log-level`/`-v`.

    `exclude`: fields the command does not take (pass the same to `settings_from_options`);
    `defaults`: the command's own defaults of some fields.
    """
    skipped = set(exclude)
    base = RunSettings().with_changes(**(defaults or {}))
    hints = typing.get_type_hints(RunSettings)

    def decorate(fn: F) -> F:
        for field in reversed(dataclasses.fields(RunSettings)):
            if field.name in skipped:
                continue
            if field.name == BACKEND_FIELD:  # the one --backend, same as commands without settings
                fn = backend_option(getattr(base, field.name))(fn)
                continue
            choices = choices_of(field.name)
            kind: Any = click.Choice(choices) if choices else hints[field.name]
            fn = click.option(
                flag_of(field),
                param_of(field),
                type=kind,
                default=getattr(base, field.name),
                show_default=True,
                help=str(field.metadata.get("help", "")),
            )(fn)
        fn = front_door(fn)
        return click.option(
            "--settings",
            SETTINGS_FILE_PARAM,
            type=click.Path(dir_okay=False, exists=True, path_type=Path),
            default=None,
            help="TOML file with a [run] table; flags given on the command line win.",
        )(fn)

    return decorate


def settings_from_options(
    ctx: click.Context, values: Mapping[str, Any], exclude: Iterable[str] = ()
) -> RunSettings:
    """The settings the command line says: the file's (if any), then the flags given.

    Fields in `exclude` (not options of this command) keep the file's or default value.

    Raises:
        click.BadParameter: a bad value, with one line per bad field.
    """
    path = values.get(SETTINGS_FILE_PARAM)
    try:
        base = RunSettings.load(path) if path is not None else RunSettings()
        changes: dict[str, Any] = {}
        skipped = set(exclude)
        for field in dataclasses.fields(RunSettings):
            param = param_of(field)
            if field.name in skipped or param not in values:
                continue
            given = ctx.get_parameter_source(param) is not click.core.ParameterSource.DEFAULT
            if given or path is None:
                changes[field.name] = values[param]
        return base.with_changes(**changes).check()
    except SettingsError as exc:
        lines = "\n".join(f"  {flag_for(p.field)}: {p.message}" for p in exc.problems)
        raise click.BadParameter(f"\n{lines}") from exc


def flag_for(name: str) -> str:
    """The flag of field `name` (or the name itself when it is not a field)."""
    for field in dataclasses.fields(RunSettings):
        if field.name == name:
            return flag_of(field)
    return name


ALL_TRANSPORTS = "all"
"""`--transports all`: every transport of the command's own set."""


def parse_transports(
    value: str, allowed: tuple[str, ...], all_names: tuple[str, ...] | None = None
) -> tuple[str, ...]:
    """A comma list of transport names (or `all`) from `allowed`, the one grammar of every
    command's `--transports`; `all` means `all_names` (default: `allowed`), and says on
    stderr which of `allowed` it leaves out.

    Raises:
        click.BadParameter: an unknown name, or an empty list.
    """
    if value.strip() == ALL_TRANSPORTS:
        names = all_names if all_names is not None else allowed
        left_out = [n for n in allowed if n not in names]
        if left_out:  # say so: "all" that silently skips one reads as a bug
            click.echo(
                f"transports: all = {', '.join(names)}; left out: {', '.join(left_out)} "
                "(not in this command's default set; name it in --transports to run it)",
                err=True,
            )
        return names
    names = tuple(n.strip() for n in value.split(",") if n.strip())
    unknown = [n for n in names if n not in allowed]
    if unknown or not names:
        raise click.BadParameter(
            f"unknown transport(s) {unknown}; choose from {', '.join(allowed)} or all"
        )
    return names
