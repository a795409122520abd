"""`spawn`: start a coroutine on the running loop and keep a reference until it ends."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

log = logging.getLogger(__name__)

# The loop holds tasks weakly; a task nobody references can vanish mid-run.
_running: set[asyncio.Task[Any]] = set()


def spawn(coro: Coroutine[Any, Any, T], *, name: str) -> asyncio.Task[T]:
    """Run `coro` as a task that stays referenced until it finishes; errors are logged.

    Raises:
        RuntimeError: no loop is running; `coro` is closed first, so no "never awaited"
            warning turns up later, at some unrelated garbage collection.
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        coro.close()
        raise
    task = loop.create_task(coro, name=name)
    _running.add(task)
    task.add_done_callback(_forget)
    return task


def _forget(task: asyncio.Task[Any]) -> None:
    _running.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.error("! task %s failed", task.get_name(), exc_info=task.exception())


def running_tasks() -> frozenset[asyncio.Task[Any]]:
    """Tasks started with `spawn` that have not finished (tests check nothing is left)."""
    return frozenset(_running)
