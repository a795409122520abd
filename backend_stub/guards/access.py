"""Who may do what: loopback checks, the debug/control guard, protected API docs, log redaction."""

from __future__ import annotations

import ipaddress
import logging
import re
import secrets
from typing import Any

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from backend_stub.config import StubConfig
from backend_stub.errors import StubError, error_response
from backend_stub.guards.inputs import ANONYMOUS, check_auth
from backend_stub.replies.inflight import Reply

DOC_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"})
"""FastAPI's generated documentation: it lists every endpoint, so it wants the token too."""


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and `localhost`; False for anything else (incl. 0.0.0.0)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_policy(host: str, token: str | None) -> tuple[str | None, str | None]:
    """The token a stub bound to `host` must use, and the warning to print (None: none).

    Beyond loopback anyone on the network could chat, read traces and steer scenarios, so a
    token is required: the given one, or a generated one that the warning shows.
    """
    if is_loopback(host):
        return token, None
    exposed = f"WARNING: binding {host} exposes the stub beyond this machine"
    rules = "debug endpoints answer loopback clients only"
    if token is not None:
        return token, f"{exposed}; the token is required and {rules}"
    token = secrets.token_urlsafe(16)
    return token, (
        f"{exposed}; no --token given, so this generated one is required: {token}\n"
        f"  (Authorization: Bearer {token}, or ?token= on a WebSocket URL); {rules}"
    )


def client_host(connection: HTTPConnection) -> str:
    return connection.client.host if connection.client else ""


def check_debug(connection: HTTPConnection, config: StubConfig) -> None:
    """Guard of the debug/control endpoints: the token when one is set, and, unless
    `debug_remote`, a loopback client (a stub bound to the LAN is not steerable from it).

    Raises:
        StubError: 401 without the token, 403 `debug_loopback_only` from another machine.
    """
    check_auth(connection, config.token)
    if not config.debug_remote and not is_loopback(client_host(connection)):
        raise StubError(403, "debug_loopback_only", "debug endpoints answer loopback clients only")


def check_control(connection: HTTPConnection, config: StubConfig, control_token: str) -> None:
    """Guard of the control endpoints (what changes every chat's reply): the control token,
    always, even from loopback (another local process must not steer the stub), and a
    loopback client unless `debug_remote`.

    Raises:
        StubError: 401 `control_token_required`, 403 `debug_loopback_only`.
    """
    try:
        check_auth(connection, control_token)
    except StubError:
        raise StubError(
            401,
            "control_token_required",
            "control endpoints want the stub's control token (printed at start; the embedding "
            "process has it as EmbeddedStub.control_token): Authorization: Bearer <token>",
        ) from None
    if not config.debug_remote and not is_loopback(client_host(connection)):
        raise StubError(403, "debug_loopback_only", "debug endpoints answer loopback clients only")


def check_reply_reader(reply: Reply, user_id: object) -> None:
    """Trace and WS resume: a reply id is 128 random bits, so knowing it is the right to read
    the reply; a request that also names a `userId` must name the owner's.

    Raises:
        StubError: 403 `foreign_reply`.
    """
    if user_id in (None, "", ANONYMOUS):
        return
    if isinstance(user_id, int) and not isinstance(user_id, bool):
        user_id = str(user_id)
    if user_id != reply.user_id:
        raise StubError(403, "foreign_reply", "this reply belongs to another user")


class ProtectDocs:
    """ASGI middleware: `/docs`, `/redoc`, `/openapi.json` need the token when one is set."""

    def __init__(self, app: ASGIApp, token: str | None):
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.token is not None and scope["type"] == "http" and scope["path"] in DOC_PATHS:
            try:
                check_auth(HTTPConnection(scope), self.token)
            except StubError as exc:
                response = error_response(scope["path"], exc.status, exc.code, exc.message)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


_TOKEN_PARAM = re.compile(r"(?<=[?&])(token=)[^&#\s]*", re.IGNORECASE)


def redact(text: str) -> str:
    """`text` with every `token=` query value replaced by `***`."""
    return _TOKEN_PARAM.sub(r"\1***", text)


class _RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        elif isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


_REDACT = _RedactFilter()


def redact_access_logs(*loggers: Any) -> None:
    """Keep `?token=` values out of uvicorn's access and error logs."""
    for name in loggers or ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        if _REDACT not in logger.filters:
            logger.addFilter(_REDACT)
