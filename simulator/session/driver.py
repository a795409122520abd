"""`drive()`: run one transport to exactly one outcome, whatever happens on the way."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable

from simulator.transports.base import SendMessage, Transport
from simulator.transports.events import (
    ChunkReceived,
    EmitEvent,
    MessageSent,
    ReplyCompleted,
    RunEvent,
    RunFailed,
    RunStopped,
)
from simulator.transports.failures import FailureKind

log = logging.getLogger(__name__)

Outcome = ReplyCompleted | RunFailed | RunStopped
OUTCOMES = (ReplyCompleted, RunFailed, RunStopped)


class _Guard:
    """Passes a run's events on: `MessageSent` first, nothing after the outcome."""

    def __init__(self, name: str, message: SendMessage, emit: EmitEvent) -> None:
        self.name, self.message, self.emit = name, message, emit
        self.started = False
        self.outcome: Outcome | None = None
        self.received: list[str] = []

    def __call__(self, event: RunEvent) -> None:
        if self.outcome is not None:
            return  # a late wx callback after the end
        self.started = True
        if isinstance(event, ChunkReceived):
            self.received.append(event.text)
        elif isinstance(event, OUTCOMES):
            self.outcome = event
        self.emit(event)

    def end(self, make: Callable[[float, str], Outcome]) -> Outcome:
        """End the run with `make(at, partial_text)` unless it has ended already."""
        if self.outcome is None:
            at = time.monotonic()
            if not self.started:
                self(MessageSent(at, self.name, self.message.text))
            self(make(at, "".join(self.received)))
        assert self.outcome is not None
        return self.outcome


async def drive(
    make: Callable[[], Awaitable[Transport]],
    name: str,
    message: SendMessage,
    emit: EmitEvent,
    *,
    timeout_s: float | None = None,
) -> Outcome:
    """Make the transport `name`, run `message` on it and report every event to `emit`.

    Whatever happens, `emit` sees `MessageSent` first and exactly one outcome last: an
    exception (the backend cannot start, a bug) becomes `RunFailed`, cancellation becomes
    `RunStopped` (then re-raised), and `timeout_s` stops the run as the user's Stop would.
    """
    guard = _Guard(name, message, emit)
    try:
        async with asyncio.timeout(timeout_s):
            transport = await make()
            await transport.run(message, guard)
    except TimeoutError:
        log.warning("! %s: stopped after %.0f s", name, timeout_s or 0)
        return guard.end(lambda at, text: RunStopped(at, text))
    except asyncio.CancelledError:
        guard.end(lambda at, text: RunStopped(at, text))
        raise
    except Exception as exc:  # an unreachable backend must end the run, not crash the caller
        kind = FailureKind.UNREACHABLE if isinstance(exc, OSError) else FailureKind.UNKNOWN
        detail = str(exc) or type(exc).__name__
        return guard.end(lambda at, text: RunFailed(at, detail, text, kind=kind))
    detail = "the transport ended without a result"
    return guard.end(lambda at, text: RunFailed(at, detail, text, kind=FailureKind.PROTOCOL))


async def events(
    make: Callable[[], Awaitable[Transport]],
    name: str,
    message: SendMessage,
    *,
    timeout_s: float | None = None,
) -> AsyncIterator[RunEvent]:
    """`drive()` as an async iterator: yields the run's events, the outcome last.

    For callers that consume a run step by step (a probe, a load generator). Leaving the loop
    early (break, an exception, cancellation) stops the run; its `RunStopped` is not yielded.
    """
    queue: asyncio.Queue[RunEvent] = asyncio.Queue()
    task = asyncio.ensure_future(drive(make, name, message, queue.put_nowait, timeout_s=timeout_s))
    try:
        while True:
            event = await queue.get()
            yield event
            if isinstance(event, OUTCOMES):
                return
    finally:
        if not task.done():
            task.cancel()
        await asyncio.gather(task, return_exceptions=True)
