"""`python -m simulator check` as CI runs it: exit codes, the table, JSON, JUnit, replay."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.__main__ import main
from simulator.check.cli import replay_base
from tests.check.conftest import EXAMPLES, FAST


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args, "--stub-scenario", FAST])
    return result.exit_code, result.output


def test_usage_errors_exit_2() -> None:
    page = str(EXAMPLES / "stream-decoder.js")
    assert run(page, "--platform", "symbian")[0] == 2
    assert run(page, "--trap", "no-such-trap")[0] == 2
    assert run(page, "--seed", "many")[0] == 2


def test_exact_cell_json_exit_0() -> None:
    code, out = run(
        str(EXAMPLES / "stream-decoder.js"), "--platform", "devtools", "--network", "wifi", "--json"
    )
    assert code == 0, out
    doc = json.loads(out)
    [one] = doc["cells"]
    assert (one["platform"], one["verdict"], one["replay"]) == ("devtools", "exact", None)
    assert doc["ok"] and doc["oracle"] == "the backend's own trace"


def test_crashed_cell_prints_its_replay_and_fails_junit(tmp_path: Path) -> None:
    junit = tmp_path / "check.xml"
    page = str(EXAMPLES / "escape-decoder.js")
    code, out = run(
        page, "--platform", "ios", "--seed", "bytes", "--network", "wifi", "--junit", str(junit)
    )
    assert code == 1, out
    assert "ios · wifi · bytes: crashed — URIError: URI malformed (escape-decoder.js:7)" in out
    assert "--platform ios --seed bytes --network wifi" in out.split("replay: ")[1]
    suite = ET.parse(junit).getroot()
    assert suite.get("tests") == "1" and suite.get("failures") == "1"
    case = suite.find("testcase")
    assert case is not None and case.find("failure") is not None


def test_replay_base_drops_the_matrix_options() -> None:
    argv = ["check", "p.js", "--platform", "ios", "--seeds=5", "--json", "--trap", "socket-limit-2"]
    assert replay_base(argv) == [
        "python",
        "-m",
        "simulator",
        "check",
        "p.js",
        "--trap",
        "socket-limit-2",
    ]


def test_list_traps_names_sources_and_what_ifs() -> None:
    code, out = run(str(EXAMPLES / "stream-decoder.js"), "--list-traps")
    assert code == 0
    assert "ios-silent-loss" in out and "xiaweiss/miniprogram-bug-report#272" in out
    assert "what-if:" in out


def test_window_replays_exactly_the_one_cell_the_flags_pick(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import simulator.__main__ as entry
    from simulator.check.replay import CellReplay
    from simulator.check.traps import active_traps

    handed: list[CellReplay] = []

    def launcher(replay: CellReplay) -> int:
        handed.append(replay)
        return 0

    monkeypatch.setattr(entry, "_check_window", launcher)
    page = str(EXAMPLES / "escape-decoder.js")
    code, out = run(page, "--message", "你好", "--platform", "ios", "--seed", "17",
                    "--network", "3g", "--hang-after", "4", "--window")  # fmt: skip
    assert code == 0, out
    [replay] = handed
    assert (replay.cell.platform, replay.cell.network) == ("ios", "3g")
    assert (replay.cell.delivery, replay.cell.seed) == ("seeded", 17)
    assert replay.cell.traps == active_traps()
    assert replay.config.message == "你好" and replay.config.hang_bound_s == 4
    assert replay.config.scenario == FAST and replay.config.target == Path(page)
    # the cell's runtime: the phone's seeded reads on the 3G profile
    wx = replay.runtime_config()
    assert (wx["platform"], wx["delivery"], wx["seed"], wx["network"].name) == (
        "device", "device", 17, "3g"
    )  # fmt: skip
    # more than one cell is a usage error, before any window
    handed.clear()
    code, out = run(page, "--platform", "ios", "--window")
    assert code == 2 and "--window replays one cell" in out and not handed
    assert replay_base([page, "--platform", "ios", "--window"]) == [
        "python", "-m", "simulator", page
    ]  # fmt: skip


def test_list_traps_needs_no_path_and_keeps_its_columns() -> None:
    """Review finding 16: it asked for PATH, and the longest name pushed its row out."""
    result = CliRunner().invoke(main, ["check", "--list-traps"])
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()[::2]  # each trap's line; its source is the next one
    assert any(r.startswith("ios15-promise-timers ") for r in rows)
    starts = {r.index(" off ") if " off " in r else r.index(" on  ") for r in rows}
    assert len(starts) == 1, rows  # the on/off column starts at one place on every row
    assert CliRunner().invoke(main, ["check"]).exit_code == 2  # PATH still needed to run


def test_a_missing_expect_file_is_a_usage_error() -> None:
    page = str(EXAMPLES / "stream-decoder.js")
    assert run(page, "--expect", "@/nonexistent/expected.txt")[0] == 2
