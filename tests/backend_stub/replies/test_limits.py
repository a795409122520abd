"""Attacks on the stub's budgets: each tries to freeze it, eat its memory or starve others."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import struct
from collections.abc import Callable

import httpx
import pytest
from websockets.asyncio.client import connect

from backend_stub import EmbeddedStub, Limits, Scenario
from backend_stub.llm.fake_llm import plan_reply
from backend_stub.replies.inflight import ChunkRecord, Reply
from backend_stub.replies.scheduler import Scheduler
from tests.backend_stub.conftest import FAST
from tests.helpers.timing import seconds
from tests.helpers.waits import quiet_for, until, until_async


async def test_a_reply_that_would_cost_too_many_writes_is_refused(
    client: httpx.AsyncClient,
) -> None:
    # The scenario that froze the stub for 116 s: 1-byte writes of a 200,000-char reply.
    scenario = "slice_bytes=1,length=200000,tps=100000"
    response = await client.get("/api/chat/sse", params={"message": "m", "scenario": scenario})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "over_budget"


async def test_a_fast_heavy_stream_lets_the_loop_serve_others_mid_way(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    # the reply outruns a reader that stops for a stats call: a large backlog allowance keeps
    # the slow-reader cut (its own tests are elsewhere) out of a test of the tick budget
    stub = make_stub(limits=Limits(tick_budget_ms=2.0, max_backlog_bytes=64 << 20))
    heavy = {"message": "m", "scenario": "ttft_ms=0,jitter_ms=0,tps=100000,length=100000"}
    async with (
        httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(30)) as http,
        http.stream("GET", "/api/chat/sse", params=heavy) as response,
    ):
        stream = response.aiter_raw()
        await anext(stream)
        # While that reply is still being emitted, another request is answered.
        stats = (await http.get("/api/debug/stats")).json()["data"]
        async for _ in stream:
            pass
        final = (await http.get("/api/debug/stats")).json()["data"]
    assert stats["scheduled"] >= 1  # the heavy reply was not finished yet
    assert final["tickYields"] >= 1  # the tick gave the loop back on its budget


async def test_the_scheduler_takes_turns_between_due_replies() -> None:
    loop = asyncio.get_running_loop()
    scheduler = Scheduler(loop, tick_budget_s=10.0, chunks_per_turn=4)
    order: list[str] = []

    class Recorder:
        def on_chunk(self, reply: Reply, record: ChunkRecord) -> None:
            order.append(reply.user_id)

        def on_end(self, reply: Reply) -> None:
            pass

    scenario = Scenario.parse("ttft_ms=0,jitter_ms=0,tps=100000,length=400,script=en")
    replies = []
    started = loop.time() - 10.0  # the whole of both replies is due at once
    for user in ("hog", "small"):
        plan = plan_reply(user, scenario, 0)
        reply = Reply(user, plan, scenario, started_at=started)
        reply.attach(Recorder())
        replies.append(reply)
    for reply in replies:
        scheduler.add(reply)
    await until(lambda: all(reply.finished for reply in replies))
    scheduler.close()
    # Neither reply ever got more than one turn (4 chunks) in a row while the other waited.
    both_waiting = order[: 2 * min(order.count("hog"), order.count("small")) - 4]
    runs, last, length = [], None, 0
    for who in both_waiting:
        length = length + 1 if who == last else 1
        last = who
        runs.append(length)
    assert len(both_waiting) > 40 and max(runs) == 4


async def test_held_replies_are_bounded_in_characters(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    # The whole stub's bound, not one address's share of it.
    stub = make_stub(limits=Limits(max_held_chars=1_000, max_address_share=1.0))
    slow = {"message": "m", "scenario": "ttft_ms=60000,length=800"}
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
        first = await http.post("/api/chat/stream", json=slow)
        assert first.status_code == 200
        second = await http.post("/api/chat/stream", json=slow)
        assert second.status_code == 503
        assert second.json()["error"]["code"] == "too_many_replies"
        stats = (await http.get("/api/debug/stats")).json()["data"]
        assert stats["heldChars"] == 800


async def test_one_client_cannot_take_every_reply_slot(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    stub = make_stub(limits=Limits(max_client_replies=2, max_client_chars=10_000))
    slow = {"message": "m", "scenario": "ttft_ms=60000,length=100"}
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
        for _ in range(2):
            assert (await http.post("/api/chat/stream", json=slow)).status_code == 200
        third = await http.post("/api/chat/stream", json=slow)
        assert third.status_code == 429
        assert third.json()["error"]["code"] == "client_over_budget"
        big = {"message": "m", "scenario": "ttft_ms=0,length=20000"}
        assert (await http.post("/api/chat/send", json=big)).status_code == 429


async def test_a_finished_reply_gives_its_client_budget_back(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    stub = make_stub(limits=Limits(max_client_replies=1))
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
        for _ in range(3):
            sent = await http.post("/api/chat/send", json={"message": "m", "scenario": FAST})
            assert sent.status_code == 200


async def test_a_flooding_socket_is_rate_limited_and_others_still_chat(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    limits = Limits(ws_messages_per_s=1.0, ws_message_burst=5, max_connection_replies=3)
    stub = make_stub(limits=limits)
    slow = json.dumps({"message": "m", "scenario": "ttft_ms=60000"})
    async with connect(stub.ws_url + "/ws/chat?framing=envelope") as ws:
        for _ in range(20):
            await ws.send(slow)
        frames = [json.loads(await asyncio.wait_for(ws.recv(), seconds(5))) for _ in range(20)]
    starts = [f for f in frames if f["type"] == "start"]
    codes = [f["code"] for f in frames if f["type"] == "error"]
    assert len(starts) == 3
    assert codes.count("too_many_replies") == 2 and codes.count("rate_limited") == 15
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
        other = await http.post("/api/chat/send", json={"message": "m", "scenario": FAST})
        assert other.status_code == 200


def _tiny_reader(port: int) -> socket.socket:
    """A TCP client with the smallest receive buffer, which then never reads."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    return sock


async def _until_slow_reader(http: httpx.AsyncClient, before: int) -> dict[str, int]:
    async def cut_off() -> dict[str, int] | None:
        stats: dict[str, int] = (await http.get("/api/debug/stats")).json()["data"]
        return stats if stats["slowReaders"] > before else None

    return await until_async(cut_off, timeout=20)  # a timeout: the slow reader was never cut off


def _read_to_eof(sock: socket.socket) -> int:
    """Bytes read until the stub closes or resets the connection (a slow reader is reset)."""
    sock.settimeout(seconds(20))
    total = 0
    try:
        while piece := sock.recv(65536):
            total += len(piece)
    except ConnectionResetError:
        pass
    return total


HEAVY = "ttft_ms=0,jitter_ms=0,tps=100000,length=150000,script=long"


async def test_an_http_reader_that_never_reads_is_cut_with_bounded_backlog(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    stub = make_stub(limits=Limits(max_backlog_bytes=65_536))
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
        before = (await http.get("/api/debug/stats")).json()["data"]["slowReaders"]
        sock = _tiny_reader(stub.port)
        try:
            sock.sendall(
                f"GET /api/chat/sse?message=m&scenario={HEAVY} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
            )
            await _until_slow_reader(http, before)
            received = await asyncio.to_thread(_read_to_eof, sock)
        finally:
            sock.close()
    # The connection ended (EOF) well before the whole reply was sent.
    assert received < len(HEAVY) + 150_000 * 60


def _read_to_close(sock: socket.socket) -> bytes:
    """Read what the stub still sends until its close frame (or EOF); the last bytes read."""
    sock.settimeout(seconds(20))
    tail = b""
    while piece := sock.recv(65536):
        tail = (tail + piece)[-256:]
        if CLOSE_1013 in tail:
            break
    return tail


CLOSE_1013 = struct.pack("!H", 1013) + b"slow_reader"
"""The payload of the close frame the stub sends a WebSocket that fell behind."""


def _ws_frame(text: str) -> bytes:
    payload = text.encode()
    mask = os.urandom(4)
    header = bytes([0x81])
    if len(payload) < 126:
        header += bytes([0x80 | len(payload)])
    else:
        header += bytes([0x80 | 126]) + struct.pack("!H", len(payload))
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


async def test_a_websocket_that_never_reads_is_closed(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    stub = make_stub(limits=Limits(max_backlog_bytes=65_536))
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
        before = (await http.get("/api/debug/stats")).json()["data"]["slowReaders"]
        sock = _tiny_reader(stub.port)
        try:
            sock.sendall(
                b"GET /ws/chat?framing=envelope HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                b"Sec-WebSocket-Version: 13\r\n\r\n"
            )
            sock.settimeout(seconds(10))
            assert sock.recv(12) == b"HTTP/1.1 101"  # a frame sent with the request may be lost
            sock.sendall(_ws_frame(json.dumps({"message": "m", "scenario": HEAVY})))
            await _until_slow_reader(http, before)
            tail = await asyncio.to_thread(_read_to_close, sock)
        finally:
            sock.close()
    assert CLOSE_1013 in tail  # closed with 1013, "try again later": it may resume


async def test_a_request_head_that_never_ends_is_closed(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    stub = make_stub(limits=Limits(header_timeout_s=0.2))

    def slowloris() -> bytes:
        with socket.create_connection(("127.0.0.1", stub.port)) as sock:
            sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
            sock.settimeout(seconds(10))
            for _ in range(int(seconds(10) / 0.05)):  # one header byte every 50 ms
                try:
                    sock.sendall(b"X")
                except OSError:
                    return b""
                try:
                    sock.settimeout(0.05)
                    return sock.recv(100)  # b"" once the stub closed it
                except TimeoutError:
                    continue
            raise AssertionError("the connection stayed open")

    assert await asyncio.to_thread(slowloris) == b""


async def test_a_body_that_never_arrives_is_a_408(make_stub: Callable[..., EmbeddedStub]) -> None:
    stub = make_stub(limits=Limits(body_timeout_s=0.2))

    def trickle() -> bytes:
        with socket.create_connection(("127.0.0.1", stub.port)) as sock:
            sock.sendall(
                b"POST /api/chat/send HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b'Content-Length: 100\r\n\r\n{"message":'
            )
            sock.settimeout(seconds(10))
            answer = b""
            while piece := sock.recv(4096):  # headers and body may come in separate reads
                answer += piece
            return answer

    answer = await asyncio.to_thread(trickle)
    assert answer.startswith(b"HTTP/1.1 408")
    assert b'"code":"body_timeout"' in answer


@pytest.mark.parametrize("value", ["10000000", "999999999999999999999"])
async def test_scenario_limits_apply_to_the_default_too(
    make_stub: Callable[..., EmbeddedStub], value: str
) -> None:
    stub = make_stub()
    with pytest.raises(Exception, match=r"length"):
        stub.set_default_scenario(f"length={value}")


async def test_an_over_budget_default_scenario_is_refused(
    client: httpx.AsyncClient, stub: EmbeddedStub
) -> None:
    spec = "slice_bytes=1,length=200000,tps=100000"
    auth = {"Authorization": f"Bearer {stub.control_token}"}
    response = await client.put("/api/debug/scenario", json={"scenario": spec}, headers=auth)
    assert response.status_code == 400 and response.json()["error"]["code"] == "over_budget"
    chat = await client.post("/api/chat/send", json={"message": "m", "scenario": FAST})
    assert chat.status_code == 200


async def test_the_header_timeout_spares_a_busy_keep_alive_connection(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    stub = make_stub(limits=Limits(header_timeout_s=0.2))
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(
        base_url=stub.base_url, limits=limits, timeout=seconds(10)
    ) as http:
        for _ in range(12):  # one connection, several header timeouts long
            assert (await http.get("/api/health")).status_code == 200
            await quiet_for(0.05)  # idle on the kept connection: no header timeout may cut it
        slow = {"message": "m", "scenario": "ttft_ms=300,tps=20,jitter_ms=0,length=12,script=en"}
        sent = await http.post("/api/chat/send", json=slow)  # a response slower than the timeout
        assert sent.status_code == 200
        assert (await http.get("/api/health")).status_code == 200


async def test_a_client_that_leaves_mid_body_is_let_go_without_an_error_logged(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    stub = make_stub()
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("uvicorn.error")
    logger.addHandler(handler)
    try:

        def leave_mid_body() -> None:
            with socket.create_connection(("127.0.0.1", stub.port)) as sock:
                sock.sendall(
                    b"POST /api/chat/send HTTP/1.1\r\nHost: x\r\n"
                    b'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"message":'
                )

        await asyncio.to_thread(leave_mid_body)
        async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:

            async def noticed() -> bool:  # a timeout: the stub never noticed the client leave
                return bool((await http.get("/api/debug/stats")).json()["data"]["clientsGone"] == 1)

            await until_async(noticed)
            assert (await http.get("/api/health")).status_code == 200  # and it still serves
    finally:
        logger.removeHandler(handler)
    assert [r.getMessage() for r in records] == []
