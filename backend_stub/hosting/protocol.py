"""uvicorn settings of the stub, with a header timeout uvicorn itself does not have."""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from backend_stub.config import Limits


class HeaderTimeoutProtocol(H11Protocol):
    """h11 HTTP with a deadline on request heads (slowloris): a connection that does not
    complete a request's headers within `header_timeout_s` is closed (after at most twice that,
    since the check runs every `header_timeout_s`). uvicorn only times out idle keep-alive
    connections, and not once a byte of the next request arrived."""

    header_timeout_s = 10.0

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ):
        super().__init__(config, server_state, app_state, _loop)
        self._head_timer: asyncio.TimerHandle | None = None
        self._scope_at_check: object = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._scope_at_check = self.scope
        self._head_timer = self.loop.call_later(self.header_timeout_s, self._check_head)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        super().connection_lost(exc)

    def _check_head(self) -> None:
        self._head_timer = None
        transport = self.transport
        if transport.is_closing() or transport.get_protocol() is not self:  # closed or upgraded
            return
        waiting = self.conn.their_state is h11.IDLE
        if waiting and self.scope is self._scope_at_check:
            # A whole period without a new complete request head: give up on this peer.
            transport.close()
            return
        self._scope_at_check = self.scope
        self._head_timer = self.loop.call_later(self.header_timeout_s, self._check_head)


def uvicorn_options(limits: Limits) -> dict[str, Any]:
    """`uvicorn.Config` keywords every way of serving the stub uses."""
    protocol = type(
        "StubHttpProtocol", (HeaderTimeoutProtocol,), {"header_timeout_s": limits.header_timeout_s}
    )
    return {
        "http": protocol,
        # Big enough for any frame the limits accept; uvicorn closes larger ones with 1009.
        "ws_max_size": 4 * limits.max_body_bytes,
        "timeout_keep_alive": 5,
    }
