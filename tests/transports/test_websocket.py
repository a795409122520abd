"""WebSocket: resume after a drop without loss or repetition; the seed's raw framing; no socket."""

from __future__ import annotations

import contextlib
import json

from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from backend_stub import EmbeddedStub, ServerThread
from simulator.transports import (
    BackendProfile,
    ChunkReceived,
    ReplyCompleted,
    RequestMade,
    RunFailed,
    SendMessage,
    SyncTransport,
    TransportNote,
    WebSocketTransport,
    openai_profile,
    stub_profile,
)
from simulator.wx import WxRuntime
from tests.transports.conftest import FAST, finish


async def test_drop_is_resumed_from_the_next_sequence_number(
    wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    transport = WebSocketTransport(wx, profile, backoff_s=0.01)
    outcome = await finish(
        transport, SendMessage("你好", scenario=f"{FAST},drop_after=5"), stub.base_url
    )
    outcome.assert_exact()
    seqs = [e.seq for e in outcome.timeline.events if isinstance(e, ChunkReceived)]
    assert seqs == list(range(len(seqs)))  # each chunk once, in order, across two sockets
    sockets = [
        e for e in outcome.timeline.events if isinstance(e, RequestMade) and e.kind == "socket"
    ]
    assert len(sockets) == 2
    notes = [e.message for e in outcome.timeline.events if isinstance(e, TransportNote)]
    assert any("1006" in n for n in notes) and any("from seq 5" in n for n in notes)


async def test_drop_before_the_first_chunk_resumes_the_same_reply(
    wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    transport = WebSocketTransport(wx, profile, backoff_s=0.01)
    outcome = await finish(
        transport, SendMessage("你好", scenario=f"{FAST},drop_after=0"), stub.base_url
    )
    outcome.assert_exact()


async def test_raw_framing_reads_the_seed_frames(
    wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    raw = profile.with_options(ws_framing="raw")
    outcome = await finish(
        WebSocketTransport(wx, raw), SendMessage("你好", scenario=FAST), stub.base_url
    )
    # Raw frames name no reply, so the oracle is the same (deterministic) reply over sync.
    reference = await finish(
        SyncTransport(wx, profile), SendMessage("你好", scenario=FAST), stub.base_url
    )
    reference.assert_exact()
    assert isinstance(outcome.end, ReplyCompleted) and outcome.end.text == reference.metrics.text
    assert all(e.seq is None for e in outcome.timeline.events if isinstance(e, ChunkReceived))


async def test_raw_framing_cannot_resume_so_a_drop_fails_keeping_the_text(
    wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    raw = profile.with_options(ws_framing="raw")
    message = SendMessage("你好", scenario=f"{FAST},drop_after=5")
    outcome = await finish(WebSocketTransport(wx, raw, backoff_s=0.01), message, stub.base_url)
    end = outcome.end
    assert isinstance(end, RunFailed) and "cannot resume" in end.error
    reference = await finish(
        SyncTransport(wx, profile), SendMessage("你好", scenario=FAST), stub.base_url
    )
    assert 0 < len(end.partial_text) < len(reference.metrics.text)
    assert reference.metrics.text.startswith(end.partial_text)


async def test_socket_that_never_opens_fails_at_once(wx: WxRuntime, stub: EmbeddedStub) -> None:
    bad = openai_profile(stub.base_url).with_options(ws_url=stub.ws_url, ws_path="/no/such/socket")
    outcome = await finish(WebSocketTransport(wx, bad), SendMessage("hi"), stub.base_url)
    assert isinstance(outcome.end, RunFailed) and outcome.metrics.requests == 1


async def test_backend_without_socket_is_a_clear_error(wx: WxRuntime, stub: EmbeddedStub) -> None:
    outcome = await finish(
        WebSocketTransport(wx, openai_profile(stub.base_url)), SendMessage("hi"), stub.base_url
    )
    end = outcome.end
    assert isinstance(end, RunFailed) and "no WebSocket endpoint" in end.error


def gappy_socket_app() -> Starlette:
    """Loses chunk 1 on the first connection; answers a resume with everything from `fromSeq`."""
    texts = ["甲", "乙", "丙"]

    def chunk(seq: int) -> str:
        return json.dumps(
            {"type": "chunk", "replyId": "r1", "seq": seq, "text": texts[seq], "emittedAt": 0.0}
        )

    async def chat(ws: WebSocket) -> None:
        await ws.accept()
        request = json.loads(await ws.receive_text())
        if request.get("type") == "resume":
            for seq in range(request["fromSeq"], len(texts)):
                await ws.send_text(chunk(seq))
            await ws.send_text(json.dumps({"type": "done", "replyId": "r1", "seq": len(texts)}))
        else:
            await ws.send_text(json.dumps({"type": "start", "replyId": "r1"}))
            await ws.send_text(chunk(0))
            await ws.send_text(chunk(2))  # chunk 1 never comes on this connection
        with contextlib.suppress(WebSocketDisconnect):
            await ws.receive_text()

    return Starlette(routes=[WebSocketRoute("/ws/chat", chat)])


async def test_lost_chunk_is_detected_and_fetched_again_by_resume(wx: WxRuntime) -> None:
    with ServerThread(gappy_socket_app()) as server:
        profile = stub_profile(f"http://127.0.0.1:{server.port}")
        outcome = await finish(
            WebSocketTransport(wx, profile, backoff_s=0.01), SendMessage("hi"), ""
        )
    end = outcome.end
    assert isinstance(end, ReplyCompleted) and end.text == "甲乙丙"
    notes = [e.message for e in outcome.timeline.events if isinstance(e, TransportNote)]
    assert any("chunk 1 missing" in n for n in notes) and any("from seq 1" in n for n in notes)


def silent_socket_app() -> Starlette:
    async def chat(ws: WebSocket) -> None:
        await ws.accept()
        with contextlib.suppress(WebSocketDisconnect):
            while True:
                await ws.receive_text()

    return Starlette(routes=[WebSocketRoute("/ws/chat", chat)])


async def test_silent_socket_fails_after_the_idle_timeout(wx: WxRuntime) -> None:
    with ServerThread(silent_socket_app()) as server:
        profile = stub_profile(f"http://127.0.0.1:{server.port}")
        outcome = await finish(
            WebSocketTransport(wx, profile, idle_timeout_s=0.2), SendMessage("hi"), ""
        )
    end = outcome.end
    assert isinstance(end, RunFailed) and "no frame for" in end.error


async def test_message_too_big_for_the_socket_fails_without_reconnecting(
    wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub
) -> None:
    # Over the stub's frame limit the server closes with 1009: sending again cannot help.
    transport = WebSocketTransport(wx, profile, backoff_s=0.01)
    outcome = await finish(transport, SendMessage("长" * 600_000, scenario=FAST), stub.base_url)
    end = outcome.end
    assert isinstance(end, RunFailed) and "1009" in end.error
    assert outcome.metrics.requests == 1
    assert not [e for e in outcome.timeline.events if isinstance(e, TransportNote)]
