"""Which scenario each transport really ran, said once for the table's footer and the chart."""

from __future__ import annotations

from simulator.bench.runner import BenchResult


def scenarios_used(result: BenchResult) -> dict[str, list[str]]:
    """Scenario → the transports that ran it, in run order. The backend's word (its trace) wins
    over the one asked for: a stub started with `--scenario X` runs X when the bench asks for
    nothing, and the seed's text/plain stream paces itself (`interval_ms=100`)."""
    out: dict[str, list[str]] = {}
    for run in result.runs:
        said = run.trace.scenario if run.trace is not None else None
        name = (run.scenario if said is None else said) or "default"
        transports = out.setdefault(name, [])
        if run.transport not in transports:
            transports.append(run.transport)
    if not out:  # nothing ran (every transport unsupported): the ones asked for
        out = {s or "default": [] for s in result.config.scenarios}
    return out


def scenario_text(result: BenchResult) -> str:
    """ "scenario default", or with several "scenarios default (websocket, sync);
    interval_ms=100 (download, polling)": never a bare list that reads as one odd spec."""
    used = scenarios_used(result)
    if len(used) == 1:
        return f"scenario {next(iter(used))}"
    return "scenarios " + "; ".join(f"{name} ({', '.join(ts)})" for name, ts in used.items())
