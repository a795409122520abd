"""Write ASGI messages from synchronous code: send now, finish in a task only if it parks."""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

Send = Callable[[Any], Awaitable[None]]


class SlowReader(Exception):
    """The peer fell more than `max_backlog` bytes behind; what was queued is dropped."""


def _size(message: Any) -> int:
    """Payload bytes of an ASGI send message (anything else counts as nothing)."""
    if not isinstance(message, dict):
        return 0
    body = message.get("body") or message.get("bytes") or message.get("text") or b""
    return len(body)


class EagerSender:
    """Sends ASGI messages in order without awaiting, for use inside the scheduler's tick.

    uvicorn's `send` finishes without suspending unless the transport is paused (the client
    stopped reading). So each send is stepped once right away, as Python 3.12's eager tasks
    would; only a send that parks is handed to a task, and later messages queue behind it so
    one stuck client never holds up the tick or reorders its own frames.
    """

    parked_total = 0
    """Sends that had to wait for a slow peer, over all senders (shown by /api/debug/stats)."""
    slow_readers_total = 0
    """Senders failed with `SlowReader`, over all senders (shown by /api/debug/stats)."""

    def __init__(
        self,
        send: Send,
        on_error: Callable[[BaseException], None] | None = None,
        max_backlog: int | None = None,
        max_stall_s: float | None = None,
    ):
        self._send = send
        self._on_error = on_error
        self._max_backlog = max_backlog
        self._max_stall_s = max_stall_s
        self._stall_timer: asyncio.TimerHandle | None = None
        """Armed while a send is parked: fires `max_stall_s` later unless the peer caught up."""
        self._backlog: collections.deque[Any] = collections.deque()
        self.backlog_bytes = 0
        """Bytes queued behind a parked send (bounded by `max_backlog`)."""
        self._task: asyncio.Task[None] | None = None
        self.failed: BaseException | None = None

    @property
    def busy(self) -> bool:
        """True while a parked send (and what queued behind it) is still being written."""
        return self._task is not None

    def send(self, message: Any) -> None:
        """Write `message` now if possible, else after the ones already waiting."""
        if self.failed is not None:
            return
        if self._task is not None:
            self.backlog_bytes += _size(message)
            if self._max_backlog is not None and self.backlog_bytes > self._max_backlog:
                self._slow(f"peer over {self._max_backlog} bytes behind")
                return
            self._backlog.append(message)
            return
        coro = self._send(message)
        if not isinstance(coro, Coroutine):  # a plain awaitable: let a task run it
            self._park(self._drain(coro, None))
            return
        try:
            parked_on = coro.send(None)
        except StopIteration:
            return
        except BaseException as exc:  # reported; the tick must go on
            self._fail(exc)
            return
        EagerSender.parked_total += 1
        self._park(self._drain(coro, parked_on))

    def _park(self, drain: Coroutine[Any, Any, None]) -> None:
        loop = asyncio.get_running_loop()
        self._task = loop.create_task(drain)
        if self._max_stall_s is not None:
            self._stall_timer = loop.call_later(self._max_stall_s, self._stalled)

    def _stalled(self) -> None:
        self._stall_timer = None
        if self._task is not None:  # still behind since the park: the peer never caught up
            self._slow(f"peer kept writes waiting over {self._max_stall_s:g} s")

    def _unpark(self) -> None:
        if self._stall_timer is not None:
            self._stall_timer.cancel()  # drops the timer's reference to this sender
            self._stall_timer = None

    def _slow(self, why: str) -> None:
        EagerSender.slow_readers_total += 1
        self.cancel()
        self._fail(SlowReader(why))

    async def flush(self) -> None:
        """Wait until everything sent so far is written (or the sender failed: see `failed`)."""
        task = self._task
        if task is None:
            return
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise  # we are being cancelled, not just the send we waited for
            if self.failed is None:
                raise

    def cancel(self) -> asyncio.Task[None] | None:
        """Drop what is queued and stop a parked send; returns its task (await it to be sure)."""
        self._unpark()
        self._backlog.clear()
        self.backlog_bytes = 0
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
        return task

    def close(self) -> asyncio.Task[None] | None:
        """`cancel`, for good: nothing is reported after this. The error callback (often a
        bound method of the sender's owner: a reference cycle) is let go, so the owner is
        freed by reference counting."""
        self._on_error = None
        return self.cancel()

    async def _drain(self, coro: Awaitable[None], parked_on: Any) -> None:
        try:
            if parked_on is None:
                await coro
            else:
                await _resume(coro, parked_on)  # type: ignore[arg-type]
            while self._backlog:
                message = self._backlog.popleft()
                self.backlog_bytes -= _size(message)
                await self._send(message)
        except asyncio.CancelledError:
            raise
        except BaseException as exc:
            self._fail(exc)
        finally:
            if self._task is asyncio.current_task():
                self._task = None
                self._unpark()

    def _fail(self, exc: BaseException) -> None:
        self.failed = exc
        self._backlog.clear()
        self.backlog_bytes = 0
        if self._on_error is not None:
            self._on_error(exc)


async def _resume(coro: Coroutine[Any, Any, None], parked_on: Any) -> None:
    """Finish a coroutine that was stepped by hand and parked on `parked_on`."""
    while True:
        try:
            if parked_on is None:  # a bare yield (asyncio.sleep(0)): just let the loop run
                await asyncio.sleep(0)
            else:
                # The coroutine will read the future's result itself when stepped again.
                await asyncio.wait([parked_on])
        except asyncio.CancelledError:
            coro.close()
            raise
        try:
            parked_on = coro.send(None)
        except StopIteration:
            return
