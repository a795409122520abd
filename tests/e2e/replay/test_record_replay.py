"""Record a real stream (the local OpenAI double) through the stub, replay it, compare."""

from __future__ import annotations

import asyncio
import statistics
from pathlib import Path

import httpx
import pytest

from backend_stub import EmbeddedStub, StubConfig
from backend_stub.replies.cassette import read_cassette
from backend_stub.replies.replay import ReplayConfig
from backend_stub.replies.upstream import UpstreamConfig
from tests.doubles.openai_server import Stream, openai_server, variable_stream
from tests.e2e.replay import conftest as c
from tests.helpers.timing import seconds

TOKEN = "sk-never-in-a-cassette"


async def _record(path: Path, stream: Stream, prompt: str = "讲个故事") -> None:
    with openai_server(stream) as llm:
        config = UpstreamConfig(url=llm.base_url, model="double-1", token=TOKEN)
        with EmbeddedStub(StubConfig(upstream=config, record=str(path))).start() as stub:
            await c.ws_envelope(stub.ws_url, prompt)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Stream]:
    path = tmp_path_factory.mktemp("cassette") / "story.jsonl"
    stream = variable_stream(60, seed=7, low_ms=2, high_ms=25)
    asyncio.run(_record(path, stream))
    return path, stream


def test_the_cassette_holds_the_upstream_boundaries_and_timing(
    recorded: tuple[Path, Stream],
) -> None:
    path, stream = recorded
    (reply,) = read_cassette(path)
    assert reply.pieces == tuple(stream.pieces)
    assert reply.prompt == "讲个故事" and reply.source == "upstream"
    assert reply.model == "double-1" and reply.error is None
    # The double sleeps before each piece, one after another, so piece i cannot arrive before
    # the sum of the sleeps so far (load can only make it later).
    slept = 0.0
    for index, offset in enumerate(reply.offsets):
        slept += stream.delays_s[index]
        assert offset >= slept - 0.002, index
    assert TOKEN not in path.read_text(encoding="utf-8")


async def test_replay_serves_the_same_text_and_boundaries_everywhere(
    recorded: tuple[Path, Stream],
) -> None:
    path, _ = recorded
    (reply,) = read_cassette(path)
    with EmbeddedStub(StubConfig(replay=ReplayConfig(path=path))).start() as stub:
        ws = await c.ws_envelope(stub.ws_url, "讲个故事")
        raw = await c.ws_raw(stub.ws_url, "another prompt")  # fallback: in order
        async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
            trace = (await http.get(f"/api/debug/trace/{ws.reply_id}")).json()
            sse = await c.sse(http, "讲个故事")
            openai = await c.openai_stream(http, "讲个故事")
            plain = await c.plain(http, "讲个故事")
            polled = await c.poll(http, "讲个故事")
            sent = await c.sync_send(http, "讲个故事")
    for got in (ws, raw, sse, openai):
        assert tuple(got.pieces) == reply.pieces
    for got in (plain, polled, sent):
        assert got.text == reply.text
    # The plan is the recording, to the microsecond (what the stub controls) ...
    due = [chunk["dueAt"] - trace["startedAt"] for chunk in trace["chunks"]]
    assert due == pytest.approx(reply.offsets, abs=2e-6)
    # ... and what arrived follows it (loosely: the machine is shared; the benchmark has
    # the tight figures).
    lags = [got - rec for got, rec in zip(ws.arrivals, reply.offsets, strict=True)]
    typical = statistics.median(lags)  # the constant request/connection latency
    assert statistics.median(abs(lag - typical) for lag in lags) < 0.05


async def test_replay_speed_scales_the_recorded_timing(recorded: tuple[Path, Stream]) -> None:
    path, _ = recorded
    (reply,) = read_cassette(path)
    with EmbeddedStub(StubConfig(replay=ReplayConfig(path=path, speed=2))).start() as stub:
        ws = await c.ws_envelope(stub.ws_url, "讲个故事")
        async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
            trace = (await http.get(f"/api/debug/trace/{ws.reply_id}")).json()
    due = [chunk["dueAt"] - trace["startedAt"] for chunk in trace["chunks"]]
    assert due == pytest.approx([at / 2 for at in reply.offsets], abs=2e-6)


async def test_a_recorded_failure_fails_again_on_replay(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    await _record(path, Stream(pieces=("a", "b", "c", "d"), delays_s=(0.01,) * 4, cut_after=2))
    (reply,) = read_cassette(path)
    assert reply.pieces == ("a", "b") and reply.error is not None
    with EmbeddedStub(StubConfig(replay=ReplayConfig(path=path))).start() as stub:
        got = await c.ws_envelope(stub.ws_url, "讲个故事")
    assert got.pieces == ["a", "b"]
    assert got.error is not None and got.error["message"] == reply.error[1]


async def test_the_fake_llm_records_its_own_schedule(tmp_path: Path) -> None:
    path = tmp_path / "fake.jsonl"
    scenario = "ttft_ms=20,tps=400,jitter_ms=2,length=40"
    with EmbeddedStub(StubConfig(record=str(path))).start() as stub:
        ws = await c.ws_envelope(stub.ws_url, "hello", scenario=scenario)
        async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
            trace = (await http.get(f"/api/debug/trace/{ws.reply_id}")).json()
    (reply,) = read_cassette(path)
    assert reply.source == "fake" and reply.pieces == tuple(ws.pieces)
    due = [chunk["dueAt"] - trace["startedAt"] for chunk in trace["chunks"]]
    assert reply.offsets == pytest.approx(due, abs=2e-6)
    assert reply.meta["scenario"].startswith("ttft_ms=20")


async def test_a_child_stub_replays_the_cassette(recorded: tuple[Path, Stream]) -> None:
    path, stream = recorded
    config = StubConfig(replay=ReplayConfig(path=path, speed=4, fallback="none"))
    with EmbeddedStub(config, isolate=True).start() as stub:
        ws = await c.ws_envelope(stub.ws_url, "讲个故事")
        miss = await c.ws_envelope(stub.ws_url, "unknown")
    assert tuple(ws.pieces) == tuple(stream.pieces)
    assert miss.error is not None and miss.error["code"] == "no_recording"


async def test_scenarios_apply_on_top_of_a_replay(recorded: tuple[Path, Stream]) -> None:
    path, _ = recorded
    (reply,) = read_cassette(path)
    with EmbeddedStub(StubConfig(replay=ReplayConfig(path=path))).start() as stub:
        failed = await c.ws_envelope(stub.ws_url, "讲个故事", scenario="error_at=5")
        stalled = await c.ws_envelope(stub.ws_url, "讲个故事", scenario="stall_at=2,stall_ms=300")
        async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
            trace = (await http.get(f"/api/debug/trace/{stalled.reply_id}")).json()
    assert failed.pieces == list(reply.pieces[:5])
    assert failed.error is not None and "error_at=5" in failed.error["message"]
    assert tuple(stalled.pieces) == reply.pieces
    due = [chunk["dueAt"] - trace["startedAt"] for chunk in trace["chunks"]]
    expected = [at + (0.3 if i >= 2 else 0.0) for i, at in enumerate(reply.offsets)]
    assert due == pytest.approx(expected, abs=2e-6)
