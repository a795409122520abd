"""A link that dies mid-stream (issue 24): requests fail, or on iOS go silent; and slicing
that keeps whole UTF-8 characters (the what-if without the split-character trap)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest

from simulator.wx import WxRuntime
from simulator.wx.network import ChunkSlicing, Slicer
from tests.wx.conftest import Calls

PARTS = quote(json.dumps(["第一段", "第二段", "第三段", "第四段"]))


async def test_a_lost_link_fails_the_request_then_completes(
    make_wx: Callable[..., WxRuntime], edge: str
) -> None:
    wx = make_wx()
    calls = Calls()
    task = wx.request(
        url=f"{edge}/chunks?parts={PARTS}&gap=2", enableChunked=True, **calls.outcome()
    )
    task.onChunkReceived(calls.cb("chunk"))
    await calls.until(lambda: "chunk" in calls.names)
    wx.simulate_network_loss()
    await calls.finished()
    assert calls.names == ["chunk", "fail", "complete"]
    fail = calls.first("fail")
    assert fail == {"errMsg": "request:fail net::ERR_CONNECTION_RESET", "errno": 600001}


async def test_a_silent_loss_calls_nothing_until_the_page_aborts(
    make_wx: Callable[..., WxRuntime], edge: str
) -> None:
    wx = make_wx()
    calls = Calls()
    task = wx.request(
        url=f"{edge}/chunks?parts={PARTS}&gap=0.2", enableChunked=True, **calls.outcome()
    )
    task.onChunkReceived(calls.cb("chunk"))
    await calls.until(lambda: "chunk" in calls.names)
    wx.simulate_network_loss(silent=True)
    # another request on the same runtime runs to its end: the lost one stays silent meanwhile
    other = Calls()
    wx.request(url=f"{edge}/chunks?parts={PARTS}&gap=0.3", **other.outcome())
    await other.finished()
    assert calls.names == ["chunk"]
    task.abort()
    await calls.finished()
    assert calls.names == ["chunk", "fail", "complete"]
    assert calls.first("fail")["errMsg"] == "request:fail abort"


def test_whole_character_slicing_never_cuts_a_character() -> None:
    data = ("这个问题可以分三步来看：abc先确认𝄞é\n\n" * 4).encode()
    for seed in range(50):
        for size in (1, 2, 5, 64):
            slicer = Slicer(
                ChunkSlicing("random", size, 1, 0.3, whole_chars=True), random.Random(seed)
            )
            reads = random.Random(seed)
            pieces: list[bytes] = []
            pos = 0
            while pos < len(data):
                n = reads.randint(1, 9)
                pieces += slicer.feed(data[pos : pos + n])
                pos += n
            pieces += slicer.flush()
            assert b"".join(pieces) == data
            for piece in pieces:
                piece.decode()  # raises on a cut character
    cutting = Slicer(ChunkSlicing("fixed", 1), random.Random(0))
    assert any(_cut(p) for p in cutting.feed("这".encode()))


def _cut(piece: bytes) -> bool:
    try:
        piece.decode()
    except UnicodeDecodeError:
        return True
    return False


def _stream(stamp: str, rid: str) -> list[bytes]:
    """SSE events as the stub writes them, with a stamp and an id of varying width."""
    return [
        f'id: {i}\ndata: {{"text":"第{i}段文字","at":{stamp}{i},"id":"{rid}"}}\n\n'.encode()
        for i in range(40)
    ]


def _cut_offsets(
    events: list[bytes], group: int, slicing: ChunkSlicing
) -> tuple[set[int], set[int]]:
    """Where the cuts fall, counted in bytes that are not ASCII letters or digits; reading
    `group` events per network read (read ends are not cuts)."""
    slicer = Slicer(slicing, random.Random("7:1"))

    def counted(data: bytes) -> int:
        return sum(1 for b in data if not chr(b).isascii() or not chr(b).isalnum())

    ends: set[int] = set()
    reads: set[int] = set()
    pos = 0
    for i in range(0, len(events), group):
        read = b"".join(events[i : i + group])
        for piece in slicer.feed(read):
            pos += counted(piece)
            ends.add(pos)
        reads.add(pos)
    return ends, reads


def test_replayable_slicing_cuts_the_same_content_whatever_the_stamps_and_reads() -> None:
    slicing = ChunkSlicing("random", 200, 20, 0.0, replayable=True)
    a = _stream("2579.5", "r5263fd49")
    b = _stream("12.0000001", "rffff")
    ends_a, reads_a = _cut_offsets(a, 1, slicing)
    ends_b, reads_b = _cut_offsets(b, 3, slicing)
    reads = reads_a | reads_b  # a cut may fall on an event's end: a read end in one of them
    assert len(ends_a - reads) > 5
    assert ends_a - reads == ends_b - reads
    plain = ChunkSlicing("random", 200, 20, 0.0)
    plain_a, _ = _cut_offsets(a, 1, plain)
    plain_b, _ = _cut_offsets(b, 1, plain)
    assert plain_a - reads != plain_b - reads  # byte offsets: the stamps move the cuts


@pytest.mark.parametrize("silent", [False, True], ids=["loss", "silent-loss"])
async def test_a_loss_asked_for_during_a_read_lands_inside_that_read(
    make_wx: Callable[..., WxRuntime], edge: str, silent: bool
) -> None:
    """One read handed on as many pieces (a busy machine merges a fast reply into one read):
    a loss asked for at the first piece cuts the rest of that read, where a loss on the next
    loop turn came after every piece and the success (check's loss cells came out exact)."""
    whole = quote(json.dumps(["第一段第二段第三段第四段"]))  # one part: one write, one read
    wx = make_wx(slicing=ChunkSlicing("fixed", 4))
    calls = Calls()
    task = wx.request(url=f"{edge}/chunks?parts={whole}", enableChunked=True, **calls.outcome())
    record = calls.cb("chunk")

    def on_chunk(res: dict[str, Any]) -> None:
        record(res)
        if calls.names.count("chunk") == 1:
            wx.lose_network_next(silent=silent)

    task.onChunkReceived(on_chunk)
    if silent:  # nothing more arrives: only the page's own abort ends it
        await calls.until(lambda: "chunk" in calls.names)
        task.abort()
    await calls.finished()
    assert calls.names == ["chunk", "fail", "complete"]
    fail = calls.first("fail")["errMsg"]
    assert fail == ("request:fail abort" if silent else "request:fail net::ERR_CONNECTION_RESET")
