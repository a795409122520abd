"""Added delivery delay per transport, next to raw websockets/httpx clients in the same run.

Delivery delay = arrival at the page's code − the stub's emission stamp (same monotonic clock).
"Added" = our transport's percentile − the raw client's percentile, same stub, same loop,
runs interleaved so the machine's noise hits both.
Run: .venv/bin/python tests/benchmarks/bench_transports.py [--replies N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import httpx
import websockets

from backend_stub import EmbeddedStub, StubConfig
from simulator.metrics import RunTimeline, fetch_emission_trace, percentile
from simulator.transports import SendMessage, create_transport, stub_profile
from simulator.transports.framing import make_parser
from simulator.wx import WxConfig, WxRuntime

SCENARIO = "ttft_ms=0,tps=50,jitter_ms=0,length=240"
"""About 50 chunks per second (20 ms apart), as in PERF.md's floor measurements."""
TARGETS = {"websocket": (2.0, 10.0), "chunked": (2.0, 10.0), "longpoll": (50.0, None)}


async def raw_websocket(ws_url: str, prompt: str) -> list[float]:
    delays: list[float] = []
    async with websockets.connect(f"{ws_url}/ws/chat?framing=envelope") as ws:
        await ws.send(json.dumps({"message": prompt, "userId": "raw", "scenario": SCENARIO}))
        async for frame in ws:
            now = time.monotonic()
            body = json.loads(frame)
            if body["type"] == "chunk":
                delays.append(now - body["emittedAt"])
            elif body["type"] in ("done", "error"):
                break
    return delays


async def raw_sse(client: httpx.AsyncClient, base_url: str, prompt: str) -> list[float]:
    delays: list[float] = []
    parser = make_parser("sse")
    body = {"message": prompt, "userId": "raw"}
    url = f"{base_url}/api/chat/sse"
    async with client.stream("POST", url, params={"scenario": SCENARIO}, json=body) as response:
        async for data in response.aiter_raw():
            now = time.monotonic()
            delays += [now - p.emitted_at for p in parser.feed(data) if p.emitted_at is not None]
    return delays


async def ours(wx: WxRuntime, name: str, base_url: str, ws_url: str, prompt: str) -> list[float]:
    timeline = RunTimeline()
    await create_transport(name, wx, stub_profile(base_url, ws_url)).run(
        SendMessage(prompt, scenario=SCENARIO), timeline
    )
    end = timeline.events[-1]
    reply_id = getattr(end, "reply_id", None)
    trace = await fetch_emission_trace(base_url, reply_id) if reply_id else None
    metrics = timeline.metrics(trace)
    if not metrics.completed:
        raise RuntimeError(f"{name} failed: {metrics.error}")
    return list(metrics.delivery_delays)


def ms(value: float | None) -> str:
    return f"{'—':>7}" if value is None else f"{value * 1000:7.2f}"


async def main(replies: int) -> None:
    with EmbeddedStub(StubConfig()) as stub:
        # ideal delivery: the raw clients hand on every read too, so the difference is our cost;
        # the device-like merging and splitting (the default) is a modelled delay, shown apart
        wx = WxRuntime(WxConfig(delivery="ideal"))
        device = WxRuntime(WxConfig())
        samples: dict[str, list[float]] = {}
        raw: dict[str, list[float]] = {"websocket": [], "chunked": []}
        names = ("websocket", "chunked", "longpoll", "polling", "download", "sync")
        async with httpx.AsyncClient(trust_env=False, timeout=30) as client:
            for i in range(replies):
                prompt = f"benchmark reply {i}"
                raw["websocket"] += await raw_websocket(stub.ws_url, prompt)
                raw["chunked"] += await raw_sse(client, stub.base_url, prompt)
                for name in names:
                    if name in ("polling", "download", "sync") and i >= 2:
                        continue  # seconds of inherent delay per chunk: two replies say enough
                    samples.setdefault(name, []).extend(
                        await ours(wx, name, stub.base_url, stub.ws_url, prompt)
                    )
                samples.setdefault("chunked·device", []).extend(
                    await ours(device, "chunked", stub.base_url, stub.ws_url, prompt)
                )
        await wx.aclose()
        await device.aclose()
    print(
        f"delivery delay (ms), scenario {SCENARIO}, {replies} replies; raw = bare library, same run"
    )
    print("chunked·device: the phone platform's default delivery (reads merged and split)")
    print(f"{'transport':10} {'n':>5} {'p50':>7} {'p99':>7} {'raw p50':>7} {'raw p99':>7} "
          f"{'add p50':>7} {'add p99':>7} {'ratio50':>7}  target")  # fmt: skip
    for name, values in samples.items():
        p50, p99 = percentile(values, 50), percentile(values, 99)
        base = raw.get(name, [])
        r50, r99 = percentile(base, 50), percentile(base, 99)
        add50 = None if p50 is None or r50 is None else p50 - r50
        add99 = None if p99 is None or r99 is None else p99 - r99
        ratio = f"{p50 / r50:7.2f}" if p50 is not None and r50 else "      —"
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            measured = add50 if add50 is not None else p50
            ok50 = measured is not None and measured * 1000 < target[0]
            ok99 = target[1] is None or (add99 is not None and add99 * 1000 < target[1])
            verdict = (
                ("ok" if ok50 and ok99 else "MISSED")
                + f" (p50 < {target[0]:g} ms"
                + (f", p99 < {target[1]:g} ms)" if target[1] else ")")
            )
        print(
            f"{name:10} {len(values):5} {ms(p50)} {ms(p99)} {ms(r50)} {ms(r99)} "
            f"{ms(add50)} {ms(add99)} {ratio}  {verdict}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=8)
    asyncio.run(main(parser.parse_args().replies))
