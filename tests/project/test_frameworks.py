"""Taro's and uni-app's committed build output (tests/fixtures/frameworks) run unchanged in
project mode: the framework's own input binding, tap handler, request wrapper and markup,
against the stub on loopback with the phone's merged/split reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backend_stub import EmbeddedStub
from simulator.page.run import page_settings
from simulator.project.framework import detect_framework
from simulator.project.loader import find_root, load_project
from simulator.project.options import ProjectOptions
from simulator.project.run import ProjectReport, run_project
from tests.doubles.serve import ThreadServer
from tests.project.conftest import ROOT, stub_reply

pytestmark = pytest.mark.timeout(120)
FIXTURES = ROOT / "tests" / "fixtures" / "frameworks"
TARO = FIXTURES / "taro-chat"
UNI = FIXTURES / "uni-chat"
MESSAGE = "你好"


async def run(backend: str, folder: Path) -> ProjectReport:
    settings = page_settings(backend_url=backend, platform="ios")  # the phone's reads
    return await run_project(
        folder, [MESSAGE], settings=settings, options=ProjectOptions(platform="ios", idle_s=0.2)
    )


def texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in texts(v)]
    return []


def assert_streamed(report: ProjectReport, reply: str, launch_logs: list[str]) -> None:
    assert report.error is None and not report.errors, (report.error, report.errors)
    run = report.runs[0]
    assert run.verdict is not None and run.verdict.status == "exact", run.verdict
    assert run.metrics.text == reply  # every chunk, the first one too
    # a busy machine can hand a fast reply over in one read: the count is not the point here
    assert run.metrics.chunks >= 1 and run.metrics.first_paint_s is not None
    assert report.rendered_text is not None and reply in report.rendered_text
    assert MESSAGE in report.rendered_text  # the user's bubble, from the typed input
    assert report.ui["toastsShown"] == 1 and report.ui["toast"] is None  # loading shown, hidden
    assert [x.text for x in report.console if x.level == "log"][: len(launch_logs)] == launch_logs
    # setData guidance notes aside (the page sets the whole text per chunk): no warning
    noted = {w.text for w in report.warnings}
    warned = [x for x in report.console if x.level in ("warn", "error") and x.text not in noted]
    assert not warned, report.console
    assert report.ok


async def test_taro_react_output_streams_into_its_custom_wrapper(fast_stub: EmbeddedStub) -> None:
    report = await run(fast_stub.base_url, TARO)
    reply = stub_reply(fast_stub, MESSAGE)
    assert_streamed(report, reply, ["App launched."])
    # Taro sends the streamed text to the wrapper instance only: the page keeps "…"
    assert reply not in texts(report.data)
    composer = report.data["root"]["cn"][0]["cn"][1]["cn"]
    assert composer[0]["p25"] == "" and composer[1]["p9"] is False  # input cleared, not loading


async def test_uni_app_vue_output_streams_into_its_page(fast_stub: EmbeddedStub) -> None:
    report = await run(fast_stub.base_url, UNI)  # the source folder: its build output opens
    reply = stub_reply(fast_stub, MESSAGE)
    assert_streamed(report, reply, ["App Launch", "App Show"])
    assert [m["a"] for m in report.data["a"]] == [MESSAGE, reply]
    assert "uP" not in report.data  # pureDataPattern /^uP$/: never sent to the view
    assert report.data["f"] is False  # the button's loading


@pytest.mark.parametrize("folder", [TARO, UNI], ids=["taro", "uni-app"])
async def test_against_the_spring_contract_the_pages_own_code_reports_the_404(
    spring: ThreadServer, folder: Path
) -> None:
    """The pages are written for the stub's `/api/chat/sse`; the Spring contract has no such
    endpoint: the page's own error path shows it and the run fails, named."""
    report = await run(spring.base_url, folder)
    assert not report.ok
    assert report.runs and report.runs[0].verdict is not None
    assert report.runs[0].verdict.status == "failed"
    assert report.rendered_text is not None and "404" in report.rendered_text


def test_the_framework_is_detected_from_the_output() -> None:
    taro = load_project(TARO).framework
    assert (taro.name, taro.version, taro.label) == ("taro", "4.1.11", "Taro 4.1.11")
    uni = load_project(UNI).framework
    assert (uni.name, uni.label) == ("uni-app", "uni-app 5.14 (Vue 3.4.21)")
    native = detect_framework(find_root(ROOT / "examples" / "projects" / "native-chat"))
    assert native.name == "native"


def test_the_cli_runs_the_taro_folder_as_given_and_names_the_framework(
    fast_stub: EmbeddedStub,
) -> None:
    """`page taro-chat` (its project.config.json's miniprogramRoot) with the default phone."""
    from tests.project.test_cli import page_cli

    done = page_cli(
        str(TARO), "--message", MESSAGE, "--json", "--backend", fast_stub.base_url
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["framework"] == "taro" and doc["framework_version"] == "4.1.11"
    assert doc["framework_label"] == "Taro 4.1.11" and doc["platform"] == "device"
    assert doc["runs"][0]["verdict"] == "exact", doc["runs"][0]
    assert stub_reply(fast_stub, MESSAGE) in doc["rendered_text"]
    assert {"level": "log", "text": "App launched.", "stack": ""} in doc["console"]
