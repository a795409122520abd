"""Running the page's callbacks: success/fail/complete triples and onX listener lists."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

logger = logging.getLogger("simulator.wx")

Result = dict[str, Any]
Callback = Callable[[Result], object]


def invoke(cb: Callback | None, res: Result) -> None:
    """Run one page callback; an exception in it is logged, as the platform prints it."""
    if cb is None:
        return
    try:
        cb(res)
    except Exception:
        logger.exception("! page callback %r raised", cb)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The `success` / `fail` / `complete` options of one call."""

    success: Callback | None = None
    fail: Callback | None = None
    complete: Callback | None = None

    def succeed(self, res: Result) -> None:
        """`success(res)` then `complete(res)`."""
        invoke(self.success, res)
        invoke(self.complete, res)

    def failed(self, res: Result) -> None:
        """`fail(res)` then `complete(res)`."""
        invoke(self.fail, res)
        invoke(self.complete, res)


class Listeners:
    """One `onX` / `offX` pair: `on` adds, `off(cb)` removes that one, `off()` removes all."""

    __slots__ = ("_callbacks",)

    def __init__(self) -> None:
        # A tuple replaced on change: `fire` (once per chunk) iterates it without a copy, and
        # a listener added or removed during `fire` takes effect from the next one.
        self._callbacks: tuple[Callback, ...] = ()

    def on(self, cb: Callback) -> None:
        if not callable(cb):
            raise TypeError(f"listener must be callable, got {cb!r}")
        self._callbacks = (*self._callbacks, cb)

    def off(self, cb: Callback | None = None) -> None:
        if cb is None:
            self._callbacks = ()
        elif cb in self._callbacks:
            kept = list(self._callbacks)
            kept.remove(cb)
            self._callbacks = tuple(kept)

    def fire(self, res: Result) -> None:
        for cb in self._callbacks:
            invoke(cb, res)

    def __bool__(self) -> bool:
        return bool(self._callbacks)


class EndedTask(Protocol):
    _abort: Callable[[], None]


def release_task(task: EndedTask, *listeners: Listeners) -> None:
    """An HTTP task ended: no listener runs again and `abort` does nothing (it did nothing
    after the end anyway). Letting go of the page's callbacks and of the exchange means the
    whole request is freed by reference counting at once, not by the cyclic collector (whose
    pauses grow with the garbage and, with many users, stall every stream)."""
    for group in listeners:
        group.off()
    task._abort = _ended_abort


def _ended_abort() -> None:
    """`abort()` on a task that already ended: nothing to stop."""
