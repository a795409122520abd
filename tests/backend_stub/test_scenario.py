"""Scenario specs: parsing, errors, layering, round trip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend_stub import Scenario, ScenarioError


def test_empty_spec_gives_documented_defaults() -> None:
    scenario = Scenario.parse("")
    assert (scenario.ttft_ms, scenario.tps, scenario.jitter_ms) == (300.0, 25.0, 10.0)
    assert scenario.given == frozenset()


def test_spec_sets_every_named_key() -> None:
    spec = (
        "ttft_ms=800,tps=30,jitter_ms=20,stall_at=5,stall_ms=3000,drop_after=8,status=500,"
        "malformed_at=3,slice_bytes=1,script=markdown_zh,length=20000,seed=7"
    )
    scenario = Scenario.parse(spec)
    assert scenario.ttft_ms == 800 and scenario.tps == 30 and scenario.drop_after == 8
    assert scenario.script == "markdown_zh" and scenario.length == 20000 and scenario.seed == 7
    assert Scenario.parse(scenario.spec()) == scenario


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("bogus=1", "unknown key"),
        ("tps", "expected key=value"),
        ("tps=0", "between"),
        ("tps=fast", "tps='fast'"),
        ("status=200", "error status"),
        ("script=haiku", "unknown script"),
        ("tps=1,tps=2", "given twice"),
        ("ttft_ms=nan", "between"),
        ("drop_after=-1", "between"),
    ],
)
def test_bad_specs_say_what_is_wrong(spec: str, fragment: str) -> None:
    with pytest.raises(ScenarioError, match=fragment):
        Scenario.parse(spec)


def test_overlay_replaces_only_the_keys_the_request_set() -> None:
    server = Scenario.parse("tps=10,ttft_ms=50")
    merged = server.overlay(Scenario.parse("tps=99"))
    assert (merged.tps, merged.ttft_ms) == (99, 50)
    assert merged.given == {"tps", "ttft_ms"}


def test_fallback_does_not_override_given_keys() -> None:
    scenario = Scenario.parse("interval_ms=5").with_fallback(interval_ms=100, tps=3)
    assert scenario.interval_ms == 5 and scenario.tps == 3


@given(st.text(max_size=60) | st.sampled_from(["tps=1e3", " ttft_ms = 5 ,", "seed=-4,length=9"]))
def test_any_text_parses_and_round_trips_or_raises_scenario_error(spec: str) -> None:
    try:
        scenario = Scenario.parse(spec)
    except ScenarioError:
        return
    assert Scenario.parse(scenario.spec()) == scenario


def test_a_scenario_built_in_code_knows_which_keys_it_sets() -> None:
    scenario = Scenario(tps=5, drop_after=2)
    assert scenario.given == {"tps", "drop_after"}
    assert Scenario.parse(scenario.spec()) == scenario
    assert Scenario.parse("tps=9").overlay(scenario).tps == 5
