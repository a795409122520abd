"""The seed's Spring contract and an OpenAI-compatible server, both played by the stub."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backend_stub import EmbeddedStub, StubConfig
from simulator.transports import (
    TRANSPORT_NAMES,
    ReplyCompleted,
    SendMessage,
    create_transport,
    openai_profile,
    spring_profile,
    stub_profile,
)
from simulator.wx import ChunkSlicing, WxConfig, WxRuntime
from tests.transports.conftest import FAST, finish, run_named


@pytest.fixture(scope="module")
def fast_stub() -> Iterator[EmbeddedStub]:
    """A stub whose default is fast replies: the seed's and OpenAI's contracts carry no scenario."""
    with EmbeddedStub(StubConfig(scenario=FAST)) as server:
        yield server


async def reference_text(wx: WxRuntime, stub: EmbeddedStub) -> str:
    outcome = await run_named("sync", wx, stub_profile(stub.base_url), FAST, stub.base_url)
    outcome.assert_exact()
    return outcome.metrics.text


@pytest.mark.parametrize("name", ["websocket", "chunked", "download", "polling", "sync", "auto"])
async def test_spring_profile_gets_the_same_reply(
    name: str, wx: WxRuntime, fast_stub: EmbeddedStub
) -> None:
    # The stub plays the seed's backend: raw frames, text/plain stream, full-content polls.
    profile = spring_profile(fast_stub.base_url)
    outcome = await finish(create_transport(name, wx, profile), SendMessage("你好"), "")
    expected = await reference_text(wx, fast_stub)
    assert isinstance(outcome.end, ReplyCompleted), outcome.end
    assert outcome.end.text == expected


@pytest.mark.parametrize("name", ["chunked", "sync", "auto"])
async def test_openai_profile_streams_deltas(
    name: str, wx: WxRuntime, fast_stub: EmbeddedStub
) -> None:
    profile = openai_profile(fast_stub.base_url, token=None, model="stub")
    outcome = await finish(create_transport(name, wx, profile), SendMessage("你好"), "")
    expected = await reference_text(wx, fast_stub)
    assert isinstance(outcome.end, ReplyCompleted), outcome.end
    assert outcome.end.text == expected


@pytest.mark.parametrize("name", ["websocket", "chunked", "download", "longpoll"])
@pytest.mark.parametrize(
    "slicing",
    [ChunkSlicing("fixed", size=1), ChunkSlicing("random", size=9, min_size=1, merge=0.5)],
    ids=["1-byte-reads", "random-merged-reads"],
)
async def test_reads_re_sliced_by_the_runtime_give_the_exact_text(
    name: str, slicing: ChunkSlicing, stub: EmbeddedStub
) -> None:
    wx = WxRuntime(WxConfig(slicing=slicing, seed=7))
    try:
        outcome = await run_named(
            name, wx, stub_profile(stub.base_url, stub.ws_url), FAST, stub.base_url
        )
    finally:
        await wx.aclose()
    outcome.assert_exact()


def test_transport_names_are_the_pickers_order() -> None:
    assert TRANSPORT_NAMES == ("auto", "websocket", "chunked", "download", "polling", "sync")


async def test_unknown_transport_name_is_refused(wx: WxRuntime) -> None:
    with pytest.raises(ValueError, match="unknown transport"):
        create_transport("carrier-pigeon", wx, stub_profile("http://127.0.0.1:1"))
