"""Issue 24: `page` judges the page's text against the backend's (a garbled reply was ok)."""

from __future__ import annotations

import asyncio

from simulator.page.host import PageOptions
from simulator.page.run import page_settings, run_page
from tests.check.conftest import EXAMPLES


def test_a_garbled_page_text_is_not_ok() -> None:
    settings = page_settings(platform="devtools", slicing="fixed", slice_size=5)
    report = asyncio.run(
        run_page(EXAMPLES / "fresh-textdecoder.js", "你好", settings=settings,
                 options=PageOptions(idle_s=0.2))
    )  # fmt: skip
    assert report.error is None
    [run] = report.runs
    assert "\ufffd" in report.messages[-1].content
    assert run.verdict is not None and run.verdict.kind == "text_differs"
    assert not report.ok


def test_a_clean_page_text_is_exact() -> None:
    report = asyncio.run(
        run_page(EXAMPLES / "stream-decoder.js", "你好",
                 settings=page_settings(platform="devtools"), options=PageOptions(idle_s=0.2))
    )  # fmt: skip
    assert report.ok, report.runs[0].verdict
    assert report.runs[0].verdict is not None and report.runs[0].verdict.status == "exact"
