"""Auto: the seed's smart degradation, websocket → (chunked) → download → sync, each step logged."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, ClassVar

from simulator.transports.backend import BackendProfile
from simulator.transports.base import SendMessage, Transport
from simulator.transports.events import (
    ChunkReceived,
    EmitEvent,
    FallbackTaken,
    MessageSent,
    RunEvent,
    RunFailed,
    RunStopped,
    TransportNote,
)
from simulator.transports.registry import auto_tiers

if TYPE_CHECKING:
    from simulator.wx import WxRuntime

Step = Callable[[], Awaitable[None]]


FIRST_TEXT_S = 20.0
"""Default time a tier gets to show its first text before `auto` leaves it.

Well above a working LLM's time to first token (about a second, ~10 s under load), so a slow
but healthy tier is kept (each fallback sends the prompt to the model again); a third of the
platform's 60 s request timeout and of the socket idle watchdog, so a silent tier costs 20 s,
not a minute.
"""


class AutoTransport(Transport):
    """Tries each tier in the seed's order and steps down when one fails, saying why.

    The tiers are the transport table's `auto_tier` rows in order; one whose `requires_api`
    the base library lacks (chunked before 2.20.1) is skipped with a note, one the backend
    profile lacks fails at once and is left with that reason. A tier is left
    only while the page shows no text yet: once text is on screen, falling back would type the
    reply a second time, so the failure ends the run with the partial text kept.
    A tier that shows no text within `first_text_s` (None: no limit) is aborted and left too,
    except the last one, which has nowhere to fall back to: sync shows its text only when the
    whole reply is in, so a first-text limit there would only cap the reply's length.
    The state is the current handler (`_step`), swapped on every fallback.
    """

    name: ClassVar[str] = "auto"

    def __init__(
        self, wx: WxRuntime, backend: BackendProfile, *, first_text_s: float | None = FIRST_TEXT_S
    ) -> None:
        super().__init__(wx, backend)
        self.first_text_s = first_text_s
        self.tiers: list[Transport] = []
        self.skipped: list[str] = []
        """Tiers the base library cannot run, with the missing API (said once per run)."""
        for spec in auto_tiers():
            if spec.requires_api is not None and not wx.canIUse(spec.requires_api):
                self.skipped.append(f"{spec.name} skipped: base library lacks {spec.requires_api}")
            else:
                self.tiers.append(spec.load()(wx, backend))

    async def run(self, message: SendMessage, emit: EmitEvent) -> None:
        first = self.tiers[0].name if self.tiers else None
        emit(MessageSent(time.monotonic(), self.name, message.text, tier=first))
        for note in self.skipped:
            emit(TransportNote(time.monotonic(), note))
        self._message, self._emit = message, emit
        self._index = 0
        self._step: Step | None = self._try_tier
        while self._step is not None:
            await self._step()

    async def _try_tier(self) -> None:
        tier = self.tiers[self._index]
        last = self._index == len(self.tiers) - 1
        limit = None if last else self.first_text_s
        failure: list[str] = []
        watch = _FirstTextWatch()

        def relay(event: RunEvent) -> None:
            if isinstance(event, MessageSent):
                return
            if isinstance(event, ChunkReceived):
                watch.text_shown()
            elif isinstance(event, RunStopped) and watch.expired():
                return  # our own abort of a silent tier, not the user's Stop
            elif (
                isinstance(event, RunFailed)
                and event.kind.falls_back
                and not event.partial_text
                and not last
            ):
                failure.append(event.error)
                return
            self._emit(event)

        try:
            async with watch.start(limit):
                await tier.run(self._message, relay)
        except TimeoutError:
            if not watch.expired():
                raise  # the tier's own error, not our limit
            failure.append(f"no text within {limit:g} s")
        except asyncio.CancelledError:
            if watch.expired():  # Stop came as the limit fired: the tier's RunStopped was held
                self._emit(RunStopped(time.monotonic(), ""))
            raise
        finally:
            watch.stop()
        if failure:
            nxt = self.tiers[self._index + 1]
            self._emit(FallbackTaken(time.monotonic(), tier.name, nxt.name, failure[0]))
            self._index += 1
            self._step = self._try_tier
        else:
            self._step = None


class _FirstTextWatch:
    """A timeout on a tier's first text: cancelled by the first chunk, expired otherwise."""

    def __init__(self) -> None:
        self._timeout: asyncio.Timeout | None = None

    def start(self, limit: float | None) -> asyncio.Timeout:
        self._timeout = asyncio.timeout(limit)
        return self._timeout

    def text_shown(self) -> None:
        timeout, self._timeout = self._timeout, None
        if timeout is not None and not timeout.expired():
            timeout.reschedule(None)

    def stop(self) -> None:
        """The tier has ended: later events leave the (exited) timeout alone."""
        self._timeout = None

    def expired(self) -> bool:
        return self._timeout is not None and self._timeout.expired()
