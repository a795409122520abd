"""What the bench's command line and footer call the scenario and the transports it runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backend_stub import EmbeddedStub
from tests.bench.test_bench import FAST, run_cli
from tests.helpers.stubs import running_stub

STARTED_WITH = "ttft_ms=0,tps=2000,jitter_ms=0,seed=7"


@pytest.fixture(scope="module")
def stub_with_scenario() -> Iterator[EmbeddedStub]:
    """A stub started with a default scenario of its own (as `backend_stub --scenario`)."""
    with running_stub(STARTED_WITH) as server:
        yield server


def test_the_footer_names_the_scenario_the_stub_ran(stub_with_scenario: EmbeddedStub) -> None:
    result = run_cli(
        "bench", "--transports", "sync", "--runs", "1", "--backend", stub_with_scenario.base_url
    )
    assert result.returncode == 0, result.stderr
    assert f"scenario {STARTED_WITH}," in result.stdout
    assert "scenario default" not in result.stdout


def test_scenario_default_is_the_stubs_own(stub: EmbeddedStub) -> None:
    result = run_cli(
        "bench", "--transports", "sync", "--runs", "1", "--scenario", "default",
        "--scenario", FAST, "--backend", stub.base_url,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "bad_scenario" not in result.stdout + result.stderr
    assert "sync @ default" in result.stdout and "scenarios default (sync); " in result.stdout


def test_transports_all_says_what_it_leaves_out() -> None:
    # said when the list is read, before any run: a closed port keeps the runs short
    result = run_cli("bench", "--runs", "1", "--backend", "http://127.0.0.1:1")
    assert "left out: auto" in result.stderr, result.stderr


def test_a_missing_expect_file_is_a_usage_error_as_in_check() -> None:
    """Review finding 8: `bench --expect @missing` ended in a traceback (exit 1)."""
    from click.testing import CliRunner

    from simulator.__main__ import main

    result = CliRunner().invoke(main, ["bench", "--expect", "@/nonexistent/expected.txt"])
    assert result.exit_code == 2, result.output
    assert "Invalid value for --expect" in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)
