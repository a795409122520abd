"""Reading what a client sent: bearer token, chat fields from query/JSON/form, size limits."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import HTTPConnection, Request

from backend_stub.config import Limits
from backend_stub.errors import StubError

ANONYMOUS = "anonymous"
_MAX_USER_ID = 128


@dataclass(frozen=True)
class ChatInput:
    """The fields every chat endpoint understands."""

    message: str
    user_id: str
    scenario: str | None


def check_auth(connection: HTTPConnection, token: str | None) -> None:
    """Require `Authorization: Bearer <token>` (or `?token=` where headers are awkward).

    Raises:
        StubError: 401 when a token is configured and the request lacks it.
    """
    if token is None:
        return
    header = connection.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer":
        given = connection.query_params.get("token", "")
    if not secrets.compare_digest(given.strip().encode(), token.encode()):
        raise StubError(401, "unauthorized", "missing or wrong bearer token")


async def read_body(request: Request, limits: Limits) -> bytes:
    """The request body, refused with 413 past `max_body_bytes` (checked while reading) and
    with 408 when it takes longer than `body_timeout_s` to arrive."""
    limit = limits.max_body_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isascii() and declared.isdigit() and int(declared[:16]) > limit:
        raise StubError(413, "body_too_large", f"request body over {limit} bytes")
    body = bytearray()
    try:
        async with asyncio.timeout(limits.body_timeout_s):
            async for piece in request.stream():
                body += piece
                if len(body) > limit:
                    raise StubError(413, "body_too_large", f"request body over {limit} bytes")
    except TimeoutError:
        raise StubError(
            408, "body_timeout", f"request body took over {limits.body_timeout_s:g} s"
        ) from None
    return bytes(body)


def parse_json_object(raw: bytes | str) -> dict[str, Any]:
    """Decode a JSON object, or raise a 400 saying what is wrong with it."""
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise StubError(400, "malformed_json", f"body is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise StubError(400, "malformed_json", "expected a JSON object")
    return value


async def read_fields(request: Request, limits: Limits) -> dict[str, Any]:
    """Query parameters, overlaid by a JSON or form body when there is one."""
    fields: dict[str, Any] = dict(request.query_params)
    if request.method in ("GET", "HEAD"):
        return fields
    body = await read_body(request, limits)
    if not body.strip():
        return fields
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/x-www-form-urlencoded":
        try:
            text = body.decode()
        except UnicodeDecodeError:
            raise StubError(400, "bad_encoding", "form body is not UTF-8") from None
        fields.update(parse_qsl(text, keep_blank_values=True))
    else:
        # wx.request sends JSON by default; anything else that parses as JSON is accepted too.
        fields.update(parse_json_object(body))
    return fields


def chat_input(fields: Mapping[str, Any], limits: Limits) -> ChatInput:
    """Validate `message`, `userId` and `scenario` from already-decoded fields."""
    message = fields.get("message")
    if not isinstance(message, str) or not message.strip():
        raise StubError(400, "missing_message", "'message' must be a non-empty string")
    _require_utf8(message, "message")
    size = len(message.encode("utf-8"))
    if size > limits.max_message_bytes:
        raise StubError(
            413, "message_too_large", f"message is {size} bytes, limit {limits.max_message_bytes}"
        )
    user_id = fields.get("userId", ANONYMOUS)
    if isinstance(user_id, int) and not isinstance(user_id, bool):
        user_id = str(user_id)
    if user_id is None or user_id == "":
        user_id = ANONYMOUS
    if not isinstance(user_id, str) or len(user_id) > _MAX_USER_ID:
        raise StubError(400, "bad_user_id", f"'userId' must be a string of at most {_MAX_USER_ID}")
    _require_utf8(user_id, "userId")
    scenario = fields.get("scenario")
    if scenario is not None and not isinstance(scenario, str):
        raise StubError(400, "bad_scenario", "'scenario' must be a string like 'tps=30,ttft_ms=0'")
    return ChatInput(message=message, user_id=user_id, scenario=scenario)


def _require_utf8(text: str, name: str) -> None:
    # JSON can carry lone surrogates ("\ud800"); nothing downstream could encode them.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise StubError(400, "bad_encoding", f"{name!r} is not valid Unicode text") from None
