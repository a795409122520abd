"""A finished reply is freed by reference counting: no reference cycle of ours outlives it.

With many users per process (load mode) every object left to the cyclic collector makes its
pauses longer, and a pause stalls every stream at once. So after a run, with the collector
off, nothing of `simulator` may be unreachable-but-alive (what `gc.collect` would have to find).
Library-internal cycles (asyncio's socket transport, httpx's response stream) are not ours.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from backend_stub import EmbeddedStub
from simulator.transports import BackendProfile, SendMessage, create_transport
from simulator.wx import WxRuntime
from tests.helpers.cycles import collector_off, in_cycles
from tests.helpers.waits import settle
from tests.transports.conftest import FAST, finish

CLEAN = ("websocket", "download", "polling", "sync")
"""Transports whose runs end without cancelling an HTTP read (chunked aborts the read after
`[DONE]`: the cancelled task's traceback is a cycle inside httpx/anyio, reaching our frames)."""

LIBRARY_HELD = frozenset({"simulator.wx.profile.ConnectionTrace"})
"""Ours, but held only by a library's own cycle: the timing trace sits in the httpx request's
extensions, and httpx's response and its stream refer to each other."""


@pytest.fixture(name="collector_off")
def _collector_off() -> Iterator[None]:
    with collector_off():
        yield


def _ours(o: object) -> bool:
    kind = type(o)
    return kind.__module__.startswith("simulator.") and (
        f"{kind.__module__}.{kind.__qualname__}" not in LIBRARY_HELD
    )


def ours_in_cycles() -> Counter[str]:
    """Objects of our packages that only the cyclic collector would free."""
    return in_cycles(_ours)


@pytest.mark.parametrize("name", CLEAN)
async def test_a_finished_reply_leaves_no_cycle_of_ours(
    name: str, wx: WxRuntime, profile: BackendProfile, stub: EmbeddedStub, collector_off: None
) -> None:
    transport = create_transport(name, wx, profile)
    await finish(transport, SendMessage("你好", scenario=FAST), stub.base_url)  # warm up
    ours_in_cycles()
    outcome = await finish(transport, SendMessage("你好", scenario=FAST), stub.base_url)
    outcome.assert_exact()
    await settle(0.15)  # late callbacks (close handshakes, slot release) run
    del outcome
    assert ours_in_cycles() == Counter()
