"""uvicorn settings of the stub, and the HTTP/1.1 rules uvicorn and h11 leave out.

What h11 (0.16) and uvicorn (0.55) already do and the stub keeps: malformed heads, bad
chunk sizes, two different Content-Lengths, a Transfer-Encoding other than `chunked` -> 400
and close; idle keep-alive connections closed after `timeout_keep_alive`. What this module adds:

- a deadline on request heads (slowloris), which uvicorn lacks;
- a modest kernel send buffer per connection, so a slow reader shows as writes waiting;
- both `Content-Length` and `Transfer-Encoding` -> 400 and close (h11 silently follows
  Transfer-Encoding and keeps the connection, so a body can hide a second request: RFC 9112
  §6.1 says the server must close after such a request);
- a response sent before the request body was received (408 `body_timeout`, 413, 401...)
  first drops the rest of the body for a bounded time, then, if it is still not in, says
  `connection: close` and closes, instead of waiting for a body nobody will read;
- a request line that is not HTTP/1.x (HTTP/0.9's `GET /`, garbage) -> 400 and close as soon
  as the line is complete (h11 waits for a blank line that an HTTP/0.9 client never sends);
- the protocol-level 400 is the stub's JSON error body, not uvicorn's plain text;
- a handle on the connection in each request's scope (`connection_of`), to cut a slow
  reader without first flushing what it did not read, and to say `connection: close` on a
  response sent before the request body arrived (`CloseUnreadBodies`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import struct
import weakref
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


CONNECTION_EXTENSION = "stub.connection"
"""ASGI scope extension holding the request's `ConnectionHandle`."""


class ConnectionHandle:
    """What a request may do to its connection: reset it at once (a slow reader's close would
    first wait until the peer read the whole buffer), ask whether its body is still arriving.

    Holds the protocol weakly: the protocol holds the scope, which holds this handle.
    """

    __slots__ = ("_protocol",)

    def __init__(self, protocol: StubHttpProtocolBase):
        self._protocol = weakref.ref(protocol)

    def abort(self) -> None:
        protocol = self._protocol()
        if protocol is not None:
            protocol.abort_now()

    def body_pending(self) -> bool:
        protocol = self._protocol()
        return protocol is not None and protocol.body_pending()


def connection_of(scope: Any) -> ConnectionHandle | None:
    """The request's `ConnectionHandle`, or None when served without the stub's protocol."""
    handle = scope.get("extensions", {}).get(CONNECTION_EXTENSION)
    return handle if isinstance(handle, ConnectionHandle) else None


DRAIN_S = 1.0
"""How long a response sent before its request's body arrived first reads (and drops) the rest."""
DRAIN_BYTES = 16 * 1024 * 1024
"""...and at most this much of it."""


class CloseUnreadBodies:
    """ASGI middleware for a response that starts before its request's body has all arrived
    (413, 401, 408...): the rest of the body is read and dropped first, for at most `DRAIN_S`
    and `DRAIN_BYTES`, so the client (still sending) reads the answer instead of a reset; a
    body that is still not in then (a slow or endless one) gets `connection: close`, and the
    connection is closed after the answer, so no one takes its rest for the next request."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        handle = connection_of(scope) if scope["type"] == "http" else None
        if handle is None:
            await self.app(scope, receive, send)
            return

        async def send_closing(message: Any) -> None:
            if message["type"] == "http.response.start" and handle.body_pending():
                await _drain(receive, handle)
                if handle.body_pending():
                    headers = [*message.get("headers", []), (b"connection", b"close")]
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_closing)


async def _drain(receive: Any, handle: ConnectionHandle) -> None:
    drained = 0
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(DRAIN_S):
            while handle.body_pending() and drained < DRAIN_BYTES:
                message = await receive()
                if message["type"] != "http.request":
                    return
                drained += len(message.get("body", b""))
                if not message.get("more_body", False):
                    return


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
    send_buffer_bytes = 0

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
        sock = transport.get_extra_info("socket")
        if self.send_buffer_bytes and sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, self.send_buffer_bytes)
        self._scope_at_check = self.scope
        self._head_timer = self.loop.call_later(self.header_timeout_s, self._check_head)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        # A request's task has not run yet: give it a handle on its connection.
        scope: Any = self.scope
        if scope is not None and CONNECTION_EXTENSION not in scope.setdefault("extensions", {}):
            scope["extensions"][CONNECTION_EXTENSION] = ConnectionHandle(self)

    def body_pending(self) -> bool:
        """True while the request's body has not all arrived."""
        return self.conn.their_state is h11.SEND_BODY

    def abort_now(self) -> None:
        """Reset the connection, dropping what the kernel still holds for the peer too (a
        plain close lets it trickle out at the peer's pace: megabytes on loopback)."""
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.transport.abort()

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
        "StubHttpProtocol",
        (StubHttpProtocolBase,),
        {
            "header_timeout_s": limits.header_timeout_s,
            "send_buffer_bytes": limits.send_buffer_bytes,
        },
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
