"""`WS /ws/chat` with real websockets clients: framings, errors, drops and resume."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosedError, InvalidStatus

from backend_stub import EmbeddedStub
from backend_stub.replies.inflight import ChunkRecord
from backend_stub.routes.ws import envelope_chunk
from tests.backend_stub.conftest import FAST, trace
from tests.helpers.timing import seconds


async def _recv_json(ws: ClientConnection) -> dict[str, Any]:
    frame = await asyncio.wait_for(ws.recv(), seconds(5))
    assert isinstance(frame, str)
    value: dict[str, Any] = json.loads(frame)
    return value


async def _collect_envelope(
    ws: ClientConnection,
) -> tuple[str, list[dict[str, Any]], dict[str, Any]]:
    """Frames up to done/error: (replyId, chunk frames, final frame)."""
    start = await _recv_json(ws)
    assert start["type"] == "start"
    chunks = []
    while True:
        frame = await _recv_json(ws)
        if frame["type"] != "chunk":
            return start["replyId"], chunks, frame
        chunks.append(frame)


async def test_raw_framing_sends_pieces_then_the_end_marker(
    stub: EmbeddedStub, client: httpx.AsyncClient
) -> None:
    async with connect(stub.ws_url + "/ws/chat") as ws:
        await ws.send(json.dumps({"message": "你好", "userId": "u1", "scenario": FAST}))
        pieces = []
        while (frame := await asyncio.wait_for(ws.recv(), seconds(5))) != "[DONE]":
            pieces.append(frame)
    assert len(pieces) > 5
    text = "".join(str(p) for p in pieces)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)


async def test_envelope_frames_carry_id_seq_and_emission_time(
    stub: EmbeddedStub, client: httpx.AsyncClient
) -> None:
    async with connect(stub.ws_url + "/ws/chat?framing=envelope") as ws:
        await ws.send(json.dumps({"message": "hello", "userId": "u1", "scenario": FAST}))
        reply_id, chunks, done = await _collect_envelope(ws)
        arrived = time.monotonic()
    assert [c["seq"] for c in chunks] == list(range(len(chunks)))
    assert done == {
        "type": "done",
        "replyId": reply_id,
        "seq": len(chunks),
        "emittedAt": done["emittedAt"],
    }
    assert all(c["replyId"] == reply_id for c in chunks)
    # The stamp is this machine's monotonic clock: in the past, and recent.
    assert 0 < arrived - chunks[-1]["emittedAt"] < seconds(5)
    recorded = await trace(client, reply_id)
    assert recorded["complete"] is True
    assert recorded["text"] == "".join(c["text"] for c in chunks)
    assert [c["emittedAt"] for c in recorded["chunks"]] == [c["emittedAt"] for c in chunks]  # type: ignore[union-attr]


async def test_bad_frames_get_error_frames_and_the_socket_stays_usable(stub: EmbeddedStub) -> None:
    async with connect(stub.ws_url + "/ws/chat?framing=envelope") as ws:
        for bad, code in [
            ("{not json", "malformed_json"),
            ("[1, 2]", "malformed_json"),
            (json.dumps({"userId": "u"}), "missing_message"),
            (json.dumps({"message": "x", "scenario": "tps=0"}), "bad_scenario"),
            (json.dumps({"message": "x" * 20_000}), "message_too_large"),
            (json.dumps({"type": "dance"}), "unknown_type"),
            (json.dumps({"type": "resume", "replyId": "nope", "fromSeq": 0}), "unknown_reply"),
        ]:
            await ws.send(bad)
            frame = await _recv_json(ws)
            assert (frame["type"], frame["code"]) == ("error", code), bad
        await ws.send(b"\x00binary")
        assert (await _recv_json(ws))["code"] == "malformed_json"
        await ws.send(json.dumps({"message": "still there?", "scenario": FAST}))
        _, chunks, done = await _collect_envelope(ws)
        assert chunks and done["type"] == "done"


async def test_status_scenario_refuses_the_handshake(stub: EmbeddedStub) -> None:
    with pytest.raises(InvalidStatus) as caught:
        async with connect(stub.ws_url + "/ws/chat?scenario=status=503"):
            pass
    assert caught.value.response.status_code == 503


async def test_bad_framing_parameter_is_refused(stub: EmbeddedStub) -> None:
    with pytest.raises(InvalidStatus) as caught:
        async with connect(stub.ws_url + "/ws/chat?framing=xml"):
            pass
    assert caught.value.response.status_code == 400


async def test_drop_after_cuts_without_close_frame(stub: EmbeddedStub) -> None:
    async with connect(stub.ws_url + "/ws/chat") as ws:
        await ws.send(json.dumps({"message": "m", "scenario": FAST + ",drop_after=4"}))
        pieces = []
        with pytest.raises(ConnectionClosedError) as caught:
            while True:
                pieces.append(await asyncio.wait_for(ws.recv(), seconds(5)))
    assert len(pieces) == 4
    assert caught.value.rcvd is None  # no close frame: the client reports 1006


async def test_resume_mid_generation_loses_and_repeats_nothing(
    stub: EmbeddedStub, client: httpx.AsyncClient
) -> None:
    # Slow enough that the reply is still being generated when we reconnect.
    scenario = "ttft_ms=0,tps=200,jitter_ms=0,drop_after=5,script=en"
    async with connect(stub.ws_url + "/ws/chat?framing=envelope") as ws:
        await ws.send(json.dumps({"message": "m", "userId": "u9", "scenario": scenario}))
        start = await _recv_json(ws)
        first = []
        with pytest.raises(ConnectionClosedError):
            while True:
                first.append(await _recv_json(ws))
    assert [f["seq"] for f in first] == [0, 1, 2, 3, 4]
    reply_id = start["replyId"]
    assert (await trace(client, reply_id))["complete"] is False  # still generating

    async with connect(stub.ws_url + "/ws/chat?framing=envelope") as ws:
        await ws.send(
            json.dumps({"type": "resume", "replyId": reply_id, "fromSeq": 5, "userId": "u9"})
        )
        rest = []
        while (frame := await _recv_json(ws))["type"] == "chunk":
            rest.append(frame)
    assert frame["type"] == "done"
    seqs = [f["seq"] for f in first + rest]
    assert seqs == list(range(frame["seq"]))
    recorded = await trace(client, reply_id)
    assert "".join(f["text"] for f in first + rest) == recorded["text"]


async def test_resume_after_completion_replays_the_rest(stub: EmbeddedStub) -> None:
    async with connect(stub.ws_url + "/ws/chat?framing=envelope") as ws:
        await ws.send(json.dumps({"message": "m", "scenario": FAST}))
        reply_id, chunks, _ = await _collect_envelope(ws)
    async with connect(stub.ws_url + "/ws/chat?framing=envelope") as ws:
        await ws.send(json.dumps({"type": "resume", "replyId": reply_id, "fromSeq": 2}))
        rest = []
        while (frame := await _recv_json(ws))["type"] == "chunk":
            rest.append(frame)
    assert rest == chunks[2:]


async def test_resume_of_another_users_reply_is_refused(stub: EmbeddedStub) -> None:
    async with connect(stub.ws_url + "/ws/chat?framing=envelope") as ws:
        await ws.send(json.dumps({"message": "m", "userId": "alice", "scenario": FAST}))
        reply_id, _, _ = await _collect_envelope(ws)
        await ws.send(json.dumps({"type": "resume", "replyId": reply_id, "userId": "bob"}))
        assert (await _recv_json(ws))["code"] == "foreign_reply"


async def test_malformed_frame_comes_before_the_chunk_it_names(stub: EmbeddedStub) -> None:
    async with connect(stub.ws_url + "/ws/chat?framing=envelope") as ws:
        await ws.send(json.dumps({"message": "m", "scenario": FAST + ",malformed_at=2"}))
        frames = []
        while True:
            frame = await asyncio.wait_for(ws.recv(), seconds(5))
            frames.append(frame)
            if '"type":"done"' in str(frame):
                break
    bad = [i for i, f in enumerate(frames) if not _is_json(str(f))]
    assert len(bad) == 1
    assert json.loads(frames[bad[0] + 1])["seq"] == 2


async def test_error_at_sends_an_error_frame_mid_reply(stub: EmbeddedStub) -> None:
    async with connect(stub.ws_url + "/ws/chat?framing=envelope") as ws:
        await ws.send(json.dumps({"message": "m", "scenario": FAST + ",error_at=3"}))
        _, chunks, final = await _collect_envelope(ws)
    assert len(chunks) == 3
    assert final["type"] == "error" and final["code"] == "upstream_error"


async def test_two_sockets_stream_independently(stub: EmbeddedStub) -> None:
    async def one(message: str) -> str:
        async with connect(stub.ws_url + "/ws/chat?framing=envelope") as ws:
            await ws.send(json.dumps({"message": message, "scenario": FAST}))
            _, chunks, _ = await _collect_envelope(ws)
            return "".join(c["text"] for c in chunks)

    a, b = await asyncio.gather(one("a"), one("b"))
    assert a and b


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


@given(st.text(), st.integers(0, 10**6), st.floats(0, 10**7, allow_nan=False))
def test_hand_formatted_envelope_is_the_json_it_claims(text: str, seq: int, stamp: float) -> None:
    frame = envelope_chunk("r0123abcd", ChunkRecord(seq, text, 0.0, stamp))
    assert json.loads(frame) == {
        "type": "chunk",
        "replyId": "r0123abcd",
        "seq": seq,
        "text": text,
        "emittedAt": stamp,
    }


async def test_raw_malformed_frame_is_binary_and_not_utf8(stub: EmbeddedStub) -> None:
    async with connect(stub.ws_url + "/ws/chat") as ws:
        await ws.send(json.dumps({"message": "m", "scenario": FAST + ",malformed_at=1"}))
        frames = []
        while (frame := await asyncio.wait_for(ws.recv(), seconds(5))) != "[DONE]":
            frames.append(frame)
    binary = [f for f in frames if isinstance(f, bytes)]
    assert len(binary) == 1 and frames.index(binary[0]) == 1
    with pytest.raises(UnicodeDecodeError):
        binary[0].decode()


async def test_resume_ahead_of_generation_sends_nothing_the_client_has(stub: EmbeddedStub) -> None:
    # The client claims to hold chunks 0-5 while only the first few exist yet.
    async with connect(stub.ws_url + "/ws/chat?framing=envelope") as ws:
        await ws.send(
            json.dumps({"message": "m", "scenario": "ttft_ms=0,tps=100,jitter_ms=0,drop_after=1"})
        )
        start = await _recv_json(ws)
        with pytest.raises(ConnectionClosedError):
            while True:
                await _recv_json(ws)
    async with connect(stub.ws_url + "/ws/chat?framing=envelope") as ws:
        await ws.send(json.dumps({"type": "resume", "replyId": start["replyId"], "fromSeq": 6}))
        frames = []
        while (frame := await _recv_json(ws))["type"] == "chunk":
            frames.append(frame)
    assert frames[0]["seq"] == 6
    assert [f["seq"] for f in frames] == list(range(6, frame["seq"]))
