"""Errors as JSON: `{"success": false, "error": {code, message}}`, or OpenAI's shape under /v1."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from uvicorn.protocols.utils import ClientDisconnected


class StubError(Exception):
    """A request the stub refuses or a scenario's error status; becomes a JSON error body."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class DeliberateDrop(ClientDisconnected):
    """Raised by a handler to cut its connection without a goodbye (scenario `drop_after`).

    uvicorn closes the transport after flushing what was written; the WebSocket peer sees
    1006, an HTTP peer an unfinished chunked body. `quiet_deliberate_drops` keeps it out of
    the error log.
    """


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"success": False, "error": {"code": code, "message": message}}


def openai_error_body(code: str, message: str, status: int) -> dict[str, Any]:
    kind = "invalid_request_error" if status < 500 else "server_error"
    if status == 401:
        kind = "authentication_error"
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


def error_response(request_path: str, status: int, code: str, message: str) -> JSONResponse:
    if request_path.startswith("/v1/"):
        body = openai_error_body(code, message, status)
    else:
        body = error_body(code, message)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI, on_client_gone: Callable[[], None]) -> None:
    """Route every error the app can raise to a JSON body (no HTML, no bare strings).

    A client that leaves while its request body is being read is no fault of the stub's:
    `on_client_gone` counts it, and nothing is logged.
    """

    async def on_stub_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StubError)
        return error_response(request.url.path, exc.status, exc.code, exc.message)

    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(request.url.path, exc.status_code, code, str(exc.detail))

    async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        return error_response(
            request.url.path, 400, "bad_request", f"{where}: {first.get('msg', 'invalid')}"
        )

    async def on_disconnect(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ClientDisconnect)
        on_client_gone()
        return Response(status_code=400)  # uvicorn drops a response to a closed connection

    app.add_exception_handler(StubError, on_stub_error)
    app.add_exception_handler(ClientDisconnect, on_disconnect)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)


class _DropFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, DeliberateDrop)


_FILTER = _DropFilter()


LOST_PEER_WRITE = "socket.send() raised exception."
"""asyncio's warning for a write to a transport whose peer is gone, before `connection_lost`
has run: the stub's writers learn of it on the next loop turn (uvicorn then raises
`ClientDisconnected`), so a client leaving mid-stream is worth no line per frame."""


class _LostPeerFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != LOST_PEER_WRITE


_LOST_PEER_FILTER = _LostPeerFilter()


def quiet_lost_peer_writes() -> None:
    logger = logging.getLogger("asyncio")
    if _LOST_PEER_FILTER not in logger.filters:
        logger.addFilter(_LOST_PEER_FILTER)


def quiet_deliberate_drops() -> None:
    """uvicorn logs an exception that ends an HTTP response; a scripted drop is not one."""
    logger = logging.getLogger("uvicorn.error")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
