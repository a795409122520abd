"""Timing scenarios seen in the trace and by a real client: ttft, stall, emission stamps."""

from __future__ import annotations

import asyncio.selector_events
import inspect
import logging
import time

import httpx
import pytest

from backend_stub.errors import LOST_PEER_WRITE
from tests.backend_stub.conftest import trace


async def _send(client: httpx.AsyncClient, scenario: str) -> dict[str, object]:
    response = await client.post("/api/chat/send", json={"message": "m", "scenario": scenario})
    assert response.status_code == 200, response.text
    return await trace(client, response.json()["data"]["replyId"])


async def test_first_chunk_is_due_after_ttft(client: httpx.AsyncClient) -> None:
    recorded = await _send(client, "ttft_ms=120,tps=5000,jitter_ms=0,length=6,script=en")
    chunks = recorded["chunks"]
    assert abs(chunks[0]["dueAt"] - recorded["startedAt"] - 0.120) < 1e-6  # type: ignore[index,operator]
    assert chunks[0]["emittedAt"] >= chunks[0]["dueAt"]  # type: ignore[index]


async def test_stall_holds_the_reply_mid_way(client: httpx.AsyncClient) -> None:
    recorded = await _send(client, "ttft_ms=0,tps=1000,jitter_ms=0,stall_at=3,stall_ms=150")
    chunks: list[dict[str, float]] = recorded["chunks"]  # type: ignore[assignment]
    due = [c["dueAt"] for c in chunks]
    # The plan holds chunk 3 back by the stall; the emission is never earlier than planned.
    # (Gaps between emission stamps are not asserted: load can shrink or stretch them.)
    assert due[3] - due[2] == pytest.approx(0.150 + 0.001, abs=1e-6)
    assert due[2] - due[0] == pytest.approx(0.002, abs=1e-6)
    early = 0.0005  # the scheduler's timer may fire up to 0.1 ms before a chunk is due
    assert all(c["emittedAt"] >= c["dueAt"] - early for c in chunks)


async def test_emission_stamps_follow_the_schedule_and_precede_arrival(
    client: httpx.AsyncClient,
) -> None:
    before = time.monotonic()
    async with client.stream(
        "GET", "/api/chat/sse", params={"message": "m", "scenario": "ttft_ms=0,tps=200,jitter_ms=0"}
    ) as response:
        arrivals = [time.monotonic() async for _ in response.aiter_raw()]
    recorded = await trace(client, response.headers["x-reply-id"])
    chunks = recorded["chunks"]
    assert before <= chunks[0]["emittedAt"] <= arrivals[-1]  # type: ignore[index]
    lateness = [c["emittedAt"] - c["dueAt"] for c in chunks]  # type: ignore[union-attr]
    assert min(lateness) >= -0.001  # never early (beyond the timer's resolution)


async def test_deliberate_drops_do_not_log_errors(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="uvicorn.error"):
        with pytest.raises(httpx.RemoteProtocolError):
            async with client.stream(
                "GET",
                "/api/chat/sse",
                params={"message": "m", "scenario": "ttft_ms=0,tps=2000,drop_after=2"},
            ) as response:
                async for _ in response.aiter_raw():
                    pass
        # The server side finishes on its own thread; the next request is served after it.
        await trace(client, response.headers["x-reply-id"])
    assert not [r for r in caplog.records if r.name.startswith("uvicorn")]


async def test_seed_fixes_text_and_schedule(client: httpx.AsyncClient) -> None:
    spec = "ttft_ms=0,tps=5000,jitter_ms=50,script=markdown_en,seed={}"
    first = await _send(client, spec.format(11))
    again = await _send(client, spec.format(11))
    other = await _send(client, spec.format(12))

    def offsets(recorded: dict[str, object]) -> list[float]:
        return [c["dueAt"] - recorded["startedAt"] for c in recorded["chunks"]]  # type: ignore[union-attr,operator]

    assert first["text"] == again["text"]
    assert offsets(first) == pytest.approx(offsets(again), abs=1e-9)
    assert offsets(first) != pytest.approx(offsets(other), abs=1e-9)


async def test_writes_to_a_peer_that_left_are_not_logged_per_frame(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    # The running stub installed its filters; the text is asyncio's own.
    assert LOST_PEER_WRITE in inspect.getsource(asyncio.selector_events)
    with caplog.at_level(logging.WARNING, logger="asyncio"):
        logging.getLogger("asyncio").warning(LOST_PEER_WRITE)
        logging.getLogger("asyncio").warning("another asyncio warning")
    assert [r.getMessage() for r in caplog.records] == ["another asyncio warning"]
