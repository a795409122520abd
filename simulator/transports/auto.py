"""Auto: the seed's smart degradation, websocket → (chunked) → download → sync, each step logged."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, ClassVar

from simulator.transports.backend import BackendProfile
from simulator.transports.base import SendMessage, Transport
from simulator.transports.chunked import ChunkedTransport
from simulator.transports.download import DownloadTransport
from simulator.transports.events import (
    EmitEvent,
    FallbackTaken,
    MessageSent,
    RunEvent,
    RunFailed,
    TransportNote,
)
from simulator.transports.sync import SyncTransport
from simulator.transports.websocket import WebSocketTransport

if TYPE_CHECKING:
    from simulator.wx import WxRuntime

CHUNK_API = "RequestTask.onChunkReceived"

Step = Callable[[], Awaitable[None]]


class AutoTransport(Transport):
    """Tries each tier in the seed's order and steps down when one fails, saying why.

    Chunked joins after websocket where the emulated base library has `onChunkReceived`
    (2.20.1+); a tier the backend profile lacks is skipped with that reason. A tier is left
    only while the page shows no text yet: once text is on screen, falling back would type the
    reply a second time, so the failure ends the run with the partial text kept.
    The state is the current handler (`_step`), swapped on every fallback.
    """

    name: ClassVar[str] = "auto"

    def __init__(self, wx: WxRuntime, backend: BackendProfile) -> None:
        super().__init__(wx, backend)
        self.tiers: list[Transport] = [WebSocketTransport(wx, backend)]
        if wx.canIUse(CHUNK_API):
            self.tiers.append(ChunkedTransport(wx, backend))
        self.tiers += [DownloadTransport(wx, backend), SyncTransport(wx, backend)]
        self.skipped_chunked = not wx.canIUse(CHUNK_API)

    async def run(self, message: SendMessage, emit: EmitEvent) -> None:
        emit(MessageSent(time.monotonic(), self.name, message.text))
        if self.skipped_chunked:
            emit(
                TransportNote(time.monotonic(), f"chunked skipped: base library lacks {CHUNK_API}")
            )
        self._message, self._emit = message, emit
        self._index = 0
        self._step: Step | None = self._try_tier
        while self._step is not None:
            await self._step()

    async def _try_tier(self) -> None:
        tier = self.tiers[self._index]
        failure: list[RunFailed] = []
        last = self._index == len(self.tiers) - 1

        def relay(event: RunEvent) -> None:
            if isinstance(event, MessageSent):
                return
            if isinstance(event, RunFailed) and not event.partial_text and not last:
                failure.append(event)
                return
            self._emit(event)

        await tier.run(self._message, relay)
        if failure:
            nxt = self.tiers[self._index + 1]
            self._emit(FallbackTaken(time.monotonic(), tier.name, nxt.name, failure[0].error))
            self._index += 1
            self._step = self._try_tier
        else:
            self._step = None
