"""The client side: a run against a backend, recorded by the simulator, replayed by the stub."""

from __future__ import annotations

from pathlib import Path

from backend_stub import EmbeddedStub, ReplayConfig, StubConfig, read_cassette
from simulator.metrics import RunTimeline
from simulator.session.recording import RunRecorder, reply_from_pieces
from simulator.transports import SendMessage, create_transport, spring_profile
from simulator.transports.events import ChunkReceived
from simulator.wx import WxConfig, WxRuntime
from tests.e2e.replay import conftest as c

SCENARIO = "ttft_ms=10,tps=300,jitter_ms=2,length=60"


async def _run(stub: EmbeddedStub, prompt: str) -> RunTimeline:
    wx = WxRuntime(WxConfig())
    timeline = RunTimeline()
    # The seed's contract (raw frames): what a user's own backend speaks.
    profile = spring_profile(stub.base_url, stub.ws_url)
    await create_transport("websocket", wx, profile).run(
        SendMessage(prompt, scenario=SCENARIO), timeline
    )
    await wx.aclose()
    return timeline


async def test_a_run_recorded_by_the_client_replays_through_the_stub(tmp_path: Path) -> None:
    path = tmp_path / "client.jsonl"
    with EmbeddedStub(StubConfig(scenario=SCENARIO)).start() as backend:
        timeline = await _run(backend, "用户的后端")
        assert RunRecorder(path).add(timeline, backend=backend.base_url)
    (reply,) = read_cassette(path)
    seen = [e for e in timeline.events if isinstance(e, ChunkReceived) and e.text]
    assert reply.source == "client" and reply.prompt == "用户的后端"
    assert reply.pieces == tuple(e.text for e in seen)
    assert reply.meta["transport"] == "websocket"
    assert list(reply.offsets) == sorted(reply.offsets) and reply.offsets[0] > 0

    with EmbeddedStub(StubConfig(replay=ReplayConfig(path=path))).start() as stub:
        got = await c.ws_envelope(stub.ws_url, "用户的后端")
    assert tuple(got.pieces) == reply.pieces


def test_reply_from_pieces_drops_empty_pieces() -> None:
    reply = reply_from_pieces("p", [(1.5, "a"), (1.6, ""), (2.0, "b")], sent_at=1.0, model="m")
    assert reply.pieces == ("a", "b")
    assert reply.offsets == (0.5, 1.0)
    assert reply.model == "m"
