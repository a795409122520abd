"""What only the cyclic collector would free: for tests that a finished run leaves no cycle."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def collector_off() -> Iterator[None]:
    """No automatic collection inside (it would free cycles before `in_cycles` sees them)."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def in_cycles(keep: Callable[[object], bool]) -> Counter[str]:
    """Objects unreachable but alive (only in reference cycles) that `keep` picks, by qualified
    type name; they are collected by the call, so the next call sees only new ones."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    gc.collect()
    found = Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.garbage if keep(o))
    gc.set_debug(0)
    gc.garbage.clear()
    return found
