"""The platform's setData guidance (simulator/page/guidance.py): the table, the watch, and a
single-file page's warnings in its console and in `page --json`."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend_stub import EmbeddedStub
from simulator.page.guidance import AUDITS_PERFORMANCE, RULE_BY_NAME, SETDATA_RULES, SetDataGuidance
from simulator.page.host import PageOptions
from simulator.page.run import run_page
from tests.helpers.stubs import running_stub

PAGES = Path(__file__).parent / "pages"
ROOT = PAGES.parents[2]
EXAMPLE = ROOT / "examples" / "check" / "stream-decoder.js"
LONG_FAST = "ttft_ms=0,tps=400,length=300"
"""A fast reply long enough that a page setting it per chunk passes 20 calls in a second
even when a busy machine merges reads."""


@pytest.fixture(scope="module")
def long_stub() -> Iterator[EmbeddedStub]:
    with running_stub(LONG_FAST) as server:
        yield server


def test_the_table_holds_the_documented_audits_figures() -> None:
    size, rate = RULE_BY_NAME["setdata-size"], RULE_BY_NAME["setdata-rate"]
    assert (size.threshold, size.window_s) == (256 * 1024, None)
    assert (rate.threshold, rate.window_s) == (20, 1.0)
    assert all(
        r.source == AUDITS_PERFORMANCE and r.confidence == "documented" for r in SETDATA_RULES
    )


def test_rate_counts_the_most_calls_in_any_second_and_warns_once_per_page() -> None:
    watch = SetDataGuidance()
    for i in range(20):  # 20 calls in 0.95 s: at the guidance, not over it
        watch.record("pages/a", i * 0.05, 10)
    for i in range(40):  # 2 s later, 40 calls 10 ms apart on another page
        watch.record("pages/b", 3 + i * 0.01, 10)
    warnings = watch.finish()
    assert [(w.rule, w.route, w.measured) for w in warnings] == [("setdata-rate", "pages/b", 40)]
    assert "40 setData calls within 1 s" in warnings[0].text
    assert "at most 20 calls per 1 s" in warnings[0].text and AUDITS_PERFORMANCE in warnings[0].text
    assert watch.finish() == []  # the next run starts afresh
    assert len(watch.warnings) == 1


def test_a_second_apart_is_two_windows() -> None:
    watch = SetDataGuidance()
    for i in range(40):  # 40 calls, one every 50 ms: never more than 20 in a second
        watch.record("p", i * 0.05, 10)
    assert watch.finish() == []


def test_size_reports_the_largest_call() -> None:
    watch = SetDataGuidance()
    watch.record("p", 0.0, 256 * 1024)  # at the guidance
    assert watch.finish() == []
    watch.record("p", 1.0, 300_000)
    watch.record("p", 1.5, 270_000)
    (warning,) = watch.finish()
    assert (warning.rule, warning.measured, warning.threshold) == ("setdata-size", 300_000, 262_144)
    assert "300000 bytes" in warning.text and "at most 256.0 KB per call" in warning.text


def test_a_page_setting_a_big_history_warns_in_its_console() -> None:
    report = asyncio.run(
        run_page(PAGES / "setdata_big.js", "你好", options=PageOptions(idle_s=0.1))
    )
    assert report.ok, report.error
    (warning,) = report.warnings
    assert warning.rule == "setdata-size" and warning.route == "setdata_big.js"
    assert warning.measured > 360_000  # the JSON of 120,000 three-byte characters and more
    warns = [x.text for x in report.logs if x.level == "warn"]
    assert warns == [warning.text]


def test_page_json_lists_the_warnings_of_a_page_streaming_per_chunk(
    long_stub: EmbeddedStub,
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            sys.executable, "-m", "simulator", "page", str(EXAMPLE), "--message", "你好",
            "--json", "--backend", long_stub.base_url,
        ],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=100,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr  # a note: the run itself is fine
    doc = json.loads(done.stdout)
    (warning,) = doc["warnings"]
    assert warning["rule"] == "setdata-rate" and warning["route"] == "stream-decoder.js"
    assert warning["measured"] > 20 and warning["threshold"] == 20
    assert warning["source"] == AUDITS_PERFORMANCE
    assert [x["text"] for x in doc["logs"] if x["level"] == "warn"] == [warning["text"]]


def test_every_rule_is_documented_with_its_figure_and_source() -> None:
    doc = (ROOT / "docs" / "wx-emulation.md").read_text(encoding="utf-8")
    table = doc[doc.index("## setData performance guidance") :]
    for rule in SETDATA_RULES:
        row = next(line for line in table.splitlines() if line.startswith(f"| `{rule.name}`"))
        assert rule.label in row and rule.source in row and rule.confidence in row
