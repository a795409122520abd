"""A link that dies mid-stream (issue 24): requests fail, or on iOS go silent; and slicing
that keeps whole UTF-8 characters (the what-if without the split-character trap)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from urllib.parse import quote

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
