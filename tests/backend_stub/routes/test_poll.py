"""Polling (start + poll, cursor, long-poll, sessions) and the sync reply."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import httpx
import pytest

from backend_stub import EmbeddedStub, Limits
from tests.backend_stub.conftest import FAST, trace
from tests.helpers.timing import seconds
from tests.helpers.waits import until_async


def _sid(name: str) -> str:
    """A client-chosen session id: polled with its userId (it is a name, not a secret)."""
    return f"{name}-{uuid.uuid4().hex}"


FULL, CURSOR, WAIT, OWNED, ERROR = (_sid(n) for n in ("full", "cursor", "wait", "own", "err"))


async def _start(client: httpx.AsyncClient, session: str, user: str, scenario: str) -> str:
    response = await client.post(
        "/api/chat/stream",
        params={"sessionId": session},
        json={"message": "hi", "userId": user, "scenario": scenario},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["success"] is True and body["data"]["sessionId"] == session
    assert response.headers["x-reply-id"] == body["data"]["replyId"]
    reply_id: str = body["data"]["replyId"]
    return reply_id


async def test_poll_without_cursor_returns_everything_so_far_until_complete(
    client: httpx.AsyncClient,
) -> None:
    reply_id = await _start(client, FULL, "u1", "ttft_ms=0,tps=400,jitter_ms=0")
    seen: list[str] = []
    for _ in range(1000):  # long-polls: each returns on news or completion
        data = (
            await client.get(
                "/api/chat/poll", params={"sessionId": FULL, "userId": "u1", "wait_ms": 2000}
            )
        ).json()["data"]
        assert data["content"].startswith(seen[-1] if seen else "")
        seen.append(data["content"])
        if data["complete"]:
            break
    assert data["complete"] is True and data["replyId"] == reply_id
    assert seen[-1] == (await trace(client, reply_id))["text"]
    assert len(seen) > 2  # it really streamed in steps


async def test_cursor_returns_only_what_is_new(client: httpx.AsyncClient) -> None:
    reply_id = await _start(client, CURSOR, "u1", "ttft_ms=0,tps=400,jitter_ms=0")
    cursor, parts = 0, []
    for _ in range(1000):
        response = await client.get(
            "/api/chat/poll",
            params={"sessionId": CURSOR, "userId": "u1", "cursor": cursor, "wait_ms": 2000},
        )
        data = response.json()["data"]
        parts.append(data["content"])
        assert data["cursor"] == cursor + len(data["content"])
        cursor = data["cursor"]
        if data["complete"]:
            break
    assert "".join(parts) == (await trace(client, reply_id))["text"]


async def test_long_poll_times_out_with_nothing_new(client: httpx.AsyncClient) -> None:
    await _start(client, WAIT, "u1", "ttft_ms=60000")
    response = await client.get(
        "/api/chat/poll", params={"sessionId": WAIT, "userId": "u1", "cursor": 0, "wait_ms": 50}
    )
    assert response.json()["data"] == {
        "content": "",
        "complete": False,
        "cursor": 0,
        "replyId": response.headers["x-reply-id"],
    }


async def test_unknown_and_foreign_sessions(client: httpx.AsyncClient) -> None:
    await _start(client, OWNED, "alice", FAST)
    unknown = await client.get("/api/chat/poll", params={"sessionId": "never-started"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_session"
    foreign = await client.get("/api/chat/poll", params={"sessionId": OWNED, "userId": "bob"})
    assert foreign.status_code == 403 and foreign.json()["error"]["code"] == "foreign_session"
    steal = await client.post(
        "/api/chat/stream",
        params={"sessionId": OWNED},
        json={"message": "x", "userId": "bob"},
    )
    assert steal.status_code == 403


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "missing_session_id"),
        ({"sessionId": OWNED, "userId": "alice", "cursor": "-1"}, "bad_param"),
        ({"sessionId": OWNED, "userId": "alice", "cursor": "abc"}, "bad_param"),
        ({"sessionId": OWNED, "userId": "alice", "wait_ms": "999999"}, "bad_param"),
        ({"sessionId": OWNED, "userId": "alice", "cursor": "99999999"}, "bad_cursor"),
    ],
)
async def test_bad_poll_parameters_are_400(
    client: httpx.AsyncClient, params: dict[str, str], code: str
) -> None:
    await _start(client, OWNED, "alice", FAST)
    response = await client.get("/api/chat/poll", params=params)
    assert response.status_code == 400 and response.json()["error"]["code"] == code


async def test_start_without_session_id_generates_one(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/chat/stream", json={"message": "x", "scenario": FAST})
    session = response.json()["data"]["sessionId"]
    poll = await client.get("/api/chat/poll", params={"sessionId": session})
    assert poll.status_code == 200


async def test_error_at_makes_the_poll_answer_502(client: httpx.AsyncClient) -> None:
    await _start(client, ERROR, "u", FAST + ",error_at=2")
    for _ in range(100):
        response = await client.get(
            "/api/chat/poll", params={"sessionId": ERROR, "userId": "u", "wait_ms": 1000}
        )
        if response.status_code != 200:
            break
    assert response.status_code == 502 and response.json()["error"]["code"] == "upstream_error"


async def test_sync_send_returns_the_whole_reply_after_generation(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/api/chat/send", json={"message": "hi", "userId": "u", "scenario": "ttft_ms=30,tps=2000"}
    )
    body = response.json()
    recorded = await trace(client, body["data"]["replyId"])
    assert body["data"]["content"] == recorded["text"] and recorded["complete"] is True
    assert response.headers["x-reply-id"] == body["data"]["replyId"]
    # It waited for the generation: the last chunk was emitted before the answer.
    assert recorded["finishedAt"] >= recorded["startedAt"] + 0.03  # type: ignore[operator]


async def test_sessions_expire_and_do_not_pile_up(make_stub: Callable[..., EmbeddedStub]) -> None:
    ttl = seconds(0.3)
    stub = make_stub(limits=Limits(session_ttl_s=ttl, max_sessions=3, sweep_interval_s=0.05))
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(5)) as http:
        for i in range(3):
            await _start(http, f"s{i}", "u", FAST)
        full = await http.post(
            "/api/chat/stream", params={"sessionId": "s3"}, json={"message": "x"}
        )
        assert full.status_code == 429

        async def swept() -> bool:  # stats touch no session (a poll might keep one alive)
            return bool((await http.get("/api/debug/stats")).json()["data"]["sessions"] == 0)

        await until_async(swept)  # past the TTL, the sweep drops them all
        gone = await http.get("/api/chat/poll", params={"sessionId": "s0"})
        assert gone.status_code == 404
        await _start(http, "s4", "u", FAST)


async def test_finished_replies_expire(make_stub: Callable[..., EmbeddedStub]) -> None:
    stub = make_stub(limits=Limits(reply_ttl_s=0.05, sweep_interval_s=0.05))
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(5)) as http:
        reply_id = (
            await http.post("/api/chat/send", json={"message": "x", "scenario": FAST})
        ).json()["data"]["replyId"]

        async def swept() -> bool:
            return bool((await http.get("/api/debug/stats")).json()["data"]["replies"] == 0)

        await until_async(swept)  # past the TTL, the sweep drops it
        assert (await http.get(f"/api/debug/trace/{reply_id}")).status_code == 404
