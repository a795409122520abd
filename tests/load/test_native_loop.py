"""The load loop's socket transports are freed by reference counting once closed."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from simulator.load import bridge
from simulator.load.bridge import NativeLoop
from tests.helpers.cycles import collector_off, in_cycles


async def _one_connection() -> None:
    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(await reader.readline())
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"hello\n")
    assert await reader.readline() == b"hello\n"
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    await asyncio.sleep(0)  # connection_lost callbacks run on the next turns


def test_a_closed_connection_leaves_no_transport_to_the_cyclic_collector() -> None:
    loop = NativeLoop()
    try:
        loop.run_until_complete(_one_connection())  # warm-up: imports, caches
        with collector_off():
            in_cycles(lambda o: True)
            loop.run_until_complete(_one_connection())
            left = in_cycles(lambda o: isinstance(o, asyncio.Transport))
    finally:
        loop.close()
    assert left == Counter()  # both ends' transports: freed when they closed


def test_without_asyncio_s_private_transport_the_loop_still_connects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another Python whose asyncio lacks the private class: asyncio's own transport is used."""
    monkeypatch.setattr(bridge, "ACYCLIC_TRANSPORT", None)
    loop = NativeLoop()
    try:
        loop.run_until_complete(_one_connection())
    finally:
        loop.close()


def test_on_this_python_the_acyclic_transport_is_in_use() -> None:
    assert bridge.ACYCLIC_TRANSPORT is not None, (
        "asyncio changed: see bridge._acyclic_socket_transport"
    )
