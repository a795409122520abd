"""`POST /v1/chat/completions`, OpenAI-compatible (streaming and not), so LLM clients work."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.responses import Response

from backend_stub.errors import StubError
from backend_stub.guards.access import client_host
from backend_stub.guards.inputs import (
    ANONYMOUS,
    chat_input,
    check_auth,
    parse_json_object,
    read_body,
)
from backend_stub.routes.streaming import StreamedReply
from backend_stub.state import stub_state
from backend_stub.wire.framing import OpenAIFramer

router = APIRouter()


def _last_user_text(messages: Any) -> str:
    if not isinstance(messages, list) or not messages:
        raise StubError(400, "bad_messages", "'messages' must be a non-empty list")
    for item in reversed(messages):
        if not isinstance(item, dict):
            raise StubError(400, "bad_messages", "each message must be an object")
        if item.get("role") != "user":
            continue
        content = item.get("content")
        if isinstance(content, str):
            return content
        if isinstance(content, list):  # content parts: keep the text ones
            texts = [
                p.get("text") for p in content if isinstance(p, dict) and p.get("type") == "text"
            ]
            if all(isinstance(t, str) for t in texts) and texts:
                return "".join(t for t in texts if isinstance(t, str))
        raise StubError(400, "bad_messages", "a user message needs string or text-part content")
    raise StubError(400, "bad_messages", "no message with role 'user'")


def _include_usage(body: dict[str, Any]) -> bool:
    """`stream_options.include_usage` (OpenAI: a usage chunk before `[DONE]`)."""
    options = body.get("stream_options")
    if options is None:
        return False
    if not isinstance(options, dict) or not isinstance(options.get("include_usage", False), bool):
        raise StubError(
            400, "bad_stream_options", "'stream_options.include_usage' must be a boolean"
        )
    return bool(options.get("include_usage", False))


@router.get("/v1/models")
async def models(request: Request) -> Response:
    """The one model the stub serves (OpenAI clients and our probe ask for the list first)."""
    state = stub_state(request)
    check_auth(request, state.config.token)
    model = {"id": "stub", "object": "model", "created": 0, "owned_by": "wx-stream-sim"}
    return JSONResponse({"object": "list", "data": [model]})


@router.post("/v1/chat/completions")
async def chat_completions(request: Request) -> Response:
    """A chat completion of the last user message; `stream: true` gives chunk events."""
    state = stub_state(request)
    check_auth(request, state.config.token)
    body = parse_json_object(await read_body(request, state.limits))
    model = body.get("model", "stub")
    if not isinstance(model, str):
        raise StubError(400, "bad_model", "'model' must be a string")
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise StubError(400, "bad_stream", "'stream' must be a boolean")
    fields = {
        "message": _last_user_text(body.get("messages")),
        "userId": body.get("user", ANONYMOUS),
        "scenario": request.query_params.get("scenario", body.get("scenario")),
    }
    chat = chat_input(fields, state.limits)
    reply = state.start_reply(
        chat.message, chat.user_id, state.scenario_for(chat.scenario), client_host(request)
    )
    prompt_tokens = max(1, len(chat.message) // 2)
    if stream:
        usage = prompt_tokens if _include_usage(body) else None
        framer = OpenAIFramer(model, usage_prompt_tokens=usage)
        return StreamedReply(
            reply,
            framer,
            max_backlog=state.limits.max_backlog_bytes,
            max_stall_s=state.limits.slow_reader_s,
        )
    await reply.wait_finished()
    if reply.error is not None:
        raise StubError(502, *reply.error)
    tokens = reply.emitted_count * reply.scenario.chunk_tokens
    return JSONResponse(
        {
            "id": "chatcmpl-" + reply.reply_id,
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": reply.content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": tokens,
                "total_tokens": prompt_tokens + tokens,
            },
        },
        headers={"X-Reply-Id": reply.reply_id},
    )
