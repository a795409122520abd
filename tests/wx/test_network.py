"""Network emulation: re-slicing (property tests), pacing, and profiles seen end to end."""

from __future__ import annotations

import codecs
import itertools
import json
import random
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.wx import NETWORK_PROFILES, ChunkSlicing, FrameReceived, NetworkProfile, WxRuntime
from simulator.wx.network import Pacer, Slicer
from tests.helpers.waits import until
from tests.wx.conftest import Calls

slicings = st.builds(
    ChunkSlicing,
    mode=st.sampled_from(["fixed", "random"]),
    size=st.integers(1, 12),
    min_size=st.just(1),
    merge=st.sampled_from([0.0, 0.5, 1.0]),
)


def _reslice(writes: list[bytes], slicing: ChunkSlicing, seed: int) -> list[bytes]:
    slicer = Slicer(slicing, random.Random(seed))
    pieces = [p for w in writes for p in slicer.feed(w)]
    return pieces + slicer.flush()


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(min_size=0, max_size=80),
    cuts=st.lists(st.integers(0, 400), max_size=6),
    slicing=slicings,
    seed=st.integers(0, 2**16),
)
def test_resliced_utf8_decodes_incrementally_to_the_same_text(
    text: str, cuts: list[int], slicing: ChunkSlicing, seed: int
) -> None:
    raw = text.encode()
    bounds = sorted({min(c, len(raw)) for c in cuts} | {0, len(raw)})
    writes = [raw[a:b] for a, b in itertools.pairwise(bounds)]
    pieces = _reslice(writes, slicing, seed)
    assert all(pieces), "no empty chunk is ever delivered"
    decoder = codecs.getincrementaldecoder("utf-8")()
    assert "".join(decoder.decode(p) for p in pieces) + decoder.decode(b"", final=True) == text


@settings(max_examples=100, deadline=None)
@given(
    events=st.lists(st.text(min_size=1, max_size=20).filter(lambda t: "\n" not in t), max_size=8),
    slicing=slicings,
    seed=st.integers(0, 2**16),
)
def test_resliced_sse_stream_parses_to_the_same_events(
    events: list[str], slicing: ChunkSlicing, seed: int
) -> None:
    writes = [f"data: {e}\n\n".encode() for e in events]
    pieces = _reslice(writes, slicing, seed)
    decoder = codecs.getincrementaldecoder("utf-8")()
    buffer, parsed = "", []
    for piece in pieces:
        buffer += decoder.decode(piece)
        while "\n\n" in buffer:
            block, buffer = buffer.split("\n\n", 1)
            parsed.append(block.removeprefix("data: "))
    assert parsed == events


def test_fixed_slicing_cuts_at_stream_offsets_and_splits_a_character() -> None:
    pieces = _reslice(["你好".encode()], ChunkSlicing("fixed", size=2), seed=0)
    assert pieces == [b"\xe4\xbd", b"\xa0\xe5", b"\xa5\xbd"]


def test_short_read_is_handed_on_at_once_and_the_next_cut_stays_on_the_grid() -> None:
    slicer = Slicer(ChunkSlicing("fixed", size=4), random.Random(0))
    assert slicer.feed(b"ab") == [b"ab"]
    assert slicer.feed(b"cdefgh") == [b"cd", b"efgh"]


def test_merge_holds_a_tail_for_the_next_read_giving_two_events_in_one_chunk() -> None:
    slicer = Slicer(ChunkSlicing("fixed", size=100, merge=1.0), random.Random(0))
    assert slicer.feed(b"data: 1\n\n") == []
    assert slicer.feed(b"data: 2\n\n") == []
    assert slicer.flush() == [b"data: 1\n\ndata: 2\n\n"]


def test_random_slicing_is_the_same_for_the_same_seed() -> None:
    slicing = ChunkSlicing("random", size=9, min_size=1)
    data = [bytes(range(200))]
    assert _reslice(data, slicing, 7) == _reslice(data, slicing, 7)
    assert _reslice(data, slicing, 7) != _reslice(data, slicing, 8)


def test_pacer_adds_half_the_round_trip_per_piece_and_bandwidth_time() -> None:
    pacer = Pacer(NetworkProfile("t", latency_ms=100, download_kbps=8), random.Random(0))
    assert pacer.uplink_delay(0) == 0.05
    first = pacer.due(100, read_at=1.0)  # 100 bytes at 8 kbit/s = 0.1 s on the link
    assert abs(first - 1.15) < 1e-9
    second = pacer.due(100, read_at=1.0)  # queued behind the first on the link
    assert abs(second - 1.25) < 1e-9


def test_pacer_never_reorders_with_jitter_and_loss() -> None:
    pacer = Pacer(NetworkProfile("j", jitter_ms=50, loss=0.3), random.Random(3))
    dues = [pacer.due(10, read_at=i * 0.001) for i in range(200)]
    assert dues == sorted(dues)
    assert max(d - i * 0.001 for i, d in enumerate(dues)) >= 0.2  # some losses happened


def test_profiles_named_like_devtools_exist() -> None:
    assert set(NETWORK_PROFILES) >= {"none", "wifi", "4g", "3g", "2g", "offline"}
    assert NETWORK_PROFILES["none"].passthrough
    assert not NETWORK_PROFILES["3g"].passthrough


async def test_slicing_reaches_on_chunk_received(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls
) -> None:
    wx = make_wx(slicing=ChunkSlicing("fixed", size=1))
    task = wx.request(url=f'{edge}/chunks?parts=["你好"]', enableChunked=True, **calls.outcome())
    task.onChunkReceived(calls.cb("chunk"))
    await calls.finished()
    assert [res["data"] for res in calls.all("chunk")] == [bytes([b]) for b in "你好".encode()]


async def test_latency_profile_delays_headers_by_the_round_trip(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls
) -> None:
    wx = make_wx(network=NetworkProfile("slow", latency_ms=300))
    started: list[float] = []
    wx.events.subscribe(
        lambda e: started.append(e.at) if type(e).__name__ == "TaskStarted" else None
    )
    headers_at: list[float] = []
    wx.events.subscribe(
        lambda e: headers_at.append(e.at) if type(e).__name__ == "HeadersReceived" else None
    )
    wx.request(url=f"{edge}/echo", **calls.outcome())
    await calls.finished()
    assert headers_at[0] - started[0] >= 0.3


async def test_offline_profile_fails_requests_at_once(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls
) -> None:
    wx = make_wx(network=NETWORK_PROFILES["offline"])
    wx.request(url=f"{edge}/echo", **calls.outcome())
    await calls.finished()
    assert calls.first("fail")["errMsg"] == "request:fail net::ERR_INTERNET_DISCONNECTED"


async def test_throttled_and_resliced_stream_arrives_whole_and_in_order(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls
) -> None:
    profile = NetworkProfile("lossy", latency_ms=20, download_kbps=400, jitter_ms=5, loss=0.1)
    wx = make_wx(network=profile, slicing=ChunkSlicing("random", size=6, merge=0.3), seed=4)
    parts = [f"data: 第{i}段\n\n" for i in range(15)]
    url = f"{edge}/chunks?parts={json.dumps(parts)}&gap=0.005"
    task = wx.request(url=url, enableChunked=True, **calls.outcome())
    task.onChunkReceived(calls.cb("chunk"))
    await calls.finished()
    assert calls.names[-2:] == ["success", "complete"]
    assert b"".join(c["data"] for c in calls.all("chunk")).decode() == "".join(parts)


async def test_socket_frames_pay_the_one_way_latency(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls
) -> None:
    wx = make_wx(network=NetworkProfile("rtt200", latency_ms=200))
    frames: list[FrameReceived] = []
    wx.events.subscribe(lambda e: frames.append(e) if isinstance(e, FrameReceived) else None)
    task = wx.connectSocket(url=f"{edge.replace('http', 'ws')}/ws/echo")
    task.onOpen(lambda _: task.send(data="ping"))
    task.onMessage(calls.cb("message"))
    await calls.until(lambda: "message" in calls.names)
    (frame,) = frames
    assert frame.at - frame.read_at >= 0.1  # half the round trip on the way in


async def test_same_seed_gives_the_same_chunk_boundaries(
    make_wx: Callable[..., WxRuntime], edge: str
) -> None:
    parts = json.dumps(["你好，世界。" * 3] * 4)

    async def sizes(seed: int) -> list[int]:
        wx = make_wx(slicing=ChunkSlicing("random", size=9), seed=seed)
        calls = Calls()
        task = wx.request(url=f"{edge}/chunks?parts={parts}", enableChunked=True, **calls.outcome())
        task.onChunkReceived(calls.cb("chunk"))
        await calls.finished()
        return [len(c["data"]) for c in calls.all("chunk")]

    first, again, other = await sizes(11), await sizes(11), await sizes(12)
    assert first == again
    assert first != other


async def test_a_merge_holds_a_tail_at_most_merge_wait_when_no_read_follows() -> None:
    import asyncio

    from simulator.wx.delivery import Conveyor
    from simulator.wx.network import NETWORK_PROFILES

    loop = asyncio.get_running_loop()
    conveyor = Conveyor(
        NETWORK_PROFILES["none"], ChunkSlicing("fixed", size=100, merge=1.0), random.Random(0), loop
    )
    got: list[bytes] = []
    conveyor.push_data(b"event one\n\n", 0.0, lambda piece, at: got.append(piece))
    assert got == []  # held for a read that may join it
    # no further read comes: the tail goes on alone once the wait is over (not with a later read)
    await until(lambda: got)
    assert got == [b"event one\n\n"]
    conveyor.push_data(b"two\n\n", 0.0, lambda piece, at: got.append(piece))
    conveyor.push_data(b"three\n\n", 0.0, lambda piece, at: got.append(piece))
    assert got == [b"event one\n\n"]  # "two" waited, then joined by the read that came in time
    conveyor.push_end(lambda: None, 0.0, lambda piece, at: got.append(piece))
    assert got == [b"event one\n\n", b"two\n\nthree\n\n"]
