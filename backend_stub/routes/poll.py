"""The seed's polling pair (start in the background, poll for progress) and the sync reply."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from backend_stub.errors import StubError
from backend_stub.guards.access import client_host
from backend_stub.guards.inputs import chat_input, check_auth, read_fields
from backend_stub.replies.inflight import Reply
from backend_stub.replies.sessions import check_session_id
from backend_stub.state import stub_state

router = APIRouter()

MAX_WAIT_MS = 30_000


def _int_param(raw: str | None, name: str, high: int) -> int | None:
    if raw is None:
        return None
    # isdigit() alone accepts '²' and other non-ASCII digits, which int() then refuses.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12 or int(raw) > high:
        raise StubError(400, "bad_param", f"{name!r} must be an integer between 0 and {high}")
    return int(raw)


def _reply_failed(reply: Reply) -> StubError:
    code, message = reply.error or ("upstream_error", "the reply failed")
    return StubError(502, code, message)


@router.post("/api/chat/stream")
async def start_stream(request: Request) -> JSONResponse:
    """Start a reply in the background for polling: `{success, data: {sessionId, replyId}}`."""
    state = stub_state(request)
    check_auth(request, state.config.token)
    session_id, unguessable = check_session_id(request.query_params.get("sessionId"))
    fields = await read_fields(request, state.limits)
    chat = chat_input(fields, state.limits)
    secret = _secret(fields.get("sessionSecret"))
    scenario = state.scenario_for(chat.scenario)
    state.sessions.check_owner(session_id, chat.user_id, secret)
    reply = state.start_reply(chat.message, chat.user_id, scenario, client_host(request))
    session = state.sessions.start(
        session_id, chat.user_id, reply, unguessable=unguessable, secret=secret
    )
    data = {"sessionId": session_id, "replyId": reply.reply_id, "sessionSecret": session.secret}
    return JSONResponse({"success": True, "data": data}, headers={"X-Reply-Id": reply.reply_id})


def _secret(raw: object) -> str | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or len(raw) > 128:
        raise StubError(400, "bad_param", "'sessionSecret' must be the string start returned")
    return raw


@router.get("/api/chat/poll")
async def poll(request: Request) -> JSONResponse:
    """Progress of a session's reply, as the seed: `{success, data: {content, complete}}`.

    Without `cursor` the whole text so far; with `cursor=N` only what follows character N.
    `wait_ms=M` holds the answer until something new arrives, the reply ends, or M ms pass.
    """
    state = stub_state(request)
    check_auth(request, state.config.token)
    params = request.query_params
    session_id = params.get("sessionId")
    if not session_id:
        raise StubError(400, "missing_session_id", "'sessionId' is required")
    cursor = _int_param(params.get("cursor"), "cursor", 10**9)
    wait_ms = _int_param(params.get("wait_ms"), "wait_ms", MAX_WAIT_MS)
    session = state.sessions.poll(
        session_id, params.get("userId") or None, _secret(params.get("sessionSecret"))
    )
    reply = session.reply
    reply.touch()
    if cursor is not None and cursor > reply.char_count:
        raise StubError(400, "bad_cursor", f"cursor {cursor} is past the {reply.char_count} chars")
    if wait_ms and not reply.finished:
        seen = reply.char_count if cursor is None else cursor
        if reply.char_count <= seen:
            await reply.wait_change(wait_ms / 1000.0)
    if reply.error is not None:
        raise _reply_failed(reply)
    content = reply.content
    if cursor is not None:
        content = content[cursor:]
    return JSONResponse(
        {
            "success": True,
            "data": {
                "content": content,
                "complete": reply.complete,
                "cursor": reply.char_count,
                "replyId": reply.reply_id,
            },
        },
        headers={"X-Reply-Id": reply.reply_id},
    )


@router.post("/api/chat/send")
async def send(request: Request) -> JSONResponse:
    """The whole reply at once, after it was generated at the scenario's pace."""
    state = stub_state(request)
    check_auth(request, state.config.token)
    chat = chat_input(await read_fields(request, state.limits), state.limits)
    reply = state.start_reply(
        chat.message, chat.user_id, state.scenario_for(chat.scenario), client_host(request)
    )
    await reply.wait_finished()
    if reply.error is not None:
        raise _reply_failed(reply)
    return JSONResponse(
        {"success": True, "data": {"content": reply.content, "replyId": reply.reply_id}},
        headers={"X-Reply-Id": reply.reply_id},
    )
