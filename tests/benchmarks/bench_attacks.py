"""Attacks on the stub, re-runnable: bad inputs, abandoned sessions, and load that tries to
freeze it, eat its memory or starve other clients, each with health latency measured meanwhile.

The stub runs as its own process (`python -m backend_stub`, short TTLs so expiry is quick);
a prober process GETs /api/health every 20 ms during each attack. Prints, per attack, the
health p50/p99 and failures, the stub's RSS, and what the stub did (status codes, closes).
Not part of the timed suite.

Usage: .venv/bin/python tests/benchmarks/bench_attacks.py [--sessions 10000] [--quick]
       [--trust-only]   (only the stub-trust cases; ATTACK_STUB_ROOT=DIR attacks another
                        checkout's backend_stub, for a before/after table)
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import multiprocessing as mp
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any
from urllib.parse import quote

import httpx
import psutil
from websockets.asyncio.client import connect

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from backend_stub.config import Limits

FAST = "ttft_ms=0,tps=5000,jitter_ms=0"
TTL_S = float(os.environ.get("ATTACK_TTL_S", "90"))
"""Session and reply TTL of the attacked stub: longer than creating the sessions takes."""
LIMITS = dataclasses.replace(
    Limits(),
    session_ttl_s=TTL_S,
    reply_ttl_s=TTL_S,
    sweep_interval_s=1.0,
    header_timeout_s=5.0,
    tick_budget_ms=float(os.environ.get("ATTACK_TICK_MS", Limits.tick_budget_ms)),
)


STUB_ROOT = os.environ.get("ATTACK_STUB_ROOT") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)
"""Whose `backend_stub` is attacked: this tree's, or (ATTACK_STUB_ROOT) another checkout's,
for a before/after comparison."""
CONTROL_TOKEN = "bench-" + os.urandom(12).hex()
"""Given to the stub as STUB_CONTROL_TOKEN (a stub without control tokens ignores it)."""


def _limits_json(root: str) -> str:
    """`LIMITS` as JSON, without the fields the attacked stub does not know."""
    probe = (
        "import dataclasses as d, backend_stub.config as c;"
        "print(' '.join(f.name for f in d.fields(c.Limits)))"
    )
    known = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=root,
        env=dict(os.environ, PYTHONPATH=root), check=True,
    ).stdout.split()  # fmt: skip
    return json.dumps({k: v for k, v in dataclasses.asdict(LIMITS).items() if k in known})


@contextmanager
def stub_process() -> Iterator[tuple[str, psutil.Process]]:
    root = STUB_ROOT
    cmd = [
        sys.executable, "-m", "backend_stub", "--port", "0", "--no-access-log",
        "--log-level", "error", "--limits-json", _limits_json(root),
    ]  # fmt: skip
    env = dict(os.environ, PYTHONPATH=root, STUB_CONTROL_TOKEN=CONTROL_TOKEN)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=root, env=env)
    try:
        assert proc.stdout is not None
        match = re.search(r"http://127\.0\.0\.1:(\d+) ", proc.stdout.readline())
        assert match, "the stub did not start"
        base = f"http://127.0.0.1:{match.group(1)}"
        for _ in range(100):
            try:
                httpx.get(base + "/api/health", timeout=1.0)
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        yield base, psutil.Process(proc.pid)
    finally:
        proc.terminate()
        proc.wait(10)


def rss_mb(process: psutil.Process) -> float:
    return float(process.memory_info().rss) / 2**20


# --- health prober (its own process, so the attack's client work does not delay it) -------


def _probe(base: str, stop: Any, out: Any) -> None:
    latencies: list[float] = []
    failures = 0
    with httpx.Client(timeout=5.0) as http:
        while not stop.is_set():
            began = time.perf_counter()
            try:
                ok = http.get(base + "/api/health").status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - began)
            else:
                failures += 1
            time.sleep(0.02)
    out.send((latencies, failures))


@contextmanager
def health_probe(base: str, result: dict[str, Any]) -> Iterator[None]:
    stop = mp.Event()
    receiver, sender = mp.Pipe(duplex=False)
    prober = mp.Process(target=_probe, args=(base, stop, sender), daemon=True)
    prober.start()
    try:
        yield
    finally:
        stop.set()
        latencies, failures = receiver.recv()
        prober.join(10)
        latencies.sort()
        if latencies:
            result["health_p50_ms"] = 1000 * statistics.median(latencies)
            result["health_p99_ms"] = (
                1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
            )
        result["health_ok"] = len(latencies)
        result["health_failed"] = failures


# --- bad inputs ----------------------------------------------------------------------------

BAD_VALUES = ["²", "١٢", "-1", "1e3", "", " ", "9" * 40, "0x10", "NaN", "1.5", "\u0000", "%ff"]
BAD_SCENARIOS = [
    "tps=0", "tps=zero", "length=10000000", "slice_bytes=1,length=200000,tps=100000", "nokey=1",
    "ttft_ms=-5", "status=200", "status=99999", "script=nope", "tps=1,tps=2", "length=²",
    "chunk_tokens=0", "=", "ttft_ms=nan", "seed=" + "9" * 40,
]  # fmt: skip
BAD_BODIES: list[bytes] = [
    b"", b"{", b"[]", b"null", b"\"x\"", b"{\"message\": 5}", b"{\"message\": \"\"}",
    b"{\"message\": \"hi\", \"userId\": {}}",
    b"{\"message\": \"hi\", \"userId\": \"" + b"u" * 500 + b"\"}",
    b"{\"message\": \"\\ud800\"}", b"\xff\xfe", b"{\"message\": \"" + b"x" * 300_000 + b"\"}",
    b"{\"message\": \"hi\", \"scenario\": 7}", b"[" * 5000 + b"]" * 5000,
]  # fmt: skip


def bad_requests() -> Iterator[tuple[str, str, dict[str, str], bytes | None, dict[str, str]]]:
    """(method, path, params, body, headers) of requests that must each get a 4xx JSON."""
    json_type = {"content-type": "application/json"}
    for value in BAD_VALUES:
        yield "GET", "/api/chat/poll", {"sessionId": "x" * 30, "cursor": value}, None, {}
        yield "GET", "/api/chat/poll", {"sessionId": "x" * 30, "wait_ms": value}, None, {}
        yield "GET", "/api/chat/poll", {"sessionId": value or "~"}, None, {}
        yield "POST", "/api/chat/stream", {"sessionId": value + "/"}, b'{"message":"m"}', json_type
        yield "GET", "/api/debug/trace/" + quote(value or "none", safe=""), {}, None, {}
    for spec in BAD_SCENARIOS:
        for path in ("/api/chat/sse", "/api/chat/miniapp-stream"):
            yield "GET", path, {"message": "m", "scenario": spec}, None, {}
        yield (
            "POST",
            "/api/chat/send",
            {},
            json.dumps({"message": "m", "scenario": spec}).encode(),
            json_type,
        )
        yield "PUT", "/api/debug/scenario", {}, json.dumps({"scenario": spec}).encode(), json_type
    for body in BAD_BODIES:
        for path in ("/api/chat/send", "/api/chat/stream", "/api/chat/sse", "/v1/chat/completions"):
            yield "POST", path, {}, body, json_type
        yield (
            "POST",
            "/api/chat/send",
            {},
            body,
            {"content-type": "application/x-www-form-urlencoded"},
        )
    yield "GET", "/api/chat/sse", {}, None, {}
    yield "DELETE", "/api/chat/send", {}, None, {}
    yield "GET", "/nope", {}, None, {}


async def attack_bad_inputs(base: str) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    not_json = 0
    async with httpx.AsyncClient(base_url=base, timeout=10.0) as http:
        for method, path, params, body, headers in bad_requests():
            counts["tried"] += 1
            try:
                response = await http.request(
                    method, path, params=params, content=body, headers=headers
                )
            except httpx.InvalidURL:  # refused by our own client: never sent
                counts["tried"] -= 1
                continue
            except httpx.HTTPError:
                counts["crash"] += 1
                continue
            kind = f"{response.status_code // 100}xx"
            counts[kind] += 1
            if response.status_code < 400:
                print(f"  not refused: {method} {path} {params} {body!r:.60}", flush=True)
            if response.status_code >= 400:
                try:
                    response.json()["error"]
                except (ValueError, KeyError, TypeError):
                    not_json += 1
        # Bad WebSocket frames: each must get an error frame, the socket staying usable.
        async with connect(base.replace("http", "ws") + "/ws/chat?framing=envelope") as ws:
            for frame in [b"\x00\x01", "{", "[]", '{"type":"nope"}', '{"message":""}',
                          '{"message":"m","scenario":"tps=0"}', '{"type":"resume","replyId":5}',
                          '{"type":"resume","replyId":"r0","fromSeq":-1}']:  # fmt: skip
                counts["tried"] += 1
                await ws.send(frame)
                answer = json.loads(await asyncio.wait_for(ws.recv(), 5))
                counts["4xx" if answer.get("type") == "error" else "other"] += 1
    return {**counts, "error_bodies_not_json": not_json}


# --- abandoned sessions ------------------------------------------------------------------------


async def abandon_sessions(base: str, count: int, retried: list[int]) -> int:
    accepted = 0
    async with httpx.AsyncClient(base_url=base, timeout=30.0) as http:
        sem = asyncio.Semaphore(32)

        async def one(i: int) -> None:
            nonlocal accepted
            async with sem:
                for _ in range(3):  # a keep-alive connection closed under us is retried
                    try:
                        response = await http.post(
                            "/api/chat/stream",
                            params={"sessionId": f"abandoned-{i:06d}-{time.time_ns()}"},
                            json={"message": f"hello {i}", "userId": f"u{i}", "scenario": FAST},
                        )
                    except httpx.TransportError:
                        retried[0] += 1
                        continue
                    accepted += response.status_code == 200
                    return

        await asyncio.gather(*(one(i) for i in range(count)))
    return accepted


def stats(base: str) -> dict[str, int]:
    data: dict[str, int] = httpx.get(base + "/api/debug/stats", timeout=10).json()["data"]
    return data


# --- load attacks ------------------------------------------------------------------------------


async def attack_heavy_streams(base: str) -> dict[str, Any]:
    """The scenario that froze the old stub (refused now), then the heaviest one allowed x4."""
    async with httpx.AsyncClient(base_url=base, timeout=120.0) as http:
        refused = await http.get(
            "/api/chat/sse",
            params={"message": "m", "scenario": "slice_bytes=1,length=200000,tps=100000"},
        )

        async def heavy() -> int:
            total = 0
            params = {"message": "m", "scenario": "ttft_ms=0,tps=100000,jitter_ms=0,length=200000"}
            async with http.stream("GET", "/api/chat/sse", params=params) as response:
                async for piece in response.aiter_raw():
                    total += len(piece)
            return total

        sizes = await asyncio.gather(*(heavy() for _ in range(4)))
    return {"freeze_scenario_status": refused.status_code, "heavy_streams_mb": sum(sizes) / 2**20}


def _tiny_reader(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    return sock


async def attack_never_read(base: str, process: psutil.Process) -> dict[str, Any]:
    """10 clients that ask for a big fast reply and never read it."""
    port = int(base.rsplit(":", 1)[1])
    before = rss_mb(process)
    cut_before = stats(base)["slowReaders"]
    spec = "ttft_ms=0,tps=100000,jitter_ms=0,length=200000,script=long"
    sockets = []
    for _ in range(10):
        sock = _tiny_reader(port)
        sock.sendall(
            f"GET /api/chat/sse?message=m&scenario={spec} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
        )
        sockets.append(sock)
    peak = before
    for _ in range(100):
        await asyncio.sleep(0.1)
        peak = max(peak, rss_mb(process))
        if stats(base)["slowReaders"] - cut_before >= 10:
            break
    cut = stats(base)["slowReaders"] - cut_before
    heads: Counter[str] = Counter()
    for sock in sockets:
        sock.settimeout(5)
        try:
            heads[sock.recv(12).decode(errors="replace")[9:12]] += 1
        except OSError:
            heads["none"] += 1
        sock.close()
    # Those not answered 200 hit the per-client budget (max_client_chars) first.
    return {"statuses": dict(heads), "slow_readers_cut": cut, "rss_growth_mb": peak - before}


async def attack_ws_flood(base: str, messages: int) -> dict[str, Any]:
    """One socket sends `messages` chat frames as fast as it can; then others chat."""
    answers: Counter[str] = Counter()
    url = base.replace("http", "ws") + "/ws/chat?framing=envelope"
    frame = json.dumps({"message": "flood", "scenario": "ttft_ms=0,tps=50,length=2000"})
    began = time.perf_counter()
    async with connect(url, max_queue=None) as ws:
        for _ in range(messages):
            await ws.send(frame)

        async def drain() -> None:
            while True:
                answer = json.loads(await ws.recv())
                if answer["type"] == "start":
                    answers["started"] += 1
                elif answer["type"] == "error":
                    answers[answer["code"]] += 1

        with suppress(TimeoutError):
            await asyncio.wait_for(drain(), 3)
    sent_s = time.perf_counter() - began
    async with httpx.AsyncClient(base_url=base, timeout=10.0) as http:
        after = [
            (await http.post("/api/chat/send", json={"message": "m", "scenario": FAST})).status_code
            for _ in range(20)
        ]
    return {
        "flood_frames": messages,
        "flood_s": sent_s,
        "answers": dict(answers),
        "others_ok_after": sum(code == 200 for code in after),
    }


def _ws_frame(text: str) -> bytes:
    payload = text.encode()
    mask = os.urandom(4)
    header = bytes([0x81, 0x80 | len(payload)])
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


async def attack_slowloris(base: str, count: int) -> dict[str, Any]:
    """`count` connections that send a request head one byte at a time and never finish."""
    port = int(base.rsplit(":", 1)[1])
    socks = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
        sock.setblocking(False)
        socks.append(sock)
    began = time.monotonic()
    while time.monotonic() - began < 2 * LIMITS.header_timeout_s + 2:
        for sock in socks:
            with suppress(OSError):
                sock.send(b"X")
        await asyncio.sleep(1.0)
    still_open = 0
    for sock in socks:
        try:
            still_open += sock.recv(1) != b""
        except BlockingIOError:
            still_open += 1
        except OSError:
            pass
        sock.close()
    return {"slow_connections": count, "still_open_after_s": round(time.monotonic() - began, 1),
            "still_open": still_open}  # fmt: skip


async def attack_slow_bodies(base: str, count: int) -> dict[str, Any]:
    port = int(base.rsplit(":", 1)[1])
    statuses: Counter[str] = Counter()

    def one() -> None:
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(
                b"POST /api/chat/send HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b'Content-Length: 1000\r\n\r\n{"message":'
            )
            sock.settimeout(LIMITS.body_timeout_s + 10)
            try:
                statuses[sock.recv(12).decode(errors="replace")[9:12] or "closed"] += 1
            except TimeoutError:
                statuses["hung"] += 1

    await asyncio.gather(*(asyncio.to_thread(one) for _ in range(count)))
    return {"slow_bodies": count, "answers": dict(statuses)}


# --- the stub's trust (issue 28): forged forwarding, budgets per identity, session ids, ----------
# --- smuggling, slow bodies and readers, HTTP/0.9, anonymous control; each on a fresh stub ------

LONG = "ttft_ms=0,tps=50,length=200000"
"""A reply that would stay in flight for over an hour (200,000 characters at 50 a second)."""


async def _status(http: httpx.AsyncClient, user: str | None) -> int:
    body = {"message": "m", "scenario": FAST} | ({"userId": user} if user else {})
    try:
        return (await http.post("/api/chat/send", json=body)).status_code
    except httpx.HTTPError:
        return 0


async def _lockout(base: str, user: str | None, cap_s: float) -> float | None:
    """Seconds from now until the request that got `user` (None: anonymous) a 200 was sent
    (0: the first one was served); None if none within `cap_s`."""
    async with httpx.AsyncClient(base_url=base, timeout=10.0) as http:
        began = time.monotonic()  # (after the client's own set-up, ~0.1 s of TLS context)
        while (asked := time.monotonic()) - began < cap_s:
            if await _status(http, user) == 200:
                return asked - began
            await asyncio.sleep(0.25)
    return None


def _secs(value: float | None, cap_s: float) -> str:
    return f">{cap_s:g} s" if value is None else f"{value:.2f} s"


async def trust_forged_forwarding(base: str) -> dict[str, Any]:
    """Long replies, each from a new forged X-Forwarded-For, then what innocent clients get."""
    statuses: Counter[int] = Counter()
    async with httpx.AsyncClient(base_url=base, timeout=10.0) as http:
        for i in range(25):
            response = await http.post(
                "/api/chat/stream",
                json={"message": f"fill {i}", "scenario": LONG},
                headers={"X-Forwarded-For": f"203.0.113.{i + 1}"},
            )
            statuses[response.status_code] += 1
        other_user = await _status(http, "alice")
        anonymous = await _status(http, None)
    return {"forged_requests": dict(statuses), "other_user": other_user, "anonymous": anonymous}


async def trust_flood_lockout(base: str, frames: int, cap_s: float) -> dict[str, Any]:
    """One socket (user mallory) floods long replies and leaves; how long others are locked
    out (another user, an anonymous client on the same address) and mallory itself."""
    answers: Counter[str] = Counter()
    url = base.replace("http", "ws") + "/ws/chat?framing=envelope"
    frame = json.dumps({"message": "flood", "userId": "mallory", "scenario": LONG})
    async with connect(url, max_queue=None) as ws:
        for _ in range(frames):
            await ws.send(frame)

        async def drain() -> None:
            while True:
                answer = json.loads(await ws.recv())
                answers[answer.get("code") or answer["type"]] += 1

        with suppress(TimeoutError):
            await asyncio.wait_for(drain(), 3)
    # The socket is closed: the flood has stopped.
    other, anonymous, same = await asyncio.gather(
        _lockout(base, "alice", cap_s), _lockout(base, None, cap_s),
        _lockout(base, "mallory", cap_s),
    )  # fmt: skip
    return {
        "flood_answers": dict(answers),
        "lockout_other_user": _secs(other, cap_s),
        "lockout_anonymous_same_address": _secs(anonymous, cap_s),
        "lockout_same_user": _secs(same, cap_s),
    }


async def trust_guess_session(base: str) -> dict[str, Any]:
    """A victim polls a time-based 27-character session id; an anonymous attacker who knows
    the second tries every millisecond around it."""
    async with httpx.AsyncClient(base_url=base, timeout=10.0) as http:
        started_ms = int(time.time() * 1000)
        victim = f"sess-{started_ms}-00000001"  # 27 characters, as the issue's
        await http.post(
            "/api/chat/stream",
            params={"sessionId": victim},
            json={"message": "my secret plans", "userId": "victim", "scenario": FAST},
        )
        began = time.monotonic()
        codes: Counter[int] = Counter()
        read = None
        for polls, ms in enumerate(range(started_ms - 500, started_ms + 501), start=1):
            response = await http.get("/api/chat/poll", params={"sessionId": f"sess-{ms}-00000001"})
            codes[response.status_code] += 1
            if response.status_code == 200:
                read = polls
                break
    return {
        "read_after_polls": read if read is not None else "never",
        "attack_s": time.monotonic() - began,
        "statuses": dict(codes),
    }


def _raw(port: int, payload: bytes, wait_s: float, trickle: bool = False) -> tuple[bytes, str]:
    """Send `payload` (then a byte every 0.5 s if `trickle`); what came back and how it ended."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(payload)
        sock.settimeout(0.5)
        received = b""
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            try:
                if trickle:
                    sock.sendall(b" ")
                piece = sock.recv(65536)
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                return received, "closed"
            if not piece:
                return received, "closed"
            received += piece
        return received, "open"


async def trust_smuggling(base: str) -> dict[str, Any]:
    """Content-Length and Transfer-Encoding together, hiding a PUT of the default scenario."""
    port = int(base.rsplit(":", 1)[1])
    hidden = b'{"scenario":"status=503"}'
    payload = (
        b"POST /api/chat/send HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        b"PUT /api/debug/scenario HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(hidden), hidden)
    )
    received, ended = await asyncio.to_thread(_raw, port, payload, 5.0)
    scenario = httpx.get(base + "/api/debug/scenario", timeout=10).json()["data"]["scenario"]
    return {
        "answers": received.count(b"HTTP/1.1 "),
        "first_status": received[9:12].decode(errors="replace"),
        "connection": ended,
        "hidden_put_ran": "status=503" in scenario,
    }


async def trust_slow_bodies_trickling(base: str, count: int) -> dict[str, Any]:
    """Bodies that never finish and keep trickling a byte every 0.5 s after their 408."""
    port = int(base.rsplit(":", 1)[1])
    head = (
        b"POST /api/chat/send HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b'Content-Length: 100000\r\n\r\n{"message":'
    )
    wait = LIMITS.body_timeout_s + 8
    results = await asyncio.gather(
        *(asyncio.to_thread(_raw, port, head, wait, True) for _ in range(count))
    )
    return {
        "connections": count,
        "got_408": sum(r.startswith(b"HTTP/1.1 408") for r, _ in results),
        f"still_open_after_{wait:g}_s": sum(ended == "open" for _, ended in results),
    }


async def trust_http09(base: str) -> dict[str, Any]:
    port = int(base.rsplit(":", 1)[1])
    began = time.monotonic()
    received, ended = await asyncio.to_thread(_raw, port, b"GET /api/health\r\n", 15.0)
    return {
        "answer": received[:12].decode(errors="replace") or "none",
        "connection": ended,
        "after_s": time.monotonic() - began,
    }


async def trust_slow_sse_reader(base: str, cap_s: float) -> dict[str, Any]:
    """One client reads a fast, long SSE reply at ~1 KB/s: when does the stub let go?"""
    port = int(base.rsplit(":", 1)[1])
    spec = "ttft_ms=0,jitter_ms=0,tps=200,length=200000,script=long"  # ~20 KB/s of events
    head: list[bytes] = []

    def read_slowly() -> tuple[float | None, int]:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", port))
        sock.sendall(
            f"GET /api/chat/sse?message=m&scenario={spec} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
        )
        sock.settimeout(5)
        began = time.monotonic()
        total = 0
        try:
            while time.monotonic() - began < cap_s:
                piece = sock.recv(256)
                if not piece:
                    return time.monotonic() - began, total
                total += len(piece)
                if not head:
                    head.append(piece)
                time.sleep(0.25)
        except ConnectionResetError:
            return time.monotonic() - began, total
        except TimeoutError:
            pass
        finally:
            sock.close()
        return None, total

    cut_after, read = await asyncio.to_thread(read_slowly)
    why = "?"
    if head and b"x-reply-id: " in head[0]:
        reply_id = head[0].split(b"x-reply-id: ", 1)[1].split(b"\r\n", 1)[0].decode()
        trace = httpx.get(f"{base}/api/debug/trace/{reply_id}", timeout=10).json()
        why = (trace.get("error") or {}).get("message", "not cut")
    return {"disconnected_after": _secs(cut_after, cap_s), "bytes_read": read, "why": why}


async def trust_anonymous_control(base: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=base, timeout=10.0) as http:
        anonymous = await http.put("/api/debug/scenario", json={"scenario": "ttft_ms=1"})
        token = await http.put(
            "/api/debug/scenario",
            json={"scenario": ""},
            headers={"Authorization": f"Bearer {CONTROL_TOKEN}"},
        )
    return {"anonymous_put": anonymous.status_code, "with_control_token": token.status_code}


async def stub_trust_attacks(quick: bool) -> None:
    """Issue 28's stub cases, each on a fresh stub process with health probed meanwhile."""
    cap = 60.0 if quick else 150.0
    attacks = [
        ("forged XFF", trust_forged_forwarding),
        ("flood lock-out", lambda b: trust_flood_lockout(b, 2000 if quick else 20000, cap)),
        ("guess session", trust_guess_session),
        ("smuggling", trust_smuggling),
        ("trickled 408s", lambda b: trust_slow_bodies_trickling(b, 20 if quick else 50)),
        ("HTTP/0.9", trust_http09),
        ("1 KB/s SSE reader", lambda b: trust_slow_sse_reader(b, 90.0)),
        ("anon control", trust_anonymous_control),
    ]
    print(f"{'stub trust':>18}: attacked stub from {STUB_ROOT}", flush=True)
    only = os.environ.get("ATTACK_ONLY", "")  # a part of the names to run, e.g. "lock-out"
    for name, attack in attacks:
        if only and only not in name:
            continue
        with stub_process() as (base, process):
            result: dict[str, Any] = {}
            with health_probe(base, result):
                result.update(await attack(base))
            result["rss_mb"] = rss_mb(process)
            show(name, result)


def show(name: str, result: dict[str, Any]) -> None:
    parts = []
    for key, value in result.items():
        parts.append(f"{key}={value:.1f}" if isinstance(value, float) else f"{key}={value}")
    print(f"{name:>18}: " + ", ".join(parts), flush=True)


async def main(args: argparse.Namespace) -> None:
    if args.trust_only:
        await stub_trust_attacks(args.quick)
        return
    with stub_process() as (base, process):
        result: dict[str, Any] = {}
        with health_probe(base, result):
            result.update(await attack_bad_inputs(base))
        show("bad inputs", result)

        idle = rss_mb(process)
        rounds = []
        for _ in range(2):
            result = {"rss_before_mb": rss_mb(process)}
            with health_probe(base, result):
                retried = [0]
                result["accepted"] = await abandon_sessions(base, args.sessions, retried)
                result["client_retries"] = retried[0]
            result["rss_after_mb"] = rss_mb(process)
            result["sessions_held"] = stats(base)["sessions"]
            await asyncio.sleep(TTL_S + 2.5)
            held = stats(base)  # (this call also sweeps)
            result["rss_after_expiry_mb"] = rss_mb(process)
            result["sessions_after_expiry"] = held["sessions"]
            result["replies_after_expiry"] = held["replies"]
            rounds.append(result)
            show(f"{args.sessions} abandoned", result)
        grown = rounds[1]["rss_after_mb"] - rounds[0]["rss_after_mb"]
        freed = rounds[1]["rss_after_mb"] - rounds[1]["rss_after_expiry_mb"]
        verdict = (
            "returned to the OS" if rounds[1]["rss_after_expiry_mb"] <= idle + 5 else "bounded"
        )
        print(
            f"{'memory':>18}: idle {idle:.1f} MB; round 2 grew {grown:+.1f} MB over round 1; "
            f"expiry gave back {freed:.1f} MB -> {verdict}",
            flush=True,
        )

        attacks = [
            ("heavy streams", lambda: attack_heavy_streams(base)),
            ("never read x10", lambda: attack_never_read(base, process)),
            ("ws flood", lambda: attack_ws_flood(base, 2000 if args.quick else 20000)),
            ("slowloris", lambda: attack_slowloris(base, 50 if args.quick else 250)),
            ("slow bodies", lambda: attack_slow_bodies(base, 20 if args.quick else 50)),
        ]
        for name, attack in attacks:
            result = {}
            with health_probe(base, result):
                result.update(await attack())
            result["rss_mb"] = rss_mb(process)
            show(name, result)
        print(f"{'stub alive':>18}: {process.is_running() and process.status() != 'zombie'}")
    await stub_trust_attacks(args.quick)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="smaller attacks (a smoke run)")
    parser.add_argument(
        "--trust-only", action="store_true", help="only the stub-trust cases (issue 28)"
    )
    asyncio.run(main(parser.parse_args()))
