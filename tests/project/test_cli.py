"""`python -m simulator page DIR --message TEXT --json`: the headless command on projects."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backend_stub import EmbeddedStub
from tests.project.conftest import EXAMPLES, ROOT, stub_reply
from tests.project.test_projects import decoder_with_text_decoder

pytestmark = pytest.mark.timeout(120)
MESSAGE = "流式输出怎么做"


def page_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "simulator", "page", *args],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=100,
    )  # fmt: skip


def test_json_has_data_rendered_text_console_errors_and_runs(fast_stub: EmbeddedStub) -> None:
    done = page_cli(
        str(EXAMPLES / "native-chat"), "--message", MESSAGE, "--json",
        "--backend", fast_stub.base_url,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    reply = stub_reply(fast_stub, MESSAGE)
    assert doc["ok"] is True and doc["errors"] == [] and doc["platform"] == "device"
    assert doc["data"]["chatList"][1] == {"msgId": "msg1", "type": "ai", "text": reply}
    assert reply in doc["rendered_text"]
    assert isinstance(doc["console"], list)
    (run,) = doc["runs"]
    assert run["verdict"] == "exact" and run["text"] == reply
    assert run["first_paint_s"] >= run["first_byte_s"] > 0
    assert doc["ui"]["navigationBar"]["title"] == "AI 助手"


def test_on_pc_the_empty_reply_is_named_and_its_bytes_counted(fast_stub: EmbeddedStub) -> None:
    """native-chat ignores `success`, where PC delivers the body: the reply stays empty. The
    run names that path (not `scrollId`, which grew once) and counts the bytes that came."""
    done = page_cli(
        str(EXAMPLES / "native-chat"), "--message", MESSAGE, "--json", "--platform", "pc",
        "--backend", fast_stub.base_url,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    doc = json.loads(done.stdout)
    assert doc["data"]["chatList"][1]["text"] == "" and doc["data"]["scrollId"] == "msg1"
    (run,) = doc["runs"]
    assert run["verdict"] == "failed" and "msg1" not in run["why"], run
    assert "the reply stayed empty at data.chatList[1].text" in run["why"]
    assert run["first_byte_s"] is None and run["bytes"] > 0 and run["text"] == ""
    assert doc["framework"] == "native" and doc["framework_label"] == "原生 / native"
    assert isinstance(doc["start_ms"], float) and doc["start_ms"] == round(doc["start_ms"], 3)
    assert doc["warmup_ms"] > 0  # the client warmed before the run, as the bench does


def test_a_page_error_exits_1_with_its_file_and_line(
    fast_stub: EmbeddedStub, tmp_path: Path
) -> None:
    folder = decoder_with_text_decoder(tmp_path)
    done = page_cli(
        str(folder), "--message", MESSAGE, "--json", "--backend", fast_stub.base_url,
        "--platform", "ios",
    )  # fmt: skip
    assert done.returncode == 1
    doc = json.loads(done.stdout)
    assert doc["errors"][0]["message"] == "ReferenceError: TextDecoder is not defined"
    assert (doc["errors"][0]["file"], doc["errors"][0]["line"]) == ("utils/utf8.js", 4)
    text = page_cli(
        str(folder), "--message", MESSAGE, "--backend", fast_stub.base_url, "--platform", "ios"
    )
    assert text.returncode == 1
    assert "TextDecoder is not defined (utils/utf8.js:4)" in text.stderr


def test_a_folder_that_is_not_a_project_is_a_clear_error(tmp_path: Path) -> None:
    done = page_cli(str(tmp_path), "--message", "x", "--json")
    assert done.returncode == 1
    assert "is not a mini-program project: no app.json" in json.loads(done.stdout)["error"]


def test_unknown_strict_switch_and_platform_are_refused(tmp_path: Path) -> None:
    done = page_cli(str(EXAMPLES / "native-chat"), "--message", "x", "--js-strict", "Nope")
    assert done.returncode == 2 and "Nope" in done.stderr
    done = page_cli(str(EXAMPLES / "native-chat"), "--message", "x", "--platform", "watchos")
    assert done.returncode == 2 and "watchos" in done.stderr


def test_the_window_flag_checks_the_project_first(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "--project", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and "no app.json" in done.stderr
