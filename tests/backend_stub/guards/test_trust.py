"""What the stub believes: forwarding headers, who spends which budget, session ids, control.

Each test here failed on the stub before issue 28: a loopback `X-Forwarded-For` reset the
per-client cap, one user's replies locked out every user on the same address until they
ended, a long client-chosen session id was readable anonymously, and any local process could
switch the default scenario.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest
from websockets.asyncio.client import connect

from backend_stub import EmbeddedStub, Limits, StubConfig
from backend_stub.guards.proxy import ProxyTrust
from tests.backend_stub.conftest import FAST
from tests.helpers.timing import seconds
from tests.helpers.waits import until_async

SLOW = "ttft_ms=60000,length=100"
"""A reply that stays in flight for the whole test."""


async def _start(http: httpx.AsyncClient, user: str | None = None, **headers: str) -> int:
    body = {"message": "m", "scenario": SLOW} | ({"userId": user} if user else {})
    response = await http.post("/api/chat/stream", json=body, headers=headers)
    return response.status_code


# --- forwarding headers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        {"X-Forwarded-For": "203.0.113.9"},
        {"Forwarded": "for=203.0.113.9;proto=http"},
        {"X-Forwarded-For": "198.51.100.1, 203.0.113.9"},
    ],
)
async def test_forwarding_headers_from_loopback_do_not_reset_the_budget(
    make_stub: Callable[..., EmbeddedStub], header: dict[str, str]
) -> None:
    stub = make_stub(limits=Limits(max_client_replies=1))
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
        assert await _start(http) == 200
        assert await _start(http, **header) == 429  # still this address's budget


async def test_a_trusted_proxy_names_the_client(make_stub: Callable[..., EmbeddedStub]) -> None:
    stub = make_stub(limits=Limits(max_client_replies=1), trust_proxy=("127.0.0.1",))
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
        assert await _start(http, **{"X-Forwarded-For": "203.0.113.9"}) == 200
        assert await _start(http, **{"X-Forwarded-For": "203.0.113.9"}) == 429
        assert await _start(http, **{"Forwarded": 'for="[2001:db8::7]:4711"'}) == 200
        assert await _start(http) == 200  # the proxy's own address is a client of its own


def test_the_client_is_the_rightmost_untrusted_hop() -> None:
    trust = ProxyTrust.parse("127.0.0.1, 10.0.0.0/8")
    chain = [(b"x-forwarded-for", b"203.0.113.9, 198.51.100.1, 10.1.2.3")]
    assert trust.client_of("127.0.0.1", chain) == "198.51.100.1"
    assert trust.client_of("192.0.2.1", chain) is None  # an untrusted peer speaks for itself
    assert trust.client_of("127.0.0.1", [(b"forwarded", b"for=10.0.0.1, for=10.0.0.2")]) == (
        "10.0.0.1"
    )
    assert ProxyTrust.parse("").client_of("127.0.0.1", chain) is None
    with pytest.raises(ValueError, match="not an address"):
        ProxyTrust.parse("localhost")


# --- budgets per identity ---------------------------------------------------------------------


async def test_one_users_budget_is_not_another_users(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    stub = make_stub(limits=Limits(max_client_replies=2))
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
        assert [await _start(http, "mallory") for _ in range(3)] == [200, 200, 429]
        # Same address, other identities: no lock-out.
        assert await _start(http, "alice") == 200
        assert await _start(http) == 200  # anonymous: the address's own budget


async def test_one_address_naming_many_users_gets_its_share_only(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    stub = make_stub(limits=Limits(max_replies=8, max_address_share=0.5))
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
        codes = [await _start(http, f"sock-puppet-{i}") for i in range(5)]
    assert codes == [200, 200, 200, 200, 429]


async def test_a_user_that_stops_gets_its_budget_back_within_the_window(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    stub = make_stub(limits=Limits(max_client_replies=1, abandon_after_s=0.5))
    frame = json.dumps({"message": "m", "userId": "alice", "scenario": SLOW})
    async with connect(stub.ws_url + "/ws/chat?framing=envelope") as ws:
        await ws.send(frame)
        reply_id = json.loads(await ws.recv())["replyId"]
    # The socket is closed; its reply would stay in flight for a minute, resumable.
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
        codes: list[int] = []

        async def admitted() -> bool:
            codes.append(await _start(http, "alice"))
            return codes[-1] == 200

        await until_async(admitted)  # the abandoned reply gives its slot back
        assert codes[-1] == 200, codes
        trace = (await http.get(f"/api/debug/trace/{reply_id}")).json()
    assert trace["error"]["code"] == "abandoned"


async def test_a_reply_someone_reads_is_never_abandoned(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    stub = make_stub(limits=Limits(max_client_replies=1, abandon_after_s=0.2))
    params = {"message": "m", "userId": "alice", "scenario": "ttft_ms=0,tps=10,length=12"}
    async with (
        httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http,
        http.stream("GET", "/api/chat/sse", params=params) as response,
    ):
        refused = 0
        async for _ in response.aiter_raw():
            # While the stream is read, the budget stays spent: the window is no time limit.
            refused += await _start(http, "alice") == 429
    assert refused >= 1


# --- session ids --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "session_id",
    [
        "0f8fad5b-d9cb-469f-a165-70867728950e",  # a UUID: random or not, the stub cannot tell
        "s-1733500000000-1-abcdefgh",  # 27 characters, time-based (issue 28)
        "x" * 128,
    ],
)
async def test_a_client_chosen_session_id_is_no_capability(
    client: httpx.AsyncClient, session_id: str
) -> None:
    body = {"message": "m", "userId": "alice", "scenario": FAST}
    started = await client.post("/api/chat/stream", params={"sessionId": session_id}, json=body)
    assert started.status_code == 200
    anonymous = await client.get("/api/chat/poll", params={"sessionId": session_id})
    assert anonymous.status_code == 403
    assert anonymous.json()["error"]["code"] == "identity_required"
    owner = {"sessionId": session_id, "userId": "alice"}
    assert (await client.get("/api/chat/poll", params=owner)).status_code == 200


async def test_the_stubs_own_session_id_is_a_capability(client: httpx.AsyncClient) -> None:
    body = {"message": "m", "userId": "alice", "scenario": FAST}
    started = (await client.post("/api/chat/stream", json=body)).json()["data"]
    poll = await client.get("/api/chat/poll", params={"sessionId": started["sessionId"]})
    assert poll.status_code == 200


# --- control -------------------------------------------------------------------------------------


async def test_control_wants_the_per_run_token_even_from_loopback(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    stub = make_stub()
    change = {"scenario": "status=503"}
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
        anonymous = await http.put("/api/debug/scenario", json=change)
        assert anonymous.status_code == 401
        assert anonymous.json()["error"]["code"] == "control_token_required"
        wrong = await http.put(
            "/api/debug/scenario", json=change, headers={"Authorization": "Bearer guess"}
        )
        assert wrong.status_code == 401
        assert (
            await http.post("/api/chat/send", json={"message": "m", "scenario": FAST})
        ).status_code == 200
        # Reading stays open (the probe recognises the stub by it); changing takes the token.
        assert (await http.get("/api/debug/scenario")).status_code == 200
        auth = {"Authorization": f"Bearer {stub.control_token}"}
        assert (await http.put("/api/debug/scenario", json=change, headers=auth)).status_code == 200
        assert (await http.post("/api/chat/send", json={"message": "m"})).status_code == 503


def test_every_run_has_its_own_control_token() -> None:
    first, second = EmbeddedStub(), EmbeddedStub()
    assert len(first.control_token) >= 32 and first.control_token != second.control_token
    assert EmbeddedStub(StubConfig(token="t0k")).control_token == "t0k"


def test_an_isolated_stub_is_steered_with_its_control_token() -> None:
    with EmbeddedStub(StubConfig(), isolate=True) as stub:
        stub.set_default_scenario("ttft_ms=0,tps=5000,script=echo")
        anonymous = httpx.put(
            stub.base_url + "/api/debug/scenario", json={"scenario": ""}, timeout=seconds(10)
        )
        assert anonymous.status_code == 401
        reply = httpx.post(
            stub.base_url + "/api/chat/send", json={"message": "进程"}, timeout=seconds(10)
        )
        assert reply.json()["data"]["content"] == "进程"
