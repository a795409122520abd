"""Replay fidelity: a recorded 1,000-chunk stream with variable gaps, replayed on websocket,
chunked and download (lenient); boundary match and per-chunk timing error against the
recording, next to the same figures for the fake LLM's own schedule.

1. The local OpenAI double (tests/doubles) streams N pieces with seeded gaps of 1-10 ms;
   a stub in upstream mode records it (`record=`), the cassette is the recording.
2. A stub child process replays the cassette; each transport of the simulator (over the wx
   emulation) runs the prompt. Same for a fake-LLM stub whose plan has variable gaps.
3. Boundary match = recorded chunks that reached the page as exactly one `ChunkReceived` of
   the same text. Timing error per chunk = |lag − median lag|, lag = arrival − recorded
   offset (arrival: the page event holding the chunk's last character; the median removes
   the constant request/connection latency).
   The stub's own error = its emission stamp − the planned due time (the websocket run's trace).
Run: .venv/bin/python tests/benchmarks/bench_replay.py [--chunks 1000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from backend_stub import EmbeddedStub, StubConfig
from backend_stub.replies.cassette import read_cassette
from backend_stub.replies.replay import ReplayConfig
from backend_stub.replies.upstream import UpstreamConfig
from simulator.metrics import RunTimeline, percentile
from simulator.transports import SendMessage, create_transport, stub_profile
from simulator.transports.events import ChunkReceived
from simulator.wx import WxConfig, WxRuntime
from tests.doubles.openai_server import openai_server, variable_stream

PROMPT = "bench replay fidelity"
TRANSPORTS = ("websocket", "chunked", "download")
FAKE_SCENARIO = "ttft_ms=50,tps=220,jitter_ms=3,script=zh,length={length}"
"""~4.5 ms ± 3 ms between chunks: variable gaps of the same order as the recording's."""


@dataclass
class Reference:
    pieces: list[str]
    offsets: list[float]
    lateness: list[float]
    """Emission stamp − due time per chunk, from the stub's trace."""


@dataclass
class Figures:
    match: float
    p50: float | None
    p99: float | None
    text_ok: bool


async def record(chunks: int, path: Path) -> None:
    with openai_server(variable_stream(chunks, seed=11, low_ms=1, high_ms=10)) as llm:
        config = StubConfig(upstream=UpstreamConfig(url=llm.base_url), record=str(path))
        with EmbeddedStub(config, isolate=True).start() as stub:
            timeline = RunTimeline()
            wx = WxRuntime(WxConfig())
            profile = stub_profile(stub.base_url, stub.ws_url)
            await create_transport("websocket", wx, profile).run(SendMessage(PROMPT), timeline)
            await wx.aclose()


async def reference(base_url: str, reply_id: str) -> Reference:
    async with httpx.AsyncClient(trust_env=False, timeout=30) as client:
        trace = (await client.get(f"{base_url}/api/debug/trace/{reply_id}")).json()
    chunks = trace["chunks"]
    return Reference(
        pieces=[c["text"] for c in chunks],
        offsets=[c["dueAt"] - trace["startedAt"] for c in chunks],
        lateness=[c["emittedAt"] - c["dueAt"] for c in chunks],
    )


def measure(events: list[ChunkReceived], ref: Reference) -> Figures:
    ends = list(itertools.accumulate(len(p) for p in ref.pieces))
    got_ends = list(itertools.accumulate(len(e.text) for e in events))
    starts_at = {end - len(e.text): e.text for end, e in zip(got_ends, events, strict=True)}
    matched = sum(
        1
        for start, piece in zip([0, *ends[:-1]], ref.pieces, strict=True)
        if starts_at.get(start) == piece
    )
    lags = []  # arrival − recorded offset, per chunk (the event holding its last character)
    k = 0
    for end, offset in zip(ends, ref.offsets, strict=True):
        while k < len(got_ends) and got_ends[k] < end:
            k += 1
        if k == len(got_ends):
            break
        lags.append(events[k].at - offset)
    # The constant part (request and connection latency) is not timing error: measure each
    # chunk against the median lag, so one late first chunk does not shift every other one.
    typical = statistics.median(lags) if lags else 0.0
    errors = [abs(lag - typical) for lag in lags]
    text_ok = "".join(e.text for e in events) == "".join(ref.pieces)
    return Figures(
        100.0 * matched / len(ref.pieces), percentile(errors, 50), percentile(errors, 99), text_ok
    )


async def run_all(stub: EmbeddedStub, scenario: str | None) -> tuple[Reference, dict[str, Figures]]:
    # Lenient download: the file is readable while it grows (strict gives the whole reply at
    # `success`, as the real platform does; no timing to compare there).
    wx = WxRuntime(WxConfig(download_fidelity="lenient", delivery="ideal"))
    profile = stub_profile(stub.base_url, stub.ws_url)
    figures: dict[str, Figures] = {}
    ref: Reference | None = None
    for name in TRANSPORTS:
        timeline = RunTimeline()
        await create_transport(name, wx, profile).run(
            SendMessage(PROMPT, scenario=scenario), timeline
        )
        events = [e for e in timeline.events if isinstance(e, ChunkReceived) and e.text]
        if ref is None:  # the websocket run knows the reply id; the plan is the same each run
            reply_id = timeline.metrics().reply_id
            assert reply_id is not None, "websocket run gave no reply id"
            ref = await reference(stub.base_url, reply_id)
        figures[name] = measure(events, ref)
    await wx.aclose()
    assert ref is not None
    return ref, figures


def ms(value: float | None) -> str:
    return "     —" if value is None else f"{value * 1000:6.2f}"


async def main(chunks: int, rounds: int) -> None:
    print(f"machine: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "recorded.jsonl"
        await record(chunks, path)
        (recording,) = read_cassette(path)
        print(f"recorded {len(recording.pieces)} chunks over {recording.offsets[-1]:.2f} s "
              f"from the local OpenAI double (gaps 1-10 ms)")  # fmt: skip
        length = 2 * len(recording.pieces)  # about as many fake chunks (1-2 CJK chars each)
        replay_stub = EmbeddedStub(StubConfig(replay=ReplayConfig(path=path)), isolate=True)
        with replay_stub, EmbeddedStub(StubConfig(), isolate=True) as fake_stub:
            # Rounds interleave replay and fake, so the machine's noise hits both alike.
            for round_no in range(1, rounds + 1):
                replay_ref, replay = await run_all(replay_stub, None)
                same = replay_ref.pieces == list(recording.pieces) and all(
                    abs(a - b) < 2e-6
                    for a, b in zip(replay_ref.offsets, recording.offsets, strict=True)
                )
                fake_ref, fake = await run_all(fake_stub, FAKE_SCENARIO.format(length=length))
                print(f"round {round_no}: replay plan == recording (pieces, offsets to 2 µs): "
                      f"{same}; load {os.getloadavg()[0]:.2f}")  # fmt: skip
                table((("replay", replay_ref, replay), ("fake", fake_ref, fake)))
    print("err = per-chunk timing error at the page vs the plan (ms); stub = emission − due (ms)")


def table(sources: tuple[tuple[str, Reference, dict[str, Figures]], ...]) -> None:
    print(f"{'source':8} {'transport':10} {'chunks':>6} {'match %':>8} {'err p50':>7} "
          f"{'err p99':>7} {'stub p50':>8} {'stub p99':>8}  text")  # fmt: skip
    for label, ref, rows in sources:
        late50, late99 = percentile(ref.lateness, 50), percentile(ref.lateness, 99)
        for name, fig in rows.items():
            print(f"{label:8} {name:10} {len(ref.pieces):6} {fig.match:8.1f} {ms(fig.p50)}  "
                  f"{ms(fig.p99)}   {ms(late50)}   {ms(late99)}  "
                  f"{'exact' if fig.text_ok else 'DIFFERS'}")  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    asyncio.run(main(args.chunks, args.rounds))
