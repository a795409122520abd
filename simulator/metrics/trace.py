"""The backend's emission trace (our stub's `GET /api/debug/trace/{replyId}`) and its reader."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class EmittedChunk:
    """One chunk as the backend wrote it: sequence number, text, its `time.monotonic()` stamp."""

    seq: int
    text: str
    emitted_at: float


@dataclass(frozen=True, slots=True)
class EmissionTrace:
    """What the backend says it sent for one reply."""

    reply_id: str
    text: str
    complete: bool
    chunks: tuple[EmittedChunk, ...]
    scenario: str | None = None
    """The scenario spec the backend used for this reply ("" = its defaults; None = not said)."""


def parse_trace(body: Mapping[str, Any]) -> EmissionTrace:
    """Build a trace from the stub's JSON.

    Raises:
        ValueError: the body is not a trace.
    """
    try:
        chunks = tuple(
            EmittedChunk(int(c["seq"]), str(c["text"]), float(c["emittedAt"]))
            for c in body["chunks"]
        )
        scenario = body.get("scenario")
        return EmissionTrace(
            str(body["replyId"]),
            str(body["text"]),
            bool(body["complete"]),
            chunks,
            scenario if isinstance(scenario, str) else None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"not an emission trace: {exc!r}") from exc


async def fetch_emission_trace(
    base_url: str,
    reply_id: str,
    *,
    path: str = "/api/debug/trace",
    headers: Mapping[str, str] | None = None,
    timeout_s: float = 5.0,
) -> EmissionTrace | None:
    """Read the trace of `reply_id`; None when the backend has none (404, not our stub).

    This is a debugging side channel, not mini-program traffic, so it goes through httpx
    directly rather than the emulated wx runtime (and is never counted in a run's requests).
    """
    import httpx  # here, not at the top: the window paints before anyone reads a trace

    url = f"{base_url.rstrip('/')}{path}/{reply_id}"
    async with httpx.AsyncClient(timeout=timeout_s, trust_env=False) as client:
        try:
            response = await client.get(url, headers=dict(headers or {}))
        except httpx.HTTPError:
            return None
    if response.status_code != 200:
        return None
    try:
        return parse_trace(response.json())
    except ValueError:
        return None
