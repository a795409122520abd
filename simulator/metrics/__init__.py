"""Measured per-run latency of the chat transports and its statistics (no Qt)."""

from simulator.metrics.stats import Aggregate, Stats, aggregate, aggregate_by, percentile, stats_of
from simulator.metrics.timeline import RunMetrics, RunTimeline
from simulator.metrics.trace import EmissionTrace, EmittedChunk, fetch_emission_trace, parse_trace

__all__ = [
    "Aggregate",
    "EmissionTrace",
    "EmittedChunk",
    "RunMetrics",
    "RunTimeline",
    "Stats",
    "aggregate",
    "aggregate_by",
    "fetch_emission_trace",
    "parse_trace",
    "percentile",
    "stats_of",
]
