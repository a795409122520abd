"""A websockets client connection that hands each message on as soon as it is parsed.

`websockets`' own connection queues every parsed message and wakes a `recv()` task for it: a
future, a task step and a queue round trip per frame, which load mode (thousands of frames a
second on one loop) pays on every chunk. Here complete messages go to a callback right in
`data_received`; `async for` over the connection then only waits for the close (and raises
as before when it is not clean). The size bound stays the protocol's (`max_size`); invalid
UTF-8 in a text message (one frame or across fragments) fails the connection with 1007 (RFC
6455 §8.1) and no later message is handed on, even one parsed from the same read.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection
from websockets.frames import CloseCode, Frame, Opcode
from websockets.protocol import Event

logger = logging.getLogger("simulator.wx")

Sink = Callable[[str | bytes, float, int], None]
"""Called with (message, read_at, wire bytes) for every complete message, in order."""


class DirectConnection(ClientConnection):
    """`ClientConnection` with `deliver_to(sink)`: messages before it are held, then handed on."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sink: Sink | None = None
        self._held: list[tuple[str | bytes, float, int]] = []
        """Messages parsed before `deliver_to` (e.g. in the handshake's own read)."""
        self._parts: list[bytes] = []
        self._text = False
        self.invalid_text: str | None = None
        """Why we failed the connection with 1007 (set once; nothing is handed on after)."""

    def deliver_to(self, sink: Sink) -> None:
        """From now on every message goes to `sink` (held ones first, in order)."""
        held, self._held = self._held, []
        for data, at, size in held:
            self._hand_on(sink, data, at, size)
        self._sink = sink

    def process_event(self, event: Event) -> None:
        if (
            self.response is None
            or not isinstance(event, Frame)
            or event.opcode not in (Opcode.TEXT, Opcode.BINARY, Opcode.CONT)
        ):
            super().process_event(event)  # the handshake response, control frames
            return
        if self.invalid_text is not None:
            return  # we failed the connection: frames parsed after the bad one are not delivered
        if event.opcode is not Opcode.CONT:
            self._text = event.opcode is Opcode.TEXT
            self._parts = []
        if not event.fin:
            self._parts.append(bytes(event.data))
            return
        payload = bytes(event.data)
        if self._parts:
            payload = b"".join((*self._parts, payload))
            self._parts = []
        data: str | bytes = payload
        if self._text:
            try:
                data = payload.decode()
            except UnicodeDecodeError as exc:
                self.invalid_text = (
                    f"{exc.reason} at byte {exc.start} of a {len(payload)}-byte message"
                )
                self.set_connection_exc(exc)
                self.protocol.fail(CloseCode.INVALID_DATA, f"{exc.reason} at position {exc.start}")
                self.send_data()
                return
        at = time.monotonic()
        if self._sink is None:
            self._held.append((data, at, len(payload)))
        else:
            self._hand_on(self._sink, data, at, len(payload))

    @staticmethod
    def _hand_on(sink: Sink, data: str | bytes, at: float, size: int) -> None:
        # We are inside asyncio's data_received: a failure must not break the protocol.
        try:
            sink(data, at, size)
        except Exception:
            logger.exception("! socket message handler failed")
