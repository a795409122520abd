"""The stub's `/v1`: the model list OpenAI clients (and the probe) ask first, and the usage
chunk `stream_options.include_usage` asks for."""

from __future__ import annotations

import json

import httpx

from tests.backend_stub.conftest import FAST


async def test_models_lists_the_stub_model(client: httpx.AsyncClient) -> None:
    answer = await client.get("/v1/models")
    assert answer.status_code == 200
    body = answer.json()
    assert body["object"] == "list" and [m["id"] for m in body["data"]] == ["stub"]


def _events(text: str) -> list[str]:
    return [line.removeprefix("data: ") for line in text.split("\n") if line.startswith("data: ")]


async def test_include_usage_adds_a_usage_chunk_before_done(client: httpx.AsyncClient) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "你好"}], "stream": True}
    plain = await client.post("/v1/chat/completions", json=body, params={"scenario": FAST})
    assert not any('"usage"' in e for e in _events(plain.text))  # only when asked
    asked = await client.post(
        "/v1/chat/completions",
        json=body | {"stream_options": {"include_usage": True}},
        params={"scenario": FAST},
    )
    events = _events(asked.text)
    assert events[-1] == "[DONE]"
    usage = json.loads(events[-2])
    assert usage["choices"] == [] and usage["usage"]["completion_tokens"] > 0
    assert usage["usage"]["total_tokens"] == sum(
        usage["usage"][k] for k in ("prompt_tokens", "completion_tokens")
    )
    bad = await client.post(
        "/v1/chat/completions", json=body | {"stream_options": {"include_usage": "yes"}}
    )
    assert bad.status_code == 400 and "include_usage" in bad.text
