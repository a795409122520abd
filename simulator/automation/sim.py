"""Streaming-aware helpers beyond the SDK: network profile, stub scenario, a measured send,
waiting for the reply, the run's figures and verdict.

Reached as `miniProgram.callWxMethod('sim.<name>', …)` (a dotted name no wx API can have) or as
protocol methods `Sim.<name>` with `{args: […]}`. docs/automation.md lists them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import httpx

from simulator.automation.app import AppDriver
from simulator.automation.errors import AutomationError
from simulator.bench.judging import judge_runs
from simulator.bench.report import json_row
from simulator.bench.runner import BenchRun
from simulator.page.run import measure_page_run
from simulator.session import Session
from simulator.wx.network import NETWORK_PROFILES

SimHelper = Callable[["SimHelpers", list[Any]], Awaitable[Any]]


class SimHelpers:
    """The helpers of one `auto` session (its backend session and app)."""

    def __init__(self, driver: AppDriver, session: Session) -> None:
        self.driver = driver
        self.session = session
        self.runs: list[BenchRun] = []

    async def call(self, name: str, args: list[Any]) -> Any:
        helper = SIM_HELPERS.get(name)
        if helper is None:
            known = ", ".join(sorted(SIM_HELPERS))
            raise AutomationError(f"unknown simulator helper sim.{name} (known: {known})")
        return await helper(self, args)


def _arg(args: list[Any], index: int, kind: type, name: str) -> Any:
    value = args[index] if len(args) > index else None
    if isinstance(value, dict) and name in value:  # {name: value} works too
        value = value[name]
    if not isinstance(value, kind):
        raise AutomationError(f"{name} must be a {kind.__name__}")
    return value


async def set_network(sim: SimHelpers, args: list[Any]) -> Any:
    """`sim.setNetwork('3g')`: new requests go over this profile (a phone switching
    networks: requests still running fail, as on the phone)."""
    name = _arg(args, 0, str, "network")
    profile = NETWORK_PROFILES.get(name)
    if profile is None:
        raise AutomationError(f"unknown network {name!r} (known: {', '.join(NETWORK_PROFILES)})")
    host = await sim.driver.app()
    host.wx.simulate_network_change(profile)
    return {"network": profile.name}


async def set_scenario(sim: SimHelpers, args: list[Any]) -> Any:
    """`sim.setScenario('tps=20,stall=3@40')`: the stub's default scenario for new replies
    ('' = the defaults). Only for the embedded stub (or a stub at --backend)."""
    spec = _arg(args, 0, str, "scenario")
    try:
        await sim.session.set_stub_scenario(spec)
    except (ValueError, httpx.HTTPError) as exc:
        raise AutomationError(f"the backend did not take the scenario: {exc}") from exc
    return {"scenario": spec}


async def wait_for_reply(sim: SimHelpers, args: list[Any]) -> Any:
    """`sim.waitForReply({timeoutMs, quietMs})`: after your own tap, wait until the page has
    no request, timer or unapplied setData left and was quiet for quietMs (default 400)."""
    opts = args[0] if args and isinstance(args[0], dict) else {}
    quiet = float(opts.get("quietMs", 400)) / 1000
    timeout = float(opts.get("timeoutMs", 120_000)) / 1000
    waited = await sim.driver.wait_idle(quiet, timeout)
    return {"waitedMs": round(waited * 1000)}


async def send(sim: SimHelpers, args: list[Any]) -> Any:
    """`sim.send('你好')`: a measured run as `python -m simulator page` does it: types into
    the page's input, taps its send element, waits until the reply is complete; returns the
    run's figures and verdict (the same row as bench.json)."""
    text = _arg(args, 0, str, "text")
    host = await sim.driver.app()
    profile = await sim.session.start()
    run = await measure_page_run(sim.session, host, profile, text, len(sim.runs))
    verdict = judge_runs([run], None, profile.deterministic)[0]
    run = replace(run, verdict=verdict)
    sim.runs.append(run)
    return run_json(run)


async def last_run(sim: SimHelpers, args: list[Any]) -> Any:
    """`sim.lastRun()`: the last `sim.send`'s figures and verdict (null before one)."""
    return run_json(sim.runs[-1]) if sim.runs else None


async def info(sim: SimHelpers, args: list[Any]) -> Any:
    """`sim.info()`: the run settings in force and the backend."""
    host = await sim.driver.app()
    settings = sim.session.settings
    return {
        "network": host.wx.network.name,
        "platform": host.options.platform,
        "backend": (await sim.session.start()).base_url,
        "settingsScenario": settings.scenario,
        "launches": sim.driver.launches,
    }


def run_json(run: BenchRun) -> dict[str, Any]:
    m = run.metrics
    return {
        **json_row(run),
        "firstPaintMs": m.first_paint_s * 1000 if m.first_paint_s is not None else None,
        "firstByteMs": m.first_byte_s * 1000 if m.first_byte_s is not None else None,
        "lastByteMs": m.last_byte_s * 1000 if m.last_byte_s is not None else None,
        "completed": m.completed,
    }


SIM_HELPERS: dict[str, SimHelper] = {
    "setNetwork": set_network,
    "setScenario": set_scenario,
    "waitForReply": wait_for_reply,
    "send": send,
    "lastRun": last_run,
    "info": info,
}
"""`sim.<name>` → helper (add a helper = add a row)."""
