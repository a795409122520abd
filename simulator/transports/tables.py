"""What every table keyed by name shares: looking a row up, with the known names on a miss."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

Row = TypeVar("Row")


def row_of(table: Mapping[str, Row], name: str, what: str) -> Row:
    """The row called `name` of `table` (a table of `what`s).

    Raises:
        ValueError: unknown name, with the names that exist.
    """
    try:
        return table[name]
    except KeyError:
        known = ", ".join(table)
        raise ValueError(f"unknown {what} {name!r}; expected one of {known}") from None
