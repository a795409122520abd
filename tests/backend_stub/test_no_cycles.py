"""A finished WebSocket connection of the stub is freed by reference counting.

The stub runs full collections rarely (`__main__`: every 3,000 middle passes), so any cycle of its
own per connection would pile up until one came: measured before this test, ~60 KB of RSS per
reply and a 400 ms full pass after 10,000 replies. asyncio's own socket transport cycle is not
the stub's.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter

from websockets.asyncio.client import connect

from backend_stub import EmbeddedStub
from tests.helpers.cycles import collector_off, in_cycles
from tests.helpers.waits import settle


async def _one_reply(url: str) -> None:
    async with connect(url) as ws:
        await ws.send(json.dumps({"message": "你好", "userId": "u" * 24}))
        async for frame in ws:
            if json.loads(frame).get("type") in ("done", "error"):
                break


def _stub_objects_in_cycles() -> Counter[str]:
    return in_cycles(lambda o: type(o).__module__.startswith("backend_stub."))


async def test_finished_socket_connections_leave_no_cycle_of_the_stub(stub: EmbeddedStub) -> None:
    url = stub.ws_url + "/ws/chat?framing=envelope&scenario=ttft_ms=0,tps=2000"
    await _one_reply(url)  # warm up
    with collector_off():
        _stub_objects_in_cycles()
        await asyncio.gather(*(_one_reply(url) for _ in range(5)))
        await settle(0.5)  # the stub's side of the close runs on its own thread
        assert _stub_objects_in_cycles() == Counter()
