"""Debug endpoints: per-chunk emission trace, the default scenario, counters, health."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from backend_stub.errors import StubError
from backend_stub.guards.access import check_control, check_debug, check_reply_reader
from backend_stub.guards.inputs import check_auth, parse_json_object, read_body
from backend_stub.routes.eager import EagerSender
from backend_stub.state import stub_state

router = APIRouter()


@router.get("/api/health")
async def health(request: Request) -> JSONResponse:
    """Liveness; never needs the token."""
    return JSONResponse({"success": True, "data": {"status": "ok"}})


@router.get("/api/debug/trace/{reply_id}")
async def trace(reply_id: str, request: Request) -> JSONResponse:
    """Every chunk of a reply with its emission stamp (`time.monotonic()` seconds)."""
    state = stub_state(request)
    check_auth(request, state.config.token)
    reply = state.replies.get(reply_id)
    if reply is None:
        raise StubError(404, "unknown_reply", f"no reply {reply_id!r} (expired or never made)")
    check_reply_reader(reply, request.query_params.get("userId"))
    body = {
        "replyId": reply.reply_id,
        "userId": reply.user_id,
        "text": reply.plan.text,
        "complete": reply.complete,
        "error": None
        if reply.error is None
        else {"code": reply.error[0], "message": reply.error[1]},
        "startedAt": reply.started_at,
        "finishedAt": reply.finished_at,
        "scenario": reply.scenario.spec(),
        "chunks": [
            {"seq": c.seq, "text": c.text, "emittedAt": c.emitted_at, "dueAt": c.due_at}
            for c in reply.chunks
        ],
    }
    return JSONResponse(body)


@router.get("/api/debug/scenario")
async def get_scenario(request: Request) -> JSONResponse:
    state = stub_state(request)
    check_debug(request, state.config)
    return JSONResponse({"success": True, "data": {"scenario": state.default_scenario.spec()}})


@router.put("/api/debug/scenario")
async def put_scenario(request: Request) -> JSONResponse:
    """Switch the default scenario of a running stub: body `{"scenario": "tps=50,..."}`;
    wants the control token."""
    state = stub_state(request)
    check_control(request, state.config, state.control_token)
    body = parse_json_object(await read_body(request, state.limits))
    spec = body.get("scenario")
    if not isinstance(spec, str):
        raise StubError(400, "bad_scenario", "'scenario' must be a string ('' for the defaults)")
    state.set_default_scenario(spec)
    return JSONResponse({"success": True, "data": {"scenario": state.default_scenario.spec()}})


@router.get("/api/debug/stats")
async def stats(request: Request) -> JSONResponse:
    """How many replies and sessions the stub holds (to check that nothing piles up)."""
    state = stub_state(request)
    check_debug(request, state.config)
    state.sweep()
    data = {
        "replies": len(state.replies),
        "heldChars": state.replies.held_chars,
        "sessions": len(state.sessions),
        "scheduled": len(state.scheduler),
        "parkedSends": EagerSender.parked_total,
        "slowReaders": EagerSender.slow_readers_total,
        "tickYields": state.scheduler.yields,
        "clientsGone": state.clients_gone,
    }
    return JSONResponse({"success": True, "data": data})
