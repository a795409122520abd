"""The stub in front of a real (local) OpenAI-compatible server: every endpoint, every failure."""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import httpx
import pytest

from backend_stub import EmbeddedStub, StubConfig
from backend_stub.replies.upstream import UpstreamConfig
from tests.doubles.openai_server import OpenAIDouble, Stream, openai_server
from tests.e2e.replay import conftest as c
from tests.helpers.timing import seconds
from tests.helpers.waits import until

PIECES = ("你好", "，", "这是", " real", " stream", "。\n", "**ok**")
TOKEN = "sk-test-SECRET-42"


@pytest.fixture
def llm() -> Iterator[OpenAIDouble]:
    with openai_server(Stream(pieces=PIECES, delays_s=(0.02, 0.005, 0.03, 0.001))) as double:
        yield double


@pytest.fixture
def front(llm: OpenAIDouble) -> Iterator[EmbeddedStub]:
    config = UpstreamConfig(url=llm.base_url, model="qwen-test", token=TOKEN, read_timeout_s=5)
    with EmbeddedStub(StubConfig(upstream=config)).start() as stub:
        yield stub


@pytest.fixture
async def http(front: EmbeddedStub) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=front.base_url, timeout=seconds(10)) as client:
        yield client


async def test_websocket_keeps_the_upstream_boundaries(
    front: EmbeddedStub, llm: OpenAIDouble
) -> None:
    got = await c.ws_envelope(front.ws_url, "说点什么")
    assert got.error is None
    assert tuple(got.pieces) == PIECES
    sent = llm.requests[-1]
    assert sent.body["model"] == "qwen-test"
    assert sent.body["stream"] is True
    assert sent.body["messages"][-1] == {"role": "user", "content": "说点什么"}
    assert sent.headers["authorization"] == f"Bearer {TOKEN}"


Client = Callable[[httpx.AsyncClient, str], Awaitable[c.Got]]
HTTP_CLIENTS: dict[str, Client] = {
    "sse": c.sse,
    "plain": c.plain,
    "openai": c.openai_stream,
    "send": c.sync_send,
    "poll": c.poll,
}


@pytest.mark.parametrize("name", HTTP_CLIENTS)
async def test_every_http_endpoint_serves_the_upstream_text(
    name: str, http: httpx.AsyncClient
) -> None:
    got = await HTTP_CLIENTS[name](http, "hi")
    assert got.error is None and got.status == 200
    assert got.text == "".join(PIECES)
    if name in ("sse", "openai"):
        assert tuple(got.pieces) == PIECES


async def test_raw_websocket_and_trace(front: EmbeddedStub, http: httpx.AsyncClient) -> None:
    got = await c.ws_raw(front.ws_url, "hi")
    assert tuple(got.pieces) == PIECES
    env = await c.ws_envelope(front.ws_url, "hi")
    trace = (await http.get(f"/api/debug/trace/{env.reply_id}")).json()
    assert trace["complete"] and trace["text"] == "".join(PIECES)
    assert [chunk["text"] for chunk in trace["chunks"]] == list(PIECES)


FAILURES = {
    "401": (Stream(status=401, error_message="Incorrect API key"), "401"),
    "429": (Stream(status=429, error_message="Rate limit reached"), "429"),
    "503": (Stream(status=503, error_message="overloaded"), "503"),
    "cut": (Stream(pieces=PIECES, cut_after=3), "cut after 3 chunks"),
}


@pytest.mark.parametrize("kind", FAILURES)
async def test_upstream_failures_become_the_contract_error_on_each_endpoint(
    kind: str, front: EmbeddedStub, http: httpx.AsyncClient, llm: OpenAIDouble
) -> None:
    llm.script, reason = FAILURES[kind]
    partial = list(PIECES[:3]) if kind == "cut" else []

    ws = await c.ws_envelope(front.ws_url, "hi")
    assert ws.error is not None and ws.error["code"] == "upstream_error"
    assert reason in ws.error["message"]
    assert ws.pieces == partial
    raw = await c.ws_raw(front.ws_url, "hi")
    assert raw.error is not None and reason in raw.error["message"]

    # HTTP streams hold their headers until the first piece: a refusal becomes a 502 with the
    # upstream's reason; a cut after some pieces ends the stream in-band (plain text: cut).
    for name in ("sse", "openai", "plain", "send", "poll"):
        got = await HTTP_CLIENTS[name](http, "hi")
        if kind == "cut" and name in ("sse", "openai"):
            assert got.status == 200 and got.pieces == partial, name
        elif kind == "cut" and name == "plain":
            assert got.cut
            continue
        else:
            assert got.status == 502, name
            assert got.error is not None and got.error["code"] == "upstream_error", name
        assert got.error is not None and reason in got.error["message"], name


async def test_the_upstream_reason_is_kept(front: EmbeddedStub, llm: OpenAIDouble) -> None:
    llm.script = Stream(status=429, error_message="Rate limit reached for requests")
    got = await c.ws_envelope(front.ws_url, "hi")
    assert got.error is not None
    assert "upstream answered 429 Too Many Requests: Rate limit reached" in got.error["message"]


async def test_a_connection_held_open_after_done_still_ends_the_reply(
    front: EmbeddedStub, llm: OpenAIDouble
) -> None:
    llm.script = Stream(pieces=PIECES, hold_after_done=True)
    got = await c.ws_envelope(front.ws_url, "hi")
    assert got.error is None and tuple(got.pieces) == PIECES


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_an_unreachable_upstream_fails_fast() -> None:
    config = UpstreamConfig(url=f"http://127.0.0.1:{_free_port()}/v1", connect_timeout_s=2)
    with EmbeddedStub(StubConfig(upstream=config)).start() as stub:
        got = await c.ws_envelope(stub.ws_url, "hi")
        async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
            send = await c.sync_send(http, "hi")
    assert got.error is not None and "upstream unreachable" in got.error["message"]
    assert send.status == 502 and "upstream unreachable" in str(send.error)


async def test_a_silent_upstream_times_out_instead_of_hanging(llm: OpenAIDouble) -> None:
    llm.script = Stream(pieces=PIECES, delays_s=(0.0, 5.0))
    config = UpstreamConfig(url=llm.base_url, read_timeout_s=0.3)
    with EmbeddedStub(StubConfig(upstream=config)).start() as stub:
        got = await c.ws_envelope(stub.ws_url, "hi")
    assert got.pieces == [PIECES[0]]
    assert got.error is not None and "timed out" in got.error["message"]


async def test_scenarios_apply_on_top_of_the_real_stream(front: EmbeddedStub) -> None:
    got = await c.ws_envelope(front.ws_url, "hi", scenario="error_at=2")
    assert got.pieces == list(PIECES[:2])
    assert got.error is not None and "error_at=2" in got.error["message"]


async def test_the_token_is_never_logged_nor_echoed(
    front: EmbeddedStub, llm: OpenAIDouble, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    llm.script = Stream(status=401, error_message=f"Incorrect API key provided: {TOKEN}")
    got = await c.ws_envelope(front.ws_url, "hi")
    assert got.error is not None and TOKEN not in got.error["message"]
    assert "***" in got.error["message"]
    assert TOKEN not in caplog.text
    assert TOKEN not in repr(front.config)


async def test_the_stub_itself_as_an_upstream_keeps_its_boundaries() -> None:
    """Our own `/v1/chat/completions` is an OpenAI-compatible upstream too."""
    with EmbeddedStub(StubConfig(scenario="ttft_ms=5,tps=500,jitter_ms=2,length=80")) as inner:
        config = UpstreamConfig(url=inner.base_url + "/v1", model="stub")
        with EmbeddedStub(StubConfig(upstream=config)) as outer:
            got = await c.ws_envelope(outer.ws_url, "嵌套")
        async with httpx.AsyncClient(base_url=inner.base_url, timeout=seconds(10)) as http:
            direct = await c.ws_envelope(inner.ws_url, "嵌套")
            trace = (await http.get(f"/api/debug/trace/{direct.reply_id}")).json()
    assert got.error is None
    assert got.pieces == [chunk["text"] for chunk in trace["chunks"]]


async def test_the_cli_front_takes_its_token_from_the_environment(llm: OpenAIDouble) -> None:
    config = UpstreamConfig(url=llm.base_url, model="m", token=TOKEN)
    with EmbeddedStub(StubConfig(upstream=config), isolate=True) as stub:
        got = await c.ws_envelope(stub.ws_url, "hi")
    assert tuple(got.pieces) == PIECES
    assert llm.requests[-1].headers["authorization"] == f"Bearer {TOKEN}"


async def test_a_client_that_leaves_stops_the_upstream_stream(llm: OpenAIDouble) -> None:
    llm.script = Stream(pieces=("a", "b"), delays_s=(0.0, 60.0))
    params = {"message": "hi", "userId": "t"}
    config = UpstreamConfig(url=llm.base_url, read_timeout_s=120)
    with EmbeddedStub(StubConfig(upstream=config)) as front:
        await _leave_after_the_first_line(front.base_url, params)
        # The double sees the stub hang up long before its 60 s pause (or the timeout) ends.
        await until(lambda: llm.clients_gone, timeout=10)


async def _leave_after_the_first_line(base_url: str, params: dict[str, str]) -> None:
    async with (
        httpx.AsyncClient(base_url=base_url, timeout=seconds(10)) as http,
        http.stream("GET", "/api/chat/sse", params=params) as response,
    ):
        async for _ in response.aiter_lines():
            break  # leave after the first line
