"""Clients for the replay tests: one reply over each seed endpoint, as pieces and final state."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from websockets.asyncio.client import connect

from tests.helpers.timing import seconds


@dataclass
class Got:
    """What a client saw of one reply."""

    pieces: list[str] = field(default_factory=list)
    arrivals: list[float] = field(default_factory=list)
    error: dict[str, Any] | None = None
    status: int = 200
    reply_id: str | None = None
    cut: bool = False

    @property
    def text(self) -> str:
        return "".join(self.pieces)


async def ws_envelope(ws_url: str, message: str, scenario: str | None = None) -> Got:
    got = Got()
    body: dict[str, Any] = {"message": message, "userId": "t"}
    if scenario:
        body["scenario"] = scenario
    async with connect(f"{ws_url}/ws/chat?framing=envelope") as ws:
        await ws.send(json.dumps(body))
        while True:
            frame = json.loads(await asyncio.wait_for(ws.recv(), seconds(10)))
            if frame["type"] == "start":
                got.reply_id = frame["replyId"]
            elif frame["type"] == "chunk":
                got.arrivals.append(time.monotonic())
                got.pieces.append(frame["text"])
            else:
                if frame["type"] == "error":
                    got.error = frame
                return got


async def ws_raw(ws_url: str, message: str) -> Got:
    got = Got()
    async with connect(f"{ws_url}/ws/chat") as ws:
        await ws.send(json.dumps({"message": message, "userId": "t"}))
        while True:
            frame = await asyncio.wait_for(ws.recv(), seconds(10))
            assert isinstance(frame, str)
            if frame == "[DONE]":
                return got
            if frame.startswith('{"type":"error"'):
                got.error = json.loads(frame)
                return got
            got.pieces.append(frame)


async def _refused(response: httpx.Response, got: Got) -> bool:
    """A JSON error answer instead of a stream: note it in `got`."""
    got.status = response.status_code
    if response.status_code == 200:
        return False
    body = json.loads(await response.aread())
    got.error = body["error"]
    return True


async def sse(http: httpx.AsyncClient, message: str) -> Got:
    got = Got()
    params = {"message": message, "userId": "t"}
    async with http.stream("GET", "/api/chat/sse", params=params) as response:
        if await _refused(response, got):
            return got
        event = "message"
        async for line in response.aiter_lines():
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data = line[5:].strip()
                if event == "error":
                    got.error = json.loads(data)
                elif event == "message":
                    got.pieces.append(json.loads(data)["text"])
                event = "message"
    return got


async def plain(http: httpx.AsyncClient, message: str) -> Got:
    got = Got()
    params = {"message": message, "userId": "t"}
    try:
        async with http.stream("GET", "/api/chat/miniapp-stream", params=params) as response:
            if await _refused(response, got):
                return got
            body = b"".join([piece async for piece in response.aiter_raw()])
    except httpx.RemoteProtocolError:
        got.cut = True
        return got
    got.pieces.append(body.decode())
    return got


async def openai_stream(http: httpx.AsyncClient, message: str) -> Got:
    got = Got()
    body = {"model": "m", "stream": True, "messages": [{"role": "user", "content": message}]}
    async with http.stream("POST", "/v1/chat/completions", json=body) as response:
        if await _refused(response, got):
            return got
        async for line in response.aiter_lines():
            if not line.startswith("data:") or line.strip() == "data: [DONE]":
                continue
            event = json.loads(line[5:])
            if "error" in event:
                got.error = event["error"]
                continue
            content = event["choices"][0]["delta"].get("content")
            if content:
                got.pieces.append(content)
    return got


async def sync_send(http: httpx.AsyncClient, message: str) -> Got:
    response = await http.post("/api/chat/send", json={"message": message, "userId": "t"})
    got = Got(status=response.status_code)
    body = response.json()
    if response.status_code == 200:
        got.pieces.append(body["data"]["content"])
    else:
        got.error = body["error"]
    return got


async def poll(http: httpx.AsyncClient, message: str) -> Got:
    start = await http.post("/api/chat/stream", json={"message": message, "userId": "t"})
    session = start.json()["data"]["sessionId"]
    got = Got()
    deadline = time.monotonic() + seconds(10)
    while time.monotonic() < deadline:
        response = await http.get("/api/chat/poll", params={"sessionId": session, "wait_ms": 500})
        body = response.json()
        if response.status_code != 200:
            got.status, got.error = response.status_code, body["error"]
            return got
        if body["data"]["complete"]:
            got.pieces = [body["data"]["content"]]
            return got
    raise AssertionError("poll never completed")
