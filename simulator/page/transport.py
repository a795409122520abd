"""A page's send as a transport, so the session's `drive()` runs it like one of ours."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, ClassVar, Protocol

from simulator.page.host import TRANSPORT_NAME
from simulator.transports.base import SendMessage, Transport

if TYPE_CHECKING:
    from simulator.transports.backend import BackendProfile
    from simulator.transports.events import EmitEvent
    from simulator.wx import WxRuntime


class PageSender(Protocol):
    """A running page (single file) or project: sends one message, owns its runtime."""

    wx: WxRuntime

    async def send(self, text: str, emit: EmitEvent) -> str: ...


class PageTransport(Transport):
    """One message through a running page host (the page does its own networking)."""

    name: ClassVar[str] = TRANSPORT_NAME

    def __init__(self, host: PageSender, backend: BackendProfile) -> None:
        super().__init__(host.wx, backend)
        self.host = host

    async def run(self, message: SendMessage, emit: EmitEvent) -> None:
        # A page error is emitted as RunFailed before `send` raises; drive() keeps that outcome.
        await self.host.send(message.text, emit)


def page_source(host: PageSender, backend: BackendProfile) -> Callable[[], Awaitable[Transport]]:
    """The page as a run source for `Session.launch` (the page does its own networking)."""

    async def make() -> Transport:
        return PageTransport(host, backend)

    return make
