"""Bad input and authentication: always a 4xx with a JSON reason, never a crash."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from backend_stub import EmbeddedStub
from tests.backend_stub.conftest import FAST
from tests.helpers.timing import seconds

CHAT_POSTS = ["/api/chat/send", "/api/chat/stream", "/api/chat/sse", "/api/chat/miniapp-stream"]


@pytest.mark.parametrize("path", CHAT_POSTS)
@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{nope", "malformed_json"),
        (b"[]", "malformed_json"),
        (b'{"userId": "u"}', "missing_message"),
        (b'{"message": "   "}', "missing_message"),
        (b'{"message": 5}', "missing_message"),
        (b'{"message": "x", "userId": {"a": 1}}', "bad_user_id"),
        (b'{"message": "x", "scenario": 7}', "bad_scenario"),
        (b'{"message": "x", "scenario": "warp=9"}', "bad_scenario"),
        (b'{"message": "\\ud800"}', "bad_encoding"),
    ],
)
async def test_bad_bodies_get_400_with_json_reason(
    client: httpx.AsyncClient, path: str, body: bytes, code: str
) -> None:
    response = await client.post(path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.json() == {
        "success": False,
        "error": {"code": code, "message": response.json()["error"]["message"]},
    }


@pytest.mark.parametrize("path", CHAT_POSTS)
async def test_oversized_message_and_body_get_413(client: httpx.AsyncClient, path: str) -> None:
    big_message = await client.post(path, json={"message": "字" * 6000})
    assert big_message.status_code == 413
    assert big_message.json()["error"]["code"] == "message_too_large"
    big_body = await client.post(path, content=b"x" * 300_000)
    assert big_body.status_code == 413 and big_body.json()["error"]["code"] == "body_too_large"


async def test_reply_length_over_the_limit_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/chat/send", json={"message": "x", "scenario": "length=900000"}
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_scenario"


async def test_unknown_routes_and_methods_answer_json(client: httpx.AsyncClient) -> None:
    missing = await client.get("/api/nothing-here")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = await client.delete("/api/chat/send")
    assert wrong.status_code == 405 and wrong.json()["success"] is False
    openai = await client.get("/v1/chat/completions")
    assert openai.status_code == 405 and "message" in openai.json()["error"]


async def test_bad_session_id_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/chat/stream", params={"sessionId": "a b/c"}, json={"message": "x"}
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_session_id"


async def test_put_scenario_rejects_bad_specs(
    client: httpx.AsyncClient, stub: EmbeddedStub
) -> None:
    auth = {"Authorization": f"Bearer {stub.control_token}"}
    response = await client.put("/api/debug/scenario", json={"scenario": "tps=-3"}, headers=auth)
    assert response.status_code == 400 and "tps" in response.json()["error"]["message"]


async def test_token_guards_every_endpoint(make_stub: Callable[..., EmbeddedStub]) -> None:
    stub = make_stub(token="s3cret")
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(5)) as http:
        for path in CHAT_POSTS:
            refused = await http.post(path, json={"message": "x", "scenario": FAST})
            assert refused.status_code == 401, path
            assert refused.json()["error"]["code"] == "unauthorized"
            assert refused.headers["www-authenticate"] == "Bearer"
        wrong = await http.post(
            "/api/chat/send", json={"message": "x"}, headers={"Authorization": "Bearer nope"}
        )
        assert wrong.status_code == 401
        openai = await http.post("/v1/chat/completions", json={})
        assert (
            openai.status_code == 401 and openai.json()["error"]["type"] == "authentication_error"
        )
        ok = await http.post(
            "/api/chat/send",
            json={"message": "x", "scenario": FAST},
            headers={"Authorization": "Bearer s3cret"},
        )
        assert ok.status_code == 200
        assert (await http.get("/api/health")).status_code == 200  # liveness stays open
    with pytest.raises(InvalidStatus) as caught:
        async with connect(stub.ws_url + "/ws/chat"):
            pass
    assert caught.value.response.status_code == 401
    async with connect(
        stub.ws_url + "/ws/chat?framing=envelope",
        additional_headers={"Authorization": "Bearer s3cret"},
    ) as ws:
        await ws.send(json.dumps({"message": "x", "scenario": FAST}))
        assert json.loads(await ws.recv())["type"] == "start"
    async with connect(stub.ws_url + "/ws/chat?framing=envelope&token=s3cret") as ws:
        await ws.send(json.dumps({"message": "x", "scenario": FAST}))
        assert json.loads(await ws.recv())["type"] == "start"
