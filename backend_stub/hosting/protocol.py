"""uvicorn settings of the stub, and the HTTP/1.1 rules uvicorn and h11 leave out.

What h11 (0.16) and uvicorn (0.55) already do and the stub keeps: malformed heads, bad
chunk sizes, two different Content-Lengths, a Transfer-Encoding other than `chunked` -> 400
and close; idle keep-alive connections closed after `timeout_keep_alive`. What this module adds:

- a deadline on request heads (slowloris), which uvicorn lacks;
- both `Content-Length` and `Transfer-Encoding` -> 400 and close (h11 silently follows
  Transfer-Encoding and keeps the connection, so a body can hide a second request: RFC 9112
  §6.1 says the server must close after such a request);
- a response sent before the request body was received (408 `body_timeout`, 413, 401...)
  closes the connection instead of waiting for the rest of a body nobody will read;
- a request line that is not HTTP/1.x (HTTP/0.9's `GET /`, garbage) -> 400 and close as soon
  as the line is complete (h11 waits for a blank line that an HTTP/0.9 client never sends);
- the protocol-level 400 is the stub's JSON error body, not uvicorn's plain text.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import h11
from h11._connection import DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from backend_stub.config import Limits
from backend_stub.errors import error_body

_REQUEST_LINE = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+ \S+ HTTP/\d\.\d\r?")
"""RFC 9112 §3 request-line (method token, target, version); what h11 will accept."""


class FramingError(h11.RemoteProtocolError):
    """A request head h11 accepts but the stub refuses (ambiguous body framing)."""


class _StrictConnection(h11.Connection):
    """h11's server connection, refusing a request that gives its body length twice."""

    refusal: str | None = None
    """Why the last request was refused (uvicorn's 400 does not say)."""

    def next_event(self) -> Any:
        event = super().next_event()
        if isinstance(event, h11.Request):
            names = {name.lower() for name, _ in event.headers}
            if b"content-length" in names and b"transfer-encoding" in names:
                self.refusal = (
                    "both Content-Length and Transfer-Encoding (RFC 9112 §6.1): refused, "
                    "connection closed"
                )
                raise FramingError(self.refusal)
        return event


def bad_request_bytes(message: str, code: str = "bad_http") -> bytes:
    """A whole `400` response with the stub's JSON error body and `connection: close`."""
    body = json.dumps(error_body(code, message)).encode()
    head = (
        "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode() + body


class StubHttpProtocolBase(H11Protocol):
    """h11 HTTP with the rules of the module docstring.

    The head deadline: a connection that does not complete a request's headers within
    `header_timeout_s` is closed (after at most twice that, since the check runs every
    `header_timeout_s`). uvicorn only times out idle keep-alive connections, and not once a
    byte of the next request arrived.
    """

    header_timeout_s = 10.0

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ):
        super().__init__(config, server_state, app_state, _loop)
        # Same settings as uvicorn's own connection; only `next_event` is stricter.
        size = config.h11_max_incomplete_event_size
        self.conn = _StrictConnection(h11.SERVER, size or DEFAULT_MAX_INCOMPLETE_EVENT_SIZE)
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

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self._check_request_line()

    def _check_request_line(self) -> None:
        """Refuse a complete first line that is no HTTP/1.x request line, at once."""
        pending = bytes(self.conn.trailing_data[0]).lstrip(b"\r\n")
        line, newline, _ = pending.partition(b"\n")
        if newline and not _REQUEST_LINE.fullmatch(line):
            version = "HTTP/0.9 is" if b" HTTP/" not in line else "this request line is"
            self._refuse(f"{version} not served: send an HTTP/1.1 request")

    def send_400_response(self, msg: str) -> None:
        # Called by uvicorn when h11 refuses a request (and for our FramingError).
        refusal = self.conn.refusal if isinstance(self.conn, _StrictConnection) else None
        self._refuse(refusal or msg)

    def _refuse(self, message: str) -> None:
        self.transport.write(bad_request_bytes(message))
        self.transport.close()

    def on_response_complete(self) -> None:
        if self.conn.their_state is h11.SEND_BODY and not self.transport.is_closing():
            # Answered before the body arrived (408, 413, 401...): the rest of it is nobody's.
            self.server_state.total_requests += 1
            self.transport.close()
            return
        super().on_response_complete()

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
        "StubHttpProtocol", (StubHttpProtocolBase,), {"header_timeout_s": limits.header_timeout_s}
    )
    return {
        "http": protocol,
        # Big enough for any frame the limits accept; uvicorn closes larger ones with 1009.
        "ws_max_size": 4 * limits.max_body_bytes,
        "timeout_keep_alive": 5,
        # uvicorn believes X-Forwarded-For from 127.0.0.1 by default; the app's TrustedProxies
        # believes forwarding headers only from `--trust-proxy` peers.
        "proxy_headers": False,
    }
