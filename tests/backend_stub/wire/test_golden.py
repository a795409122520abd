"""The golden-frames fixture is current, and a live stub sends exactly those bytes."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect

from backend_stub import EmbeddedStub
from backend_stub.wire import golden

FIXTURE = Path(__file__).parents[2] / "fixtures" / "golden_frames" / "frames.json"


def _case(fmt: str, case: str) -> dict[str, Any]:
    cases = json.loads(FIXTURE.read_text(encoding="utf-8"))["cases"]
    found: dict[str, Any] = next(c for c in cases if c["format"] == fmt and c["case"] == case)
    return found


def test_the_fixture_matches_the_framers() -> None:
    assert FIXTURE.read_text(encoding="utf-8") == golden.render(), (
        "framers changed: regenerate with `python -m backend_stub.wire.golden`"
    )


def test_every_format_has_every_fault() -> None:
    cases = json.loads(FIXTURE.read_text(encoding="utf-8"))["cases"]
    for fmt in golden.FORMATS:
        names = {c["case"] for c in cases if c["format"] == fmt}
        assert {"complete", "error_at", "malformed_at", "drop_after", "slice_bytes"} <= names
    text = json.loads(FIXTURE.read_text(encoding="utf-8"))["reply"]["text"]
    assert all(c["text"] == text for c in cases if c["case"] in ("complete", "malformed_at"))


@pytest.mark.parametrize("case", ["complete", "malformed_at", "slice_bytes", "error_at"])
async def test_a_live_plain_stream_sends_the_golden_body(
    client: httpx.AsyncClient, case: str
) -> None:
    expected = _case("plain", case)
    params = {"message": golden.MESSAGE, "scenario": expected["scenario"]}
    body = b""
    try:
        async with client.stream("GET", "/api/chat/miniapp-stream", params=params) as response:
            async for piece in response.aiter_raw():
                body += piece
    except httpx.RemoteProtocolError:
        assert expected["end"] == "drop"
    assert body == base64.b64decode(expected["body"])


@pytest.mark.parametrize("case", ["complete", "malformed_at", "error_at"])
async def test_a_live_raw_socket_sends_the_golden_frames(stub: EmbeddedStub, case: str) -> None:
    expected = _case("ws_raw", case)
    frames: list[dict[str, str]] = []
    async with connect(stub.ws_url + "/ws/chat") as ws:
        message = {"message": golden.MESSAGE, "scenario": expected["scenario"]}
        await ws.send(json.dumps(message))
        while len(frames) < len(expected["frames"]):
            frame = await ws.recv()
            if isinstance(frame, bytes):
                frames.append({"type": "bytes", "base64": base64.b64encode(frame).decode()})
            else:
                frames.append({"type": "text", "text": frame})
    # Error frames name the live reply's id; everything else must match byte for byte.
    live_id = json.loads(frames[-1]["text"]).get("replyId") if case == "error_at" else None
    if live_id:
        frames[-1]["text"] = frames[-1]["text"].replace(live_id, golden.REPLY_ID)
    assert frames == expected["frames"]


async def test_live_sse_frames_match_but_for_id_and_stamps(client: httpx.AsyncClient) -> None:
    expected = _case("sse", "complete")
    params = {"message": golden.MESSAGE, "scenario": expected["scenario"]}
    response = await client.get("/api/chat/sse", params=params)
    live_id = response.headers["x-reply-id"]
    events = response.text.replace(live_id, golden.REPLY_ID).split("\n\n")
    golden_events = base64.b64decode(expected["body"]).decode().split("\n\n")
    assert len(events) == len(golden_events)
    for live, fixed in zip(events, golden_events, strict=True):
        if live.startswith("id: "):
            head, data = live.split("\ndata: ")
            fixed_head, fixed_data = fixed.split("\ndata: ")
            live_value, fixed_value = json.loads(data), json.loads(fixed_data)
            live_value.pop("emittedAt")
            fixed_value.pop("emittedAt")
            assert (head, live_value) == (fixed_head, fixed_value)
        else:
            assert live == fixed
