"""Fixtures for the stub's tests: clients of the shared stub, and private stubs with odd configs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest

from backend_stub import EmbeddedStub, StubConfig
from tests.helpers.timing import seconds

FAST = "ttft_ms=0,tps=5000,jitter_ms=0"
"""A scenario that makes a default reply take a few milliseconds."""


@pytest.fixture
async def client(stub: EmbeddedStub) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
        yield http


@pytest.fixture
def make_stub() -> Iterator[Callable[..., EmbeddedStub]]:
    """Start a private stub with a custom config; stopped after the test."""
    started: list[EmbeddedStub] = []

    def make(**config: object) -> EmbeddedStub:
        server = EmbeddedStub(StubConfig(**config)).start()  # type: ignore[arg-type]
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


async def trace(http: httpx.AsyncClient, reply_id: str) -> dict[str, object]:
    response = await http.get(f"/api/debug/trace/{reply_id}")
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body
