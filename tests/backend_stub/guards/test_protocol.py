"""HTTP/1.1 framing attacks on a real stub over raw sockets: smuggling, slow bodies, HTTP/0.9,
slow stream readers. Each failed before issue 28 (the connection stayed open, or no answer)."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Callable

import httpx
import pytest

from backend_stub import EmbeddedStub, Limits
from tests.helpers.timing import seconds


def _exchange(port: int, payload: bytes, timeout: float) -> tuple[bytes, bool]:
    """Send `payload`, read until the stub closes; (what came back, closed by the stub)."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.settimeout(timeout)
        sock.sendall(payload)
        received = b""
        try:
            while piece := sock.recv(65536):
                received += piece
        except TimeoutError:
            return received, False
        except ConnectionResetError:
            pass
        return received, True


async def _talk(port: int, payload: bytes, timeout: float = 10.0) -> tuple[bytes, bool]:
    return await asyncio.to_thread(_exchange, port, payload, seconds(timeout))


async def test_content_length_with_transfer_encoding_is_refused_and_closed(
    stub: EmbeddedStub,
) -> None:
    hidden = b'{"scenario":"status=503"}'
    smuggled = (
        b"PUT /api/debug/scenario HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(hidden), hidden)
    )
    payload = (
        b"POST /api/chat/send HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled
    )
    received, closed = await _talk(stub.port, payload)
    assert received.startswith(b"HTTP/1.1 400 ") and closed
    assert received.count(b"HTTP/1.1 ") == 1  # the hidden request never ran
    body = json.loads(received.split(b"\r\n\r\n", 1)[1])
    assert "Transfer-Encoding" in body["error"]["message"]


async def test_a_slow_body_gets_its_408_and_the_connection_closes(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    stub = make_stub(limits=Limits(body_timeout_s=0.3))
    head = (
        b"POST /api/chat/send HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b'Content-Length: 1000\r\n\r\n{"message":'
    )

    def trickle() -> tuple[bytes, bool]:
        """Send the body a byte at a time (which also defeats uvicorn's keep-alive timer)."""
        with socket.create_connection(("127.0.0.1", stub.port)) as sock:
            sock.sendall(head)
            sock.settimeout(0.2)
            received = b""
            for _ in range(int(seconds(8) / 0.2)):
                try:
                    sock.sendall(b" ")
                    piece = sock.recv(65536)
                except TimeoutError:
                    continue
                except (BrokenPipeError, ConnectionResetError):
                    return received, True
                if not piece:
                    return received, True
                received += piece
            return received, False

    received, closed = await asyncio.to_thread(trickle)
    assert received.startswith(b"HTTP/1.1 408 ") and closed
    assert b"connection: close" in received.lower()


@pytest.mark.parametrize("line", [b"GET /api/health\r\n", b"GET /api/health\n", b"\x16\x03\x01\n"])
async def test_http_0_9_or_garbage_gets_an_answer_not_silence(
    stub: EmbeddedStub, line: bytes
) -> None:
    # The stub's header deadline is 10 s; the answer must not wait for it.
    received, closed = await _talk(stub.port, line, timeout=5.0)
    assert received.startswith(b"HTTP/1.1 400 ") and closed
    assert json.loads(received.split(b"\r\n\r\n", 1)[1])["error"]["code"] == "bad_http"


async def test_keep_alive_and_pipelining_still_work(stub: EmbeddedStub) -> None:
    one = b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"
    received, _ = await _talk(stub.port, one * 3 + b"GET /api/health HTTP/1.1\r\nHost: x\r\n"
                              b"Connection: close\r\n\r\n")  # fmt: skip
    assert received.count(b"HTTP/1.1 200 ") == 4


async def test_a_slow_stream_reader_is_cut_after_the_bound(
    make_stub: Callable[..., EmbeddedStub],
) -> None:
    # A backlog bound far away, so only the time bound can cut.
    stub = make_stub(limits=Limits(slow_reader_s=0.5, max_backlog_bytes=100_000_000))
    spec = "ttft_ms=0,jitter_ms=0,tps=100000,length=200000,script=long"
    request = f"GET /api/chat/sse?message=m&scenario={spec} HTTP/1.1\r\nHost: x\r\n\r\n"

    def read_slowly() -> tuple[bytes, int, bool]:
        """Read ~5 KB/s; (the head, bytes read, whether the stub cut the connection)."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", stub.port))
        sock.sendall(request.encode())
        sock.settimeout(seconds(30))
        head = sock.recv(256)
        total = len(head)
        try:
            while piece := sock.recv(256):
                total += len(piece)
                time.sleep(0.05)
        except ConnectionResetError:
            pass  # reset, queued bytes and all: the expected end
        except TimeoutError:
            return head, total, False
        finally:
            sock.close()
        return head, total, True

    head, total, cut = await asyncio.to_thread(read_slowly)
    assert cut
    assert total < 600_000  # the whole reply is over 600 KB of events
    reply_id = head.split(b"x-reply-id: ", 1)[1].split(b"\r\n", 1)[0].decode()
    async with httpx.AsyncClient(base_url=stub.base_url, timeout=seconds(10)) as http:
        trace = (await http.get(f"/api/debug/trace/{reply_id}")).json()
    assert trace["error"]["code"] == "slow_reader"
    assert "waiting over 0.5 s" in trace["error"]["message"]


async def test_an_over_limit_body_still_gets_its_413_read_by_the_client(
    client: httpx.AsyncClient,
) -> None:
    # Answered before the body is in: the rest is read and dropped first, so the sender sees
    # the 413 rather than a reset, and the connection stays usable.
    for _ in range(3):
        response = await client.post(
            "/api/chat/send", content=b'{"message":"' + b"x" * 2_000_000 + b'"}'
        )
        assert response.status_code == 413
    assert (await client.get("/api/health")).status_code == 200
