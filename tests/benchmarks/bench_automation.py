"""Automation: what a miniprogram-automator test pays on top of the page's own streaming.

`python -m simulator auto` serves the native chat project against a quick stub (first token at
once, 400 tokens/s). The real SDK (tests/automation/js) then, per round: types, taps, and polls
`page.data('loading')` until the reply is complete — tap → reply seen by the test. Same run,
same page, the baseline: `sim.send` (the simulator types and taps itself) → its own send → last
byte. Also the protocol's round trips: `Tool.getInfo` (server only), `App.callFunction`
(a logic-layer round trip), `Page.getData`, `Element.text` (a view round trip).

Usage: PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_automation.py [--rounds 10]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import time

from backend_stub import EmbeddedStub, StubConfig
from simulator.page.node import find_node
from tests.automation.conftest import FAST, JS, start_auto, stop_auto

BENCH_JS = r"""
const automator = require('miniprogram-automator');
(async () => {
  const [port, rounds] = process.argv.slice(1).map(Number);
  const mp = await automator.connect({ wsEndpoint: `ws://localhost:${port}` });
  const page = await mp.currentPage();
  const keys = ['tapToReply', 'simSendLastByte', 'simSendWall', 'getInfo', 'callFunction',
    'getData', 'text'];
  const out = Object.fromEntries(keys.map((k) => [k, []]));
  const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;
  const time = async (key, fn) => {
    const t = process.hrtime.bigint();
    await fn();
    out[key].push(ms(t));
  };
  for (let i = 0; i < rounds; i++) {
    await (await page.$('input')).input(`第${i}个问题`);
    const t = process.hrtime.bigint();
    await (await page.$('button')).tap();
    while (await page.data('loading')) {}
    out.tapToReply.push(ms(t));
    const s = process.hrtime.bigint();
    const run = await mp.callWxMethod('sim.send', `第${i}个测量`);
    out.simSendWall.push(ms(s));
    out.simSendLastByte.push(run.lastByteMs);
  }
  const bubble = (await page.$$('.bubble')).at(-1);
  for (let i = 0; i < 50; i++) {
    await time('getInfo', () => mp['send']('Tool.getInfo'));
    await time('callFunction', () => mp.evaluate(() => 1));
    await time('getData', () => page.data('loading'));
    await time('text', () => bubble.text());
  }
  process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(0));
})().catch((e) => { console.error(e); process.exit(1); });
"""


def row(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p50 = statistics.median(ordered)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    top = ordered[-1]
    return f"{name:<38} n={len(values):<3} p50 {p50:7.1f} ms  p90 {p90:7.1f} ms  max {top:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    stub = EmbeddedStub(StubConfig(scenario=FAST)).start()
    began = time.monotonic()
    server = start_auto(stub)
    started = time.monotonic() - began
    try:
        env = {**os.environ, "NODE_PATH": str(JS / "node_modules")}
        done = subprocess.run(
            [find_node().path, "-e", BENCH_JS, str(server.port), str(args.rounds)],
            capture_output=True, text=True, env=env, timeout=600, check=True,
        )  # fmt: skip
    finally:
        stop_auto(server)
        stub.stop()
    got = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"auto started (process → listening, project rendered): {started * 1000:.0f} ms")
    print(row("SDK: tap → reply complete", got["tapToReply"]))
    print(row("baseline sim.send: send → last byte", got["simSendLastByte"]))
    print(row("sim.send wall (type+tap+idle 400 ms)", got["simSendWall"]))
    print(row("Tool.getInfo round trip", got["getInfo"]))
    print(row("App.callFunction round trip", got["callFunction"]))
    print(row("Page.getData round trip", got["getData"]))
    print(row("Element.text round trip", got["text"]))


if __name__ == "__main__":
    main()
