"""One base class for the seed's chat strategies; each runs one reply through `simulator.wx`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from simulator.transports.events import EmitEvent

if TYPE_CHECKING:
    from simulator.transports.backend import BackendProfile
    from simulator.wx import WxRuntime


@dataclass(frozen=True, slots=True)
class SendMessage:
    """What the user asked: the request a transport turns into network traffic."""

    text: str
    user_id: str = "sim-user"
    scenario: str | None = None
    """Stub scenario spec (see docs/stub.md), passed through to the backend; None = its default."""


class Transport(ABC):
    """A way of getting one streamed reply into the page.

    `run` emits `MessageSent` first and ends with exactly one of `ReplyCompleted`, `RunFailed`
    or `RunStopped`. Cancelling the task that awaits `run` aborts every wx task it opened and
    emits `RunStopped` with the text received so far.
    """

    name: ClassVar[str]

    def __init__(self, wx: WxRuntime, backend: BackendProfile) -> None:
        self.wx = wx
        self.backend = backend

    @abstractmethod
    async def run(self, message: SendMessage, emit: EmitEvent) -> None:
        """Run one reply; report everything through `emit`."""


class TimedTransport(Transport):
    """A transport over whole HTTP calls (`request`, `downloadFile`), each given `timeout_ms`."""

    def __init__(self, wx: WxRuntime, backend: BackendProfile, *, timeout_ms: int = 60_000) -> None:
        super().__init__(wx, backend)
        self.timeout_ms = timeout_ms
