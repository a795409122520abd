"""miniapp-stream (text/plain), SSE and the OpenAI-compatible endpoint, read with httpx."""

from __future__ import annotations

import itertools
import json
from typing import Any

import httpx
import pytest

from tests.backend_stub.conftest import FAST, trace


async def _raw_reads(
    client: httpx.AsyncClient, method: str, url: str, **kwargs: Any
) -> tuple[httpx.Response, list[bytes]]:
    async with client.stream(method, url, **kwargs) as response:
        reads = [piece async for piece in response.aiter_raw()]
    return response, reads


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_miniapp_stream_is_chunked_plain_text_on_get_and_post(
    client: httpx.AsyncClient, method: str
) -> None:
    params = {"message": "你好", "userId": "u", "scenario": FAST}
    if method == "GET":  # what wx.downloadFile sends
        response, reads = await _raw_reads(client, "GET", "/api/chat/miniapp-stream", params=params)
    else:
        response, reads = await _raw_reads(client, "POST", "/api/chat/miniapp-stream", json=params)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["transfer-encoding"] == "chunked"
    assert "content-length" not in response.headers
    recorded = await trace(client, response.headers["x-reply-id"])
    assert b"".join(reads).decode() == recorded["text"]


async def test_miniapp_stream_accepts_a_form_body(client: httpx.AsyncClient) -> None:
    response, reads = await _raw_reads(
        client, "POST", "/api/chat/miniapp-stream", data={"message": "hi", "scenario": FAST}
    )
    assert response.status_code == 200 and b"".join(reads)


async def test_miniapp_stream_paces_elements_100_ms_apart_by_default(
    client: httpx.AsyncClient,
) -> None:
    # Only the first elements: the trace's due times show the pace without waiting for all.
    response, _ = await _raw_reads(
        client,
        "GET",
        "/api/chat/miniapp-stream",
        params={"message": "m", "scenario": "ttft_ms=0,jitter_ms=0,length=16,script=en"},
    )
    chunks = (await trace(client, response.headers["x-reply-id"]))["chunks"]
    dues = [c["dueAt"] for c in chunks]  # type: ignore[union-attr]
    gaps = [b - a for a, b in itertools.pairwise(dues)]
    assert gaps and all(abs(gap - 0.1) < 1e-6 for gap in gaps)


async def test_slice_bytes_splits_utf8_characters_across_writes(client: httpx.AsyncClient) -> None:
    response, reads = await _raw_reads(
        client,
        "GET",
        "/api/chat/miniapp-stream",
        params={"message": "m", "scenario": FAST + ",slice_bytes=1,script=zh"},
    )
    body = b"".join(reads)
    recorded = await trace(client, response.headers["x-reply-id"])
    assert body.decode() == recorded["text"]
    # Network reads coalesce writes, but one-byte writes of 3-byte characters must leave
    # some read ending inside a character.
    assert len(reads) > 1
    assert any(_ends_mid_character(read) for read in reads[:-1])


def _ends_mid_character(data: bytes) -> bool:
    try:
        data.decode()
    except UnicodeDecodeError:
        return True
    return False


async def test_drop_after_leaves_the_chunked_body_unfinished(client: httpx.AsyncClient) -> None:
    received = b""
    with pytest.raises(httpx.RemoteProtocolError):
        async with client.stream(
            "GET",
            "/api/chat/miniapp-stream",
            params={"message": "m", "scenario": FAST + ",drop_after=3,script=en"},
        ) as response:
            async for piece in response.aiter_raw():
                received += piece
    recorded = await trace(client, response.headers["x-reply-id"])
    chunks = recorded["chunks"]
    assert received.decode() == "".join(c["text"] for c in chunks[:3])  # type: ignore[index]


async def test_status_scenario_answers_json_error(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/api/chat/miniapp-stream", params={"message": "m", "scenario": "status=502"}
    )
    assert response.status_code == 502
    assert response.json()["success"] is False
    assert response.json()["error"]["code"] == "scenario_status"


def _sse_events(text: str) -> list[dict[str, str]]:
    events = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        fields: dict[str, str] = {}
        for line in block.split("\n"):
            key, _, value = line.partition(": ")
            fields[key] = fields.get(key, "") + value
        events.append(fields)
    return events


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_sse_events_carry_seq_text_and_emission(
    client: httpx.AsyncClient, method: str
) -> None:
    params = {"message": "hello", "userId": "u", "scenario": FAST}
    if method == "GET":
        response, reads = await _raw_reads(client, "GET", "/api/chat/sse", params=params)
    else:
        response, reads = await _raw_reads(client, "POST", "/api/chat/sse", json=params)
    assert response.headers["content-type"].startswith("text/event-stream")
    events = _sse_events(b"".join(reads).decode())
    assert events[-1] == {"event": "done", "data": "[DONE]"}
    data = [json.loads(e["data"]) for e in events[:-1]]
    assert [e["id"] for e in events[:-1]] == [str(d["seq"]) for d in data]
    recorded = await trace(client, response.headers["x-reply-id"])
    assert "".join(d["text"] for d in data) == recorded["text"]
    assert {d["replyId"] for d in data} == {recorded["replyId"]}


async def test_sse_error_at_ends_with_an_error_event(client: httpx.AsyncClient) -> None:
    _, reads = await _raw_reads(
        client, "GET", "/api/chat/sse", params={"message": "m", "scenario": FAST + ",error_at=2"}
    )
    events = _sse_events(b"".join(reads).decode())
    assert len(events) == 3
    assert events[-1]["event"] == "error"
    assert json.loads(events[-1]["data"])["code"] == "upstream_error"


async def test_sse_malformed_event_precedes_its_chunk(client: httpx.AsyncClient) -> None:
    _, reads = await _raw_reads(
        client,
        "GET",
        "/api/chat/sse",
        params={"message": "m", "scenario": FAST + ",malformed_at=1"},
    )
    events = _sse_events(b"".join(reads).decode())
    broken = [e for e in events if e.get("data", "").startswith("{") and not _json_ok(e["data"])]
    assert len(broken) == 1 and broken[0]["id"] == "1"


def _json_ok(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


async def test_openai_streaming_shape(client: httpx.AsyncClient) -> None:
    body = {"model": "gpt-x", "stream": True, "messages": [{"role": "user", "content": "hi"}]}
    response, reads = await _raw_reads(
        client, "POST", "/v1/chat/completions", json=body, params={"scenario": FAST}
    )
    lines = [line for line in b"".join(reads).decode().split("\n\n") if line]
    assert lines[-1] == "data: [DONE]"
    chunks = [json.loads(line.removeprefix("data: ")) for line in lines[:-1]]
    assert all(c["object"] == "chat.completion.chunk" and c["model"] == "gpt-x" for c in chunks)
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert text == (await trace(client, response.headers["x-reply-id"]))["text"]


async def test_openai_non_streaming_shape(client: httpx.AsyncClient) -> None:
    body = {
        "model": "m",
        "messages": [
            {"role": "system", "content": "be brief"},
            {"role": "user", "content": [{"type": "text", "text": "hi"}]},
        ],
    }
    response = await client.post("/v1/chat/completions", json=body, params={"scenario": FAST})
    completion = response.json()
    assert completion["object"] == "chat.completion"
    assert completion["choices"][0]["message"]["role"] == "assistant"
    assert completion["choices"][0]["message"]["content"]
    assert completion["usage"]["total_tokens"] > 0


@pytest.mark.parametrize(
    "body",
    [{}, {"messages": []}, {"messages": [{"role": "system", "content": "x"}]}, {"messages": "hi"}],
)
async def test_openai_bad_requests_use_openai_error_shape(
    client: httpx.AsyncClient, body: dict[str, Any]
) -> None:
    response = await client.post("/v1/chat/completions", json=body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error" and error["message"]


async def test_client_leaving_cancels_the_stream(client: httpx.AsyncClient) -> None:
    async with client.stream(
        "GET", "/api/chat/sse", params={"message": "m", "scenario": "ttft_ms=0,tps=50"}
    ) as response:
        async for _ in response.aiter_raw():
            break
    reply_id = response.headers["x-reply-id"]
    # The server notices the disconnect on its own loop; read the trace until it shows (bounded).
    for _ in range(500):
        recorded = await trace(client, reply_id)
        if recorded["error"] is not None:
            break
    assert recorded["error"] == {
        "code": "client_gone",
        "message": "the client closed the connection",
    }
