"""A scripted fake transport (like httpx's MockTransport) for pure UI behaviour."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from simulator.session import RunSettings, Session
from simulator.transports.base import SendMessage, Transport
from simulator.transports.events import (
    ChunkReceived,
    ConnectionOpened,
    EmitEvent,
    MessageSent,
    ReplyCompleted,
    RequestMade,
    RunFailed,
    RunStopped,
)
from simulator.wx import WxRuntime


class ScriptedTransport(Transport):
    """Emits a fixed reply piece by piece, `interval` seconds apart; can fail after N pieces."""

    name = "scripted"

    def __init__(
        self,
        label: str,
        pieces: Sequence[str],
        interval: float = 0.005,
        fail_after: int | None = None,
        error: str = "request:fail socket closed (1006)",
    ) -> None:
        self.label = label
        self.pieces = list(pieces)
        self.interval = interval
        self.fail_after = fail_after
        self.error = error
        self.messages: list[SendMessage] = []

    async def run(self, message: SendMessage, emit: EmitEvent) -> None:
        self.messages.append(message)
        received: list[str] = []
        emit(MessageSent(at=time.monotonic(), transport=self.label, text=message.text))
        emit(RequestMade(at=time.monotonic(), kind="request", url="http://fake.invalid/chat"))
        try:
            await asyncio.sleep(self.interval)
            emit(ConnectionOpened(at=time.monotonic(), detail="200"))
            for i, piece in enumerate(self.pieces):
                if self.fail_after is not None and i == self.fail_after:
                    emit(RunFailed(time.monotonic(), self.error, "".join(received)))
                    return
                await asyncio.sleep(self.interval)
                received.append(piece)
                emit(ChunkReceived(time.monotonic(), piece, len(piece.encode())))
            emit(ReplyCompleted(at=time.monotonic(), text="".join(received)))
        except asyncio.CancelledError:
            emit(RunStopped(at=time.monotonic(), partial_text="".join(received)))
            raise


class ScriptedFactory:
    """Makes a `ScriptedTransport` per run; `kwargs` apply to every transport name."""

    def __init__(self, pieces: Sequence[str], **kwargs: Any) -> None:
        self.pieces = list(pieces)
        self.kwargs = kwargs
        self.made: list[ScriptedTransport] = []

    async def __call__(self, name: str) -> Transport:
        transport = ScriptedTransport(name, self.pieces, **self.kwargs)
        self.made.append(transport)
        return transport


class ScriptedSession(Session):
    """A real `Session` whose transports come from a scripted factory (no backend at all)."""

    def __init__(self, factory: Callable[[str], Awaitable[Transport]]) -> None:
        super().__init__(RunSettings())
        self.factory = factory

    async def transport(
        self, name: str, lane: str | None = None, *, wx: WxRuntime | None = None
    ) -> Transport:
        return await self.factory(name)


class UnreachableFactory:
    """A backend that cannot be reached: making the transport raises."""

    async def __call__(self, name: str) -> Transport:
        raise ConnectionRefusedError("connect to 127.0.0.1:9 refused")
