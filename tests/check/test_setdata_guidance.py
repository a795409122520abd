"""setData traffic past the platform's guidance in project mode and in `check`: a page that
sets the whole growing reply once per chunk is warned about (console, `page --json`, a note on
every cell), a page that throttles is not; neither verdict nor exit code changes."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend_stub import EmbeddedStub
from simulator.check.report import exit_code, guidance_notes, junit_xml, matrix_table, report_json
from simulator.check.runner import CheckConfig, run_matrix
from simulator.check.verdicts import CellVerdict
from simulator.page.guidance import AUDITS_PERFORMANCE
from simulator.page.run import page_settings
from simulator.project.options import ProjectOptions
from simulator.project.run import run_project
from tests.check.conftest import ROOT, cell
from tests.helpers.stubs import running_stub

pytestmark = pytest.mark.timeout(180)
PROJECT = Path(__file__).parent / "projects" / "setdata-traffic"
LONG_FAST = "ttft_ms=0,tps=400,length=300"
"""A fast reply long enough that one setData per chunk passes 20 calls in a second even when
a busy machine merges reads."""


@pytest.fixture(scope="module")
def long_stub() -> Iterator[EmbeddedStub]:
    with running_stub(LONG_FAST) as server:
        yield server


def test_page_json_warns_about_a_page_setting_the_whole_reply_per_chunk(
    long_stub: EmbeddedStub,
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            sys.executable, "-m", "simulator", "page", str(PROJECT), "--message", "你好",
            "--json", "--backend", long_stub.base_url,
        ],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=150,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr  # a warning: the run is still ok
    doc = json.loads(done.stdout)
    assert doc["ok"] is True and len(doc["data"]["chatList"][1]["text"]) == 300
    (warning,) = doc["warnings"]
    assert (warning["rule"], warning["route"]) == ("setdata-rate", "pages/stream/index")
    assert warning["measured"] > 20 and warning["window_s"] == 1.0
    assert warning["source"] == AUDITS_PERFORMANCE and warning["confidence"] == "documented"
    warns = [x["text"] for x in doc["console"] if x["level"] == "warn"]
    assert warns == [warning["text"]]
    assert "page pages/stream/index" in warning["text"] and "at most 20 calls" in warning["text"]


def test_a_throttled_page_is_not_warned(long_stub: EmbeddedStub) -> None:
    report = asyncio.run(
        run_project(
            PROJECT, ["你好"], settings=page_settings(backend_url=long_stub.base_url),
            options=ProjectOptions(launch_route="pages/throttled/index", idle_s=0.3),
        )
    )  # fmt: skip
    assert report.ok, (report.error, report.errors)
    assert len(report.data["chatList"][1]["text"]) == 300  # the whole reply, shown
    assert report.set_data["calls"] >= 3
    assert report.warnings == []
    assert not [x for x in report.console if x.level == "warn"]


def test_check_notes_the_warning_on_each_cell_without_changing_verdicts(tmp_path: Path) -> None:
    config = CheckConfig(PROJECT, "你好", page_settings(), None, LONG_FAST, 8.0, jobs=2)
    cells = [cell("devtools", "ideal"), cell("android", seed=3)]
    report = asyncio.run(run_matrix(config, cells))
    assert report.error is None
    assert [r.verdict for r in report.results] == [CellVerdict.EXACT, CellVerdict.EXACT]
    for r in report.results:
        assert [w.rule for w in r.warnings] == ["setdata-rate"], r.cell.name
    assert exit_code(report) == 0
    assert "⚠ setdata-rate in 1" in matrix_table(report)
    (note,) = guidance_notes(report)
    assert note.startswith("warning: 2 of 2 cells; worst: [setData 调用频率 / setdata-rate]")
    doc = report_json(report, ["python", "-m", "simulator", "check"], frozenset())
    assert doc["ok"] is True
    assert [w["rule"] for c in doc["cells"] for w in c["warnings"]] == ["setdata-rate"] * 2
    suite = ET.fromstring(junit_xml(report, ["check"]))
    assert suite.get("failures") == "0"
    for case in suite.iter("testcase"):
        assert case.find("failure") is None
        out = case.find("system-out")
        assert out is not None and out.text is not None
        assert out.text.startswith("warning: [setData 调用频率 / setdata-rate]")
    # the chunk records carry each setData call's size (both layers measure it)
    assert all(s.bytes for r in report.results for c in r.chunks for s in c.set_data)
