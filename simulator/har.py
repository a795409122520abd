"""HAR 1.2 export of wx flows (requests, downloads, sockets), readable by Chrome DevTools.

A flow is the runtime's own record (`simulator.wx.flows.Flow`, kept with its events: the
session's runtimes keep them when HAR or the network panel may need them). Sockets follow
Chrome's convention: `_resourceType: "websocket"` and the frames in `_webSocketMessages`.
Body pieces go in `_chunks` (time and size of each `onChunkReceived`), which HAR viewers ignore.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from simulator.wx import events as ev
from simulator.wx.flows import Flow

CREATOR = {"name": "wx-stream-sim", "version": "0.1"}
RESOURCE_TYPES = {"request": "fetch", "download": "other", "socket": "websocket"}
"""Chrome's `_resourceType` per wx flow kind."""


def _text(data: str | bytes | None) -> str:
    if data is None:
        return ""
    return data if isinstance(data, str) else data.decode("utf-8", errors="replace")


class _Clock:
    """Turns the events' monotonic seconds into wall-clock time for HAR's dates."""

    def __init__(self) -> None:
        self._offset = time.time() - time.monotonic()

    def epoch(self, at: float) -> float:
        return self._offset + at

    def iso(self, at: float) -> str:
        return datetime.fromtimestamp(self.epoch(at), UTC).isoformat(timespec="milliseconds")


def _ms(start: float | None, end: float | None) -> float:
    """Milliseconds from `start` to `end`, or HAR's -1 when one is unknown."""
    if start is None or end is None:
        return -1
    return round(max(0.0, end - start) * 1000, 3)


def _headers(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in pairs]


def _content_type(pairs: Sequence[tuple[str, str]], default: str) -> str:
    return next((v for k, v in pairs if k.lower() == "content-type"), default)


def entry(flow: Flow, clock: _Clock) -> dict[str, Any] | None:
    """The HAR entry of one flow; None when its `TaskStarted` is missing."""
    start = next((e for e in flow.events if isinstance(e, ev.TaskStarted)), None)
    if start is None:
        return None
    status, status_text = 0, ""
    resp_headers: tuple[tuple[str, str], ...] = ()
    req_headers: tuple[tuple[str, str], ...] = start.headers
    headers_at = first_at = end_at = None
    body = bytearray()
    chunks: list[dict[str, Any]] = []
    frames: list[dict[str, Any]] = []
    error = ""
    for e in flow.events:
        match e:
            case ev.HeadersReceived():
                status, headers_at, resp_headers = e.status, e.at, e.headers
            case ev.SocketOpened():
                status, status_text, headers_at = 101, "Switching Protocols", e.at
                resp_headers = e.headers
                req_headers = e.request_headers or req_headers
            case ev.ChunkReceived():
                first_at = first_at or e.at
                if e.data is not None:
                    body += e.data
                chunks.append({"time": round(_ms(start.at, e.at), 3), "size": e.size})
            case ev.FrameSent() | ev.FrameReceived():
                first_at = first_at or (e.at if isinstance(e, ev.FrameReceived) else None)
                frames.append(
                    {
                        "type": "send" if isinstance(e, ev.FrameSent) else "receive",
                        "time": clock.epoch(e.at),
                        "opcode": 2 if e.binary else 1,
                        "data": _text(e.data),
                    }
                )
            case ev.TaskCompleted():
                status, end_at = e.status or status, e.at
            case ev.SocketClosed():
                end_at = e.at
                frames.append(
                    {"type": "receive", "time": clock.epoch(e.at), "opcode": 8, "data": str(e.code)}
                )
            case ev.TaskFailed():
                end_at = end_at or e.at
                error = e.err_msg
            case _:
                pass
    last = end_at or (flow.events[-1].at if flow.events else start.at)
    wait = _ms(start.at, headers_at or first_at or last)
    receive = _ms(headers_at or first_at or last, last)
    parts = urlsplit(start.url)
    request: dict[str, Any] = {
        "method": start.method,
        "url": start.url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": _headers(req_headers),
        "queryString": [{"name": k, "value": v} for k, v in parse_qsl(parts.query)],
        "headersSize": -1,
        "bodySize": len(start.body or b""),
    }
    if start.body:
        mime = _content_type(start.headers, "application/json")
        request["postData"] = {"mimeType": mime, "text": _text(start.body)}
    mime = _content_type(resp_headers, "x-unknown")
    out: dict[str, Any] = {
        "startedDateTime": clock.iso(start.at),
        "time": round(wait + receive, 3),
        "request": request,
        "response": {
            "status": status,
            "statusText": status_text,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _headers(resp_headers),
            "content": {"size": len(body), "mimeType": mime, "text": _text(bytes(body))},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(body) if start.kind != "socket" else 0,
        },
        "cache": {},
        "timings": {
            **{"blocked": -1, "dns": -1, "connect": -1, "ssl": -1, "send": 0},
            **{"wait": wait, "receive": receive},
        },
        "_resourceType": RESOURCE_TYPES.get(start.kind, "other"),
        "_transport": flow.lane,
        "_chunks": chunks,
    }
    if error:
        out["response"]["_error"] = error
    if start.kind == "socket":
        out["_webSocketMessages"] = frames
    return out


def build_har(flows: Iterable[Flow]) -> dict[str, Any]:
    """The whole HAR document of `flows`, in the order given."""
    clock = _Clock()
    entries = [e for f in flows if (e := entry(f, clock)) is not None]
    return {"log": {"version": "1.2", "creator": CREATOR, "pages": [], "entries": entries}}


def write_har(flows: Iterable[Flow], path: Path) -> int:
    """Write the HAR of `flows` to `path`; returns the number of entries written."""
    har = build_har(flows)
    path.write_text(json.dumps(har, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(har["log"]["entries"])
