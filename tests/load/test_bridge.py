"""The gevent ↔ asyncio bridge, exercised in a child process that Locust has monkey-patched."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.load.helpers import ROOT, child_env

SCRIPT = r"""
import locust  # monkey-patches, as in every Locust process
import asyncio, json, os, time
import gevent, gevent.monkey
from simulator.load.bridge import AsyncioBridge

real_ident = gevent.monkey.get_original("_thread", "get_ident")
bridge = AsyncioBridge()
out = {}

async def where():
    loop = asyncio.get_running_loop()
    return real_ident(), type(loop._selector).__name__

ident, out["selector"] = bridge.call(where())
out["other_thread"] = ident != real_ident()

inflight = peak = 0
async def nap():
    global inflight, peak
    inflight += 1
    peak = max(peak, inflight)
    await asyncio.sleep(0.3)
    inflight -= 1
    return 1

ticks = 0
def ticker():
    global ticks
    while True:
        ticks += 1
        gevent.sleep(0.01)

tick = gevent.spawn(ticker)
users = [gevent.spawn(bridge.call, nap()) for _ in range(100)]
gevent.joinall(users)
tick.kill()
out["results"] = sum(g.value for g in users)
out["peak"] = peak
out["ticks"] = ticks  # the hub kept running while 100 greenlets waited

async def boom():
    raise ValueError("from the loop")
try:
    bridge.call(boom())
except ValueError as exc:
    out["error"] = str(exc)

def until(cond):  # a condition wait on the hub, bounded by the suite's time unit
    deadline = time.monotonic() + 10 * float(os.environ.get("SIM_TEST_UNIT", "1"))
    while not cond() and time.monotonic() < deadline:
        gevent.sleep(0.005)

started, cancelled = [], []
async def long():
    started.append(1)
    try:
        await asyncio.Event().wait()  # only a cancel ends it
    except asyncio.CancelledError:
        cancelled.append("killed")
        raise
g = gevent.spawn(bridge.call, long())
until(lambda: started)
g.kill()
try:
    bridge.call(long(), timeout=0.2)
except gevent.Timeout:
    out["timeout"] = True
until(lambda: len(cancelled) == 2)
out["cancelled"] = len(cancelled)

async def resolve():
    infos = await asyncio.get_running_loop().getaddrinfo("localhost", 80)
    return len(infos)
out["resolved"] = bridge.call(resolve(), timeout=10) > 0
out["calls"], out["wakeups"] = bridge.calls, bridge.wakeups
bridge.stop()
print(json.dumps(out))
"""


def test_greenlets_wait_on_a_real_asyncio_thread_without_blocking_the_hub() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["selector"] == "EpollSelector"  # not gevent's selector
    assert out["other_thread"] is True
    assert out["results"] == 100
    assert out["peak"] == 100  # all hundred coroutines were in flight together
    assert out["ticks"] > 1
    assert out["error"] == "from the loop"
    assert out["timeout"] is True
    assert out["cancelled"] == 2  # the killed greenlet's and the timed-out call's
    assert out["resolved"] is True  # name look-ups do not hang on a patched thread pool
    assert out["wakeups"] <= out["calls"]
