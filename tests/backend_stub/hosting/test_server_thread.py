"""ServerThread and EmbeddedStub: bound port, clean stop, nothing left running."""

from __future__ import annotations

import asyncio
import logging
import statistics
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from backend_stub import EmbeddedStub, Scenario, ServerThread, StubConfig
from tests.helpers.timing import seconds


async def _hello(request: Any) -> PlainTextResponse:
    return PlainTextResponse("hello")


def _tiny_app() -> Starlette:
    return Starlette(routes=[Route("/", _hello)])


def _server_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("asgi-server:")]


def test_serves_any_asgi_app_on_a_free_port_and_stops_its_thread() -> None:
    before = set(_server_threads())
    server = ServerThread(_tiny_app()).start()
    try:
        assert server.port > 0
        response = httpx.get(f"http://127.0.0.1:{server.port}/", timeout=seconds(5))
        assert response.text == "hello"
    finally:
        server.stop()
    assert not server.running
    assert set(_server_threads()) == before
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{server.port}/", timeout=seconds(5))


def test_context_manager_starts_and_stops() -> None:
    with ServerThread(_tiny_app()) as server:
        assert httpx.get(f"http://127.0.0.1:{server.port}/", timeout=seconds(5)).status_code == 200
    assert not server.running


def test_failing_lifespan_is_reported_by_start() -> None:
    @asynccontextmanager
    async def broken(app: Starlette) -> AsyncIterator[None]:
        raise RuntimeError("no database")
        yield

    before = set(_server_threads())
    with pytest.raises(RuntimeError, match="did not start"):
        ServerThread(Starlette(lifespan=broken)).start()
    assert set(_server_threads()) == before


def test_a_taken_port_raises_oserror() -> None:
    with ServerThread(_tiny_app()) as first, pytest.raises(OSError):
        ServerThread(_tiny_app(), port=first.port).start()


def test_embedded_stub_urls_and_stop_is_idempotent() -> None:
    stub = EmbeddedStub(StubConfig()).start()
    try:
        assert stub.base_url == f"http://127.0.0.1:{stub.port}"
        assert stub.ws_url == f"ws://127.0.0.1:{stub.port}"
        health = httpx.get(stub.base_url + "/api/health", timeout=seconds(5))
        assert health.json() == {"success": True, "data": {"status": "ok"}}
    finally:
        stub.stop()
        stub.stop()
    with pytest.raises(RuntimeError):
        _ = stub.port


def test_default_scenario_can_be_switched_while_running() -> None:
    with EmbeddedStub() as stub:
        stub.set_default_scenario("ttft_ms=0,tps=5000,script=echo")
        response = httpx.post(
            stub.base_url + "/api/chat/send", json={"message": "回声"}, timeout=seconds(5)
        )
        assert response.json()["data"]["content"] == "回声"
        put = httpx.put(
            stub.base_url + "/api/debug/scenario",
            json={"scenario": "ttft_ms=0,tps=5000,script=en"},
            headers={"Authorization": f"Bearer {stub.control_token}"},
            timeout=seconds(5),
        )
        assert put.json()["data"]["scenario"] == "ttft_ms=0,tps=5000,script=en"
        response = httpx.post(
            stub.base_url + "/api/chat/send", json={"message": "回声"}, timeout=seconds(5)
        )
        assert response.json()["data"]["content"].isascii()


def test_small_writes_are_not_held_back_by_nagle() -> None:
    # Headers and body go out as two writes; with Nagle on, each keep-alive request after the
    # first waits ~40 ms for a delayed ACK. Twenty requests must take far less than 20 x 40 ms.
    with ServerThread(_tiny_app()) as server, httpx.Client(timeout=seconds(5)) as http:
        url = f"http://127.0.0.1:{server.port}/"
        http.get(url)
        durations = []
        for _ in range(21):
            began = time.monotonic()
            http.get(url)
            durations.append(time.monotonic() - began)
        # With Nagle every one would take ~40 ms; load stretches a few, not the median.
        assert statistics.median(durations) < seconds(0.03)


def test_isolated_stub_runs_in_a_child_process_and_stops_it() -> None:
    stub = EmbeddedStub(StubConfig(token="t0k", seed=5), isolate=True)
    stub.set_default_scenario("ttft_ms=0,tps=5000,script=echo")  # before start: carried over
    with stub:
        headers = {"Authorization": "Bearer t0k"}
        reply = httpx.post(
            stub.base_url + "/api/chat/send",
            json={"message": "进程"},
            headers=headers,
            timeout=seconds(10),
        )
        assert reply.json()["data"]["content"] == "进程"
        stub.set_default_scenario(Scenario(ttft_ms=0, tps=5000, script="en"))
        reply = httpx.post(
            stub.base_url + "/api/chat/send",
            json={"message": "进程"},
            headers=headers,
            timeout=seconds(10),
        )
        assert reply.json()["data"]["content"].isascii()
        port = stub.port
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=seconds(5))


async def test_stopping_ends_streams_in_flight_quickly_and_quietly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stub = EmbeddedStub().start()
    body = b""
    with caplog.at_level(logging.WARNING):
        async with (
            httpx.AsyncClient(timeout=seconds(10)) as http,
            http.stream(
                "GET", stub.base_url + "/api/chat/sse", params={"message": "m", "scenario": "tps=1"}
            ) as response,
        ):
            chunks = response.aiter_raw()
            body += await anext(chunks)  # the first event: the stream is live
            began = time.monotonic()
            stopping = asyncio.ensure_future(asyncio.to_thread(stub.stop))
            async for piece in chunks:
                body += piece
            await stopping
    assert time.monotonic() - began < seconds(1)  # not uvicorn's graceful timeout
    assert b"event: error" in body and b"shutting_down" in body
    assert not [r for r in caplog.records if r.name.startswith("uvicorn")]
