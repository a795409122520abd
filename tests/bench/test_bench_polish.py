"""The bench's outputs agree with each other: run numbers, verdict words, one time axis, and
which scenario each transport ran (review polish #20-#22)."""

from __future__ import annotations

from backend_stub import EmbeddedStub
from simulator.bench import BenchConfig, run_bench
from simulator.bench.chart import make_figure
from simulator.bench.report import format_table
from simulator.session import RunSettings
from tests.bench.test_bench import FAST, run_cli


def test_progress_and_failures_number_a_run_alike(stub: EmbeddedStub) -> None:
    result = run_cli(
        "bench", "--transports", "sync", "--runs", "1",
        "--scenario", f"{FAST},status=500", "--backend", stub.base_url,
    )  # fmt: skip
    assert result.returncode == 1
    assert "sync [" in result.stderr and "] run 1: FAILED" in result.stderr, result.stderr
    assert "  sync run 1: " in result.stdout, result.stdout
    assert "run 0" not in result.stdout + result.stderr and "#1" not in result.stderr


async def test_the_chart_says_the_verdict_on_one_time_axis(stub: EmbeddedStub) -> None:
    # websocket streams in ~0.1 s, download's slow text/plain stream takes seconds
    import matplotlib.pyplot as plt

    config = BenchConfig(
        RunSettings(backend_url=stub.base_url),
        transports=("websocket", "download"),
        runs=1,
        scenarios=(FAST,),
    )
    result = await run_bench(config)
    fig = make_figure(result)
    try:
        shown = [ax for ax in fig.axes if ax.get_visible()]
        titles = [ax.get_title() for ax in shown]
        assert titles == ["websocket (exact, 1 request)", "download (exact, 1 request)"]
        assert shown[0].get_xlim() == shown[1].get_xlim()
    finally:
        plt.close(fig)


async def test_the_footer_says_which_transports_ran_which_scenario(stub: EmbeddedStub) -> None:
    # the stub paces the seed's text/plain stream itself (interval_ms=100) when asked for none
    config = BenchConfig(
        RunSettings(backend_url=stub.base_url), transports=("websocket", "download"), runs=1
    )
    table = format_table(await run_bench(config))
    assert "scenarios default (websocket); interval_ms=100 (download)," in table, table
    assert " | " not in table
