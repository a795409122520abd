"""`drive()`: run one transport to exactly one outcome, whatever happens on the way."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from simulator.session.run import OUTCOMES, Outcome, RunHandle
from simulator.transports.base import SendMessage, Transport
from simulator.transports.events import EmitEvent, RunEvent, RunFailed, RunStopped
from simulator.transports.failures import FailureKind

__all__ = ["OUTCOMES", "Outcome", "RunHandle", "drive", "events", "handle_for"]

log = logging.getLogger(__name__)


def handle_for(name: str, message: SendMessage, emit: EmitEvent | RunHandle) -> RunHandle:
    """`emit` itself when it is a handle, else a handle that passes every event on to it."""
    if isinstance(emit, RunHandle):
        return emit
    handle = RunHandle(name, message.text)
    handle.listen(lambda _handle, event: emit(event))
    return handle


async def drive(
    make: Callable[[], Awaitable[Transport]],
    name: str,
    message: SendMessage,
    emit: EmitEvent | RunHandle,
    *,
    timeout_s: float | None = None,
) -> Outcome:
    """Make the transport `name`, run `message` on it and report every event to `emit`.

    Whatever happens, `emit` sees `MessageSent` first and exactly one outcome last (the run's
    `RunHandle` keeps those rules): an exception (the backend cannot start, a bug) becomes
    `RunFailed`, cancellation becomes `RunStopped` (then re-raised), and `timeout_s` stops the
    run as the user's Stop would.
    """
    guard = handle_for(name, message, emit)
    if guard.task is None:
        guard.task = asyncio.current_task()  # what the handle cancels when a reply is too long
    try:
        async with asyncio.timeout(timeout_s):
            transport = await make()
            await transport.run(message, guard.emit)
    except TimeoutError:
        log.warning("! %s: stopped after %.0f s", name, timeout_s or 0)
        return guard.end(lambda at, text: RunStopped(at, text))
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if guard.cut_by_limit and task is not None and task.uncancel() == 0:
            return guard.end(lambda at, text: RunStopped(at, text))  # the handle's own cut
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
