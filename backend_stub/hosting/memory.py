"""Give freed heap memory back to the OS after a large expiry (glibc only; a no-op elsewhere)."""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable

TRIM_AFTER = 1_000
"""Sessions + replies dropped by one sweep that make a trim worth its ~ms."""


def _load_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    return trim


_TRIM = _load_trim()


def release_freed(dropped: int) -> bool:
    """After `dropped` objects went, hand the allocator's free pages back; True if it did."""
    if _TRIM is None or dropped < TRIM_AFTER:
        return False
    _TRIM(0)
    return True
