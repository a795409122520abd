"""Issue 28: over random byte corruptions and cut points of a recorded stream, on every
transport, a run is ok only when the page's text equals the text the server sent.

The recorded stream is one reply in the seed's contract (raw WebSocket frames, a text/plain
body for chunked and download, JSON for sync and polling). Hypothesis replaces bytes of its
payload (so the framing stays parseable: what the server sends is still a reply, maybe not
UTF-8) and may cut the connection after any byte. The oracle is what the bytes on the wire
say: the text they encode when the reply arrived whole and is valid UTF-8, else nothing — and
then no verdict may be ok. The verdict is the one the bench gives without an oracle (the
hardest case: a user's backend with no trace).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.transports import ReplyCompleted, RunEvent, SendMessage, create_transport
from simulator.transports.backend import spring_profile
from simulator.verdict import judge
from simulator.wx import WxConfig, WxRuntime
from tests.doubles import raw_wire as rw

HANDSHAKE_LEN = len(
    rw.handshake(rw.Request("GET", "/", "", {"sec-websocket-key": "a" * 24}, b"", None))  # type: ignore[arg-type]
)
"""Our 101 answer's size (the accept key is 28 characters for any key)."""
PIECES = ("你好", "，世界！", "Hello", ", 流式", "输出。", "✓ é")
"""The recorded reply, as the server wrote it (one frame / one chunk each)."""
SENT = "".join(PIECES)


@dataclass(frozen=True)
class Wire:
    """One corrupted, maybe cut, recording: the routes that serve it and the oracle."""

    routes: dict[str, rw.Route]
    sent: str | None
    """The text the wire carries, or None when it carries no whole valid reply."""


def corrupt(data: bytes, hits: list[tuple[int, int]], base: int) -> bytes:
    """`data` (at offset `base` of the payload) with each (offset, byte) of `hits` applied."""
    out = bytearray(data)
    for at, byte in hits:
        if base <= at < base + len(data):
            out[at - base] = byte
    return bytes(out)


def split(payload: bytes, sizes: list[int]) -> list[bytes]:
    at, out = 0, []
    for size in sizes:
        out.append(payload[at : at + size])
        at += size
    return out


def strict(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def sizes_of(pieces: tuple[str, ...]) -> list[int]:
    return [len(p.encode()) for p in pieces]


def socket_wire(hits: list[tuple[int, int]], cut: int | None, fragmented: bool) -> Wire:
    """Raw frames, then `[DONE]` (the corruption may hit it too), then a close 1000."""
    payloads = [*(p.encode() for p in PIECES), b"[DONE]"]
    total = 0
    frames: list[bytes] = []
    texts: list[str | None] = []
    for payload in payloads:
        bad = corrupt(payload, hits, total)
        total += len(payload)
        texts.append(strict(bad))
        cuts = [len(bad) // 2] if fragmented and len(bad) > 1 else []
        frames.append(b"".join(rw.fragments(bad, cuts)))
    route = rw.ws_stream(frames, close=True)
    handshake_len = HANDSHAKE_LEN
    sent: str | None = None
    delivered = len(frames) if cut is None else _whole(frames, cut - handshake_len)
    shown: list[str] = []
    for text in texts[:delivered]:
        if text is None:
            break  # the connection fails at an invalid message: no whole reply
        if text == "[DONE]":
            sent = "".join(shown)
            break
        shown.append(text)
    else:
        # No [DONE] (corrupted away or cut): a close 1000 after text also ends a raw reply
        closed = cut is None or cut - handshake_len >= sum(len(f) for f in frames) + 4
        if closed and all(t is not None for t in texts):
            sent = "".join(shown)
    if cut is not None:
        route = rw.cut_after(route, cut)
    return Wire({"/ws/chat": route}, sent)


def _whole(frames: list[bytes], budget: int) -> int:
    """How many frames arrive whole in the first `budget` bytes after the handshake."""
    count = 0
    for data in frames:
        budget -= len(data)
        if budget < 0:
            break
        count += 1
    return count


def body_wire(hits: list[tuple[int, int]], cut: int | None) -> Wire:
    """The text/plain chunked body of chunked and download."""
    payload = corrupt(SENT.encode(), hits, 0)
    route = rw.http_stream(split(payload, sizes_of(PIECES)))
    whole = len(rw.head()) + sum(len(rw.chunk(p)) for p in split(payload, sizes_of(PIECES))) + 5
    sent = strict(payload) if cut is None or cut >= whole else None
    if cut is not None:
        route = rw.cut_after(route, cut)
    return Wire({"/api/chat/miniapp-stream": route}, sent)


def json_wire(hits: list[tuple[int, int]], cut: int | None, polled: bool) -> Wire:
    """The sync answer, or the one poll that completes the reply."""
    data: dict[str, Any] = {"content": SENT, "replyId": "r1"}
    if polled:
        data["complete"] = True
    body = corrupt(rw.json_body({"success": True, "data": data}), hits, 0)
    route = rw.http_body(body)
    whole = len(rw.head(200, "application/json; charset=utf-8", length=len(body))) + len(body)
    sent = None
    text = strict(body) if cut is None or cut >= whole else None
    if text is not None:
        try:
            parsed = json.loads(text)
            content = parsed["data"]["content"]
            ok = not polled or parsed["data"].get("complete") is True
            sent = content if isinstance(content, str) and ok else None
        except (ValueError, KeyError, TypeError):
            sent = None
    if cut is not None:
        route = rw.cut_after(route, cut)
    if not polled:
        return Wire({"/api/chat/send": route}, sent)
    start = rw.http_body(rw.json_body({"success": True, "data": {"replyId": "r1"}}))
    return Wire({"/api/chat/stream": start, "/api/chat/poll": route}, sent)


TRANSPORTS: dict[str, tuple[Callable[..., Wire], dict[str, Any], WxConfig]] = {
    "websocket": (socket_wire, {"max_reconnects": 0}, WxConfig()),
    "chunked": (body_wire, {}, WxConfig()),
    "download": (body_wire, {}, WxConfig()),
    "download-lenient": (body_wire, {}, WxConfig(download_fidelity="lenient")),
    "sync": (lambda h, c: json_wire(h, c, polled=False), {}, WxConfig()),
    "polling": (
        lambda h, c: json_wire(h, c, polled=True),
        {"interval_s": 0.01, "deadline_s": 1.0},  # a poll whose `complete` was hit repeats
        WxConfig(),
    ),
}

HITS = st.lists(st.tuples(st.integers(0, len(SENT.encode()) + 40), st.integers(0, 255)), max_size=3)
CUT = st.one_of(st.none(), st.integers(0, 400))


@pytest.fixture(scope="module")
def wire() -> Iterator[rw.RawWire]:
    with rw.raw_wire() as double:
        yield double


async def run_once(name: str, wire: rw.RawWire, recorded: Wire) -> list[RunEvent]:
    _, options, config = TRANSPORTS[name]
    wire.routes.clear()
    wire.routes.update(recorded.routes)
    wx = WxRuntime(config)
    # The seed's contract; a raw socket reply ends by [DONE] or a close, never by silence
    profile = spring_profile(wire.base_url).with_options(ws_idle_end_s=None)
    transport = create_transport(name.removesuffix("-lenient"), wx, profile, **options)
    events: list[RunEvent] = []
    try:
        await asyncio.wait_for(transport.run(SendMessage("hi"), events.append), 30)
    finally:
        await wx.aclose()
    return events


def check(name: str, wire: rw.RawWire, recorded: Wire) -> None:
    events = asyncio.run(run_once(name, wire, recorded))
    end = events[-1]
    page = end.text if isinstance(end, ReplyCompleted) else None
    verdict = judge(events)
    if verdict.ok:
        assert recorded.sent is not None, f"ok, but the wire carried no whole reply: {end}"
        assert page == recorded.sent, (page, recorded.sent)


@pytest.mark.parametrize("name", list(TRANSPORTS))
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(hits=HITS, cut=CUT, fragmented=st.booleans())
def test_a_run_is_ok_only_when_the_page_shows_what_the_server_sent(
    name: str, wire: rw.RawWire, hits: list[tuple[int, int]], cut: int | None, fragmented: bool
) -> None:
    build = TRANSPORTS[name][0]
    recorded = build(hits, cut, fragmented) if name == "websocket" else build(hits, cut)
    check(name, wire, recorded)


@pytest.mark.parametrize("name", list(TRANSPORTS))
def test_the_uncorrupted_recording_is_ok_on_every_transport(name: str, wire: rw.RawWire) -> None:
    """The property is not vacuous: the clean stream is judged ok and shows the sent text."""
    build = TRANSPORTS[name][0]
    recorded = build([], None, True) if name == "websocket" else build([], None)
    assert recorded.sent == SENT
    events = asyncio.run(run_once(name, wire, recorded))
    assert judge(events).ok and isinstance(events[-1], ReplyCompleted)
    assert events[-1].text == SENT
