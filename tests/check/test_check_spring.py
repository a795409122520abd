"""check against the Spring-contract double: a backend with no trace, so --expect is the
oracle; without one the cells can only end."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from simulator.check.verdicts import CellVerdict
from simulator.page.run import page_settings
from simulator.session import RunSettings
from simulator.session.backend import url_profile
from simulator.session.profile_file import save_profile
from tests.check.conftest import PAGES, cell, check
from tests.doubles.serve import ThreadServer
from tests.doubles.spring_double import reply_text

MESSAGE = "流式输出"


def test_correct_decoder_is_exact_against_the_expected_text(spring: ThreadServer) -> None:
    want = reply_text(MESSAGE)
    report = check(
        PAGES / "spring-stream.js", [cell("android", "bytes"), cell("ios", seed=3)],
        backend=spring.base_url, expect=want, message=MESSAGE,
    )  # fmt: skip
    assert report.oracle == "expected text (--expect)"
    assert [r.verdict for r in report.results] == [CellVerdict.EXACT, CellVerdict.EXACT]
    assert report.results[0].text == want


def test_escape_decoder_crashes_and_a_wrong_expectation_is_garbled(spring: ThreadServer) -> None:
    want = reply_text(MESSAGE)
    crashed = check(
        PAGES / "spring-escape.js", [cell("ios", "bytes")],
        backend=spring.base_url, expect=want, message=MESSAGE,
    ).results[0]  # fmt: skip
    assert crashed.verdict is CellVerdict.CRASHED
    assert crashed.judged.error["file"] == "spring-escape.js"
    wrong = want.replace("推送", "推迟")
    garbled = check(
        PAGES / "spring-stream.js", [cell("devtools", "ideal")],
        backend=spring.base_url, expect=wrong, message=MESSAGE,
    ).results[0]  # fmt: skip
    assert garbled.verdict is CellVerdict.GARBLED
    g = garbled.judged.garble
    assert g is not None and (g.got, g.want) == ("送", "迟") and not g.replacement_char


def test_without_an_oracle_the_cells_only_end(spring: ThreadServer) -> None:
    report = check(
        PAGES / "spring-stream.js", [cell("devtools", "ideal")],
        backend=spring.base_url, message=MESSAGE,
    )  # fmt: skip
    assert report.oracle.startswith("none")
    assert report.results[0].verdict is CellVerdict.ENDED


def test_a_probe_profile_that_found_it_deterministic_gives_a_reference_oracle(
    spring: ThreadServer, tmp_path: Path
) -> None:
    found = url_profile(RunSettings(backend_url=spring.base_url, backend_kind="spring"))
    path = tmp_path / "spring.json"
    save_profile(dataclasses.replace(found, deterministic=True), path)
    settings = page_settings(profile_file=str(path))
    report = check(
        PAGES / "spring-stream.js", [cell("ios", "bytes")], message=MESSAGE, settings=settings
    )
    assert report.oracle.startswith("a reference run through our")
    [result] = report.results
    assert result.oracle == reply_text(MESSAGE)
    assert result.verdict is CellVerdict.EXACT
