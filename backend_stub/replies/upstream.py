"""A streaming client of an OpenAI-compatible `/v1/chat/completions` (OpenAI, DeepSeek, Qwen
compatible mode, Ollama, vLLM, …): yields the content deltas exactly as they arrive."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field

import httpx

from backend_stub.replies.cassette import public_url

_ERROR_BODY_LIMIT = 4096
"""Bytes of an error answer read for its reason."""


@dataclass(frozen=True)
class UpstreamConfig:
    """Where the real LLM is and how to ask it."""

    url: str
    """Base URL (`https://api.deepseek.com/v1`, `http://127.0.0.1:11434/v1`) or the full
    `…/chat/completions` URL."""
    model: str = "gpt-4o-mini"
    token: str | None = field(default=None, repr=False)
    """Bearer token; kept out of `repr`, logs, errors and cassettes."""
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 120.0
    """Longest silence between two pieces of the upstream's answer (reasoning models think)."""
    system_prompt: str | None = None

    @property
    def completions_url(self) -> str:
        url = self.url.rstrip("/")
        return url if url.endswith("/chat/completions") else url + "/chat/completions"

    @property
    def safe_url(self) -> str:
        """The URL without user info, query or fragment: fit for logs and cassettes."""
        return public_url(self.completions_url)


class UpstreamError(Exception):
    """The upstream failed: unreachable, an error status, a broken or cut stream.

    `reason` says what happened in words fit for a client (never the token).
    """

    def __init__(self, reason: str, status: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status


def make_client(config: UpstreamConfig) -> httpx.AsyncClient:
    timeout = httpx.Timeout(
        connect=config.connect_timeout_s, read=config.read_timeout_s, write=10.0, pool=10.0
    )
    # trust_env=False: no proxy from the environment silently buffering the stream.
    return httpx.AsyncClient(timeout=timeout, trust_env=False)


def request_body(config: UpstreamConfig, prompt: str) -> dict[str, object]:
    messages = [{"role": "user", "content": prompt}]
    if config.system_prompt:
        messages.insert(0, {"role": "system", "content": config.system_prompt})
    return {"model": config.model, "messages": messages, "stream": True}


async def stream_deltas(
    client: httpx.AsyncClient, config: UpstreamConfig, prompt: str
) -> AsyncGenerator[str, None]:
    """Each non-empty content delta of the upstream's streamed answer, as it arrives.

    Ends at `data: [DONE]` without waiting for the connection to close (some servers keep it
    open). Raises `UpstreamError` for every failure, with the upstream's own reason when it
    gave one (a token the upstream echoes back is masked).
    """
    try:
        async for delta in _deltas(client, config, prompt):
            yield delta
    except UpstreamError as exc:
        token = config.token
        if token and token in exc.reason:
            raise UpstreamError(exc.reason.replace(token, "***"), exc.status) from None
        raise


async def _deltas(
    client: httpx.AsyncClient, config: UpstreamConfig, prompt: str
) -> AsyncGenerator[str, None]:
    headers = {"Accept": "text/event-stream"}
    if config.token:
        headers["Authorization"] = f"Bearer {config.token}"
    where = config.safe_url
    chunks = 0
    try:
        async with client.stream(
            "POST", config.completions_url, json=request_body(config, prompt), headers=headers
        ) as response:
            if response.status_code != 200:
                raise UpstreamError(await _status_reason(response), response.status_code)
            async for line in response.aiter_lines():
                if not line.startswith("data:"):
                    continue  # comments, `event:`, `id:`, blank separators
                data = line[5:].strip()
                if data == "[DONE]":
                    return
                delta = _delta(data)
                if delta:
                    chunks += 1
                    yield delta
            raise UpstreamError(f"upstream stream ended without [DONE] after {chunks} chunks")
    except httpx.ConnectError as exc:
        raise UpstreamError(f"upstream unreachable ({where}): {_plain(exc)}") from None
    except httpx.TimeoutException as exc:
        kind = type(exc).__name__
        raise UpstreamError(f"upstream timed out ({kind}) after {chunks} chunks") from None
    except httpx.RemoteProtocolError as exc:
        raise UpstreamError(f"upstream stream cut after {chunks} chunks: {_plain(exc)}") from None
    except httpx.HTTPError as exc:
        raise UpstreamError(f"upstream failed after {chunks} chunks: {_plain(exc)}") from None


def _delta(data: str) -> str:
    try:
        event = json.loads(data)
    except json.JSONDecodeError:
        raise UpstreamError(f"upstream sent a line that is not JSON: {data[:80]!r}") from None
    if not isinstance(event, dict):
        raise UpstreamError("upstream sent an event that is not a JSON object")
    if "error" in event:
        raise UpstreamError(f"upstream error in stream: {_error_message(event)}")
    choices = event.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return ""  # e.g. a usage-only event at the end
    delta = choices[0].get("delta")
    content = delta.get("content") if isinstance(delta, dict) else None
    return content if isinstance(content, str) else ""


async def _status_reason(response: httpx.Response) -> str:
    body = b""
    async for piece in response.aiter_bytes():
        body += piece
        if len(body) >= _ERROR_BODY_LIMIT:
            break
    text = body[:_ERROR_BODY_LIMIT].decode("utf-8", "replace")
    try:
        message = _error_message(json.loads(text))
    except (json.JSONDecodeError, AttributeError):
        message = text.strip()[:200]
    reason = response.reason_phrase or ""
    return f"upstream answered {response.status_code} {reason}".rstrip() + (
        f": {message}" if message else ""
    )


def _error_message(body: object) -> str:
    if not isinstance(body, dict):
        return ""
    error = body.get("error")
    if isinstance(error, dict):
        return str(error.get("message") or error.get("code") or "")
    if isinstance(error, str):
        return error
    return str(body.get("message", ""))


def _plain(exc: Exception) -> str:
    return str(exc) or type(exc).__name__
