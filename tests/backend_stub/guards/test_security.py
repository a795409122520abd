"""Attacks on identity and control: other users' replies, anonymous steering, leaked tokens."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import httpx
import pytest
from websockets.asyncio.client import connect

from backend_stub import EmbeddedStub, StubConfig, create_app
from backend_stub.guards.access import bind_policy, is_loopback, redact
from tests.backend_stub.conftest import FAST
from tests.helpers.timing import seconds


async def _start(http: httpx.AsyncClient, session: str | None, user: str | None) -> dict[str, str]:
    body: dict[str, str] = {"message": "secret plans", "scenario": FAST}
    if user is not None:
        body["userId"] = user
    params = {"sessionId": session} if session else {}
    response = await http.post("/api/chat/stream", params=params, json=body)
    assert response.status_code == 200, response.text
    data: dict[str, str] = response.json()["data"]
    return data


async def _poll(http: httpx.AsyncClient, **params: str) -> httpx.Response:
    return await http.get("/api/chat/poll", params=params)


async def test_a_guessable_session_is_not_readable_without_its_identity(
    client: httpx.AsyncClient,
) -> None:
    started = await _start(client, "victim1", "alice")
    for attack in ({}, {"userId": ""}, {"userId": "anonymous"}, {"sessionSecret": "guess"}):
        response = await _poll(client, sessionId="victim1", **attack)
        assert response.status_code == 403, (attack, response.text)
        assert response.json()["error"]["code"] in ("identity_required", "foreign_session")
    assert (await _poll(client, sessionId="victim1", userId="mallory")).status_code == 403
    # The creator gets in with its user id or the secret returned at start.
    assert (await _poll(client, sessionId="victim1", userId="alice")).status_code == 200
    secret = started["sessionSecret"]
    assert (await _poll(client, sessionId="victim1", sessionSecret=secret)).status_code == 200


async def test_a_session_id_the_stub_made_is_polled_by_its_id_alone(
    client: httpx.AsyncClient,
) -> None:
    generated = await _start(client, None, "alice")
    assert len(generated["sessionId"]) >= 22
    assert (await _poll(client, sessionId=generated["sessionId"])).status_code == 200
    # ...but naming another identity is refused even then.
    foreign = await _poll(client, sessionId=generated["sessionId"], userId="mallory")
    assert foreign.status_code == 403


async def test_an_anonymous_restart_cannot_take_over_a_named_session(
    client: httpx.AsyncClient,
) -> None:
    session = "hijack-" + "x" * 30
    await _start(client, session, "alice")
    response = await client.post(
        "/api/chat/stream", params={"sessionId": session}, json={"message": "mine now"}
    )
    assert response.status_code == 403


async def test_reply_ids_are_unguessable_and_trace_refuses_another_user(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/api/chat/send", json={"message": "m", "userId": "alice", "scenario": FAST}
    )
    reply_id = response.json()["data"]["replyId"]
    assert len(reply_id) == 33  # "r" + 128 bits in hex
    foreign = await client.get(f"/api/debug/trace/{reply_id}", params={"userId": "mallory"})
    assert foreign.status_code == 403 and foreign.json()["error"]["code"] == "foreign_reply"
    own = await client.get(f"/api/debug/trace/{reply_id}", params={"userId": "alice"})
    assert own.status_code == 200


async def test_ws_resume_by_another_user_gets_no_chunk(stub: EmbeddedStub) -> None:
    url = stub.ws_url + "/ws/chat?framing=envelope"
    async with connect(url) as ws:
        await ws.send(json.dumps({"message": "m", "userId": "alice", "scenario": FAST}))
        reply_id = json.loads(await ws.recv())["replyId"]
    async with connect(url) as thief:
        await thief.send(json.dumps({"type": "resume", "replyId": reply_id, "userId": "bob"}))
        frame = json.loads(await thief.recv())
    assert frame["type"] == "error" and frame["code"] == "foreign_reply"


async def test_debug_endpoints_want_the_token_and_validate(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    stub = make_stub(token="t0k")
    auth = {"Authorization": "Bearer t0k"}
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
        anonymous = await http.put("/api/debug/scenario", json={"scenario": "status=503"})
        assert anonymous.status_code == 401
        huge = await http.put(
            "/api/debug/scenario", json={"scenario": "length=10000000"}, headers=auth
        )
        assert huge.status_code == 400 and huge.json()["error"]["code"] == "bad_scenario"
        for path in ("/api/debug/stats", "/api/debug/scenario"):
            assert (await http.get(path)).status_code == 401
        chat = await http.post("/api/chat/send", json={"message": "m"}, headers=auth)
        assert chat.status_code == 200  # the refused default changed nothing


async def test_debug_endpoints_answer_only_loopback_clients() -> None:
    app = create_app(StubConfig(host="0.0.0.0", token="t0k"))
    auth = {"Authorization": "Bearer t0k"}
    remote = httpx.ASGITransport(app=app, client=("192.0.2.7", 40000))
    async with httpx.AsyncClient(transport=remote, base_url="http://stub") as http:
        response = await http.put("/api/debug/scenario", json={"scenario": ""}, headers=auth)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "debug_loopback_only"
    local = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
    async with httpx.AsyncClient(transport=local, base_url="http://stub") as http:
        response = await http.put("/api/debug/scenario", json={"scenario": ""}, headers=auth)
        assert response.status_code == 200


@pytest.mark.parametrize("path", ["/docs", "/openapi.json", "/redoc"])
async def test_api_docs_want_the_token(make_stub: Callable[..., EmbeddedStub], path: str) -> None:
    stub = make_stub(token="t0k")
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
        refused = await http.get(path)
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
        assert (await http.get(path, params={"token": "t0k"})).status_code == 200


async def test_the_token_never_reaches_the_access_log(
    make_stub: Callable[..., EmbeddedStub], caplog: pytest.LogCaptureFixture
) -> None:
    stub = make_stub(token="s3cr3t-value")
    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
            await http.get("/api/debug/stats", params={"token": "s3cr3t-value", "x": "1"})
            await http.get("/api/debug/stats", params={"token": "wrong"})
    lines = [record.getMessage() for record in caplog.records if record.name == "uvicorn.access"]
    assert lines and all("token=***" in line for line in lines)
    assert not any("s3cr3t" in line or "wrong" in line for line in lines)


def test_redact_hides_every_token_value() -> None:
    assert (
        redact("GET /ws/chat?framing=raw&token=abc&x=1") == "GET /ws/chat?framing=raw&token=***&x=1"
    )
    assert redact("/a?TOKEN=abc") == "/a?TOKEN=***"
    assert redact("/a?mytoken=abc") == "/a?mytoken=abc"


@pytest.mark.parametrize(
    ("param", "value"), [("cursor", "²"), ("wait_ms", "²"), ("cursor", "١٢"), ("wait_ms", "1" * 40)]
)
async def test_non_ascii_digits_are_a_400_with_a_reason(
    client: httpx.AsyncClient, param: str, value: str
) -> None:
    session = (await _start(client, None, "u"))["sessionId"]
    response = await _poll(client, sessionId=session, **{param: value})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_param"


def test_binding_beyond_loopback_requires_a_token() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    token, warning = bind_policy("127.0.0.1", None)
    assert token is None and warning is None
    token, warning = bind_policy("0.0.0.0", None)
    assert token and len(token) >= 20 and warning and token in warning
    token, warning = bind_policy("0.0.0.0", "mine")
    assert token == "mine" and warning and "mine" not in warning


def test_an_embedded_stub_beyond_loopback_needs_a_token() -> None:
    with pytest.raises(ValueError, match="token"):
        EmbeddedStub(StubConfig()).start(host="0.0.0.0")
