"""The headless bench: run the transports, measure them, print the table, write CSV/JSON/PNG."""

from simulator.bench.runner import BenchConfig, BenchResult, BenchRun, measure_run, run_bench

__all__ = ["BenchConfig", "BenchResult", "BenchRun", "measure_run", "run_bench"]
