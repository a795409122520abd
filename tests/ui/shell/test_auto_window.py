"""`auto` without --headless: the automation server drives the project the window shows (the
same host: a tap through the protocol is a run in the window's latency panel)."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from websockets.asyncio.client import ClientConnection, connect

from backend_stub import EmbeddedStub
from simulator.transports.events import ReplyCompleted
from simulator.ui.kit.tasks import spawn
from simulator.ui.shell.app import AppParts
from simulator.ui.shell.auto_window import WindowAutomation, is_blank
from simulator.ui.shell.project_mode import ProjectMode, install_project_mode
from tests.ui.stub_app import TIMEOUT_MS

pytest.importorskip("PySide6.QtWebEngineWidgets")

ROOT = Path(__file__).resolve().parents[3]
NATIVE = ROOT / "examples" / "projects" / "native-chat"
LONG_MS = TIMEOUT_MS * 3
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def served(qtbot: QtBot, parts: AppParts) -> Iterator[tuple[ProjectMode, WindowAutomation]]:
    made: list[WindowAutomation] = []
    mode = install_project_mode(
        parts, NATIVE, before_open=lambda m: made.append(WindowAutomation(m, 0))
    )
    started = spawn(made[0].start(), name="test-auto-start")
    qtbot.waitUntil(started.done, timeout=TIMEOUT_MS)
    started.result()
    yield mode, made[0]
    done = spawn(_stop(mode, made[0]), name="test-auto-stop")
    qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)


async def _stop(mode: ProjectMode, automation: WindowAutomation) -> None:
    await automation.stop()
    await mode.stop()


class Client:
    """A plain WebSocket speaking the protocol's request/answer shape."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.ids = count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        msg_id = next(self.ids)
        await self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        while True:
            answer = json.loads(await self.ws.recv())
            if answer.get("id") == msg_id:  # events (no id) are skipped
                if "error" in answer:
                    raise AssertionError(f"{method}: {answer['error']}")
                return dict(answer["result"])


async def drive(port: int) -> dict[str, Any]:
    async with connect(f"ws://127.0.0.1:{port}") as ws:
        client = Client(ws)
        page = await client.call("App.getCurrentPage")
        field = await client.call("Page.getElement", pageId=page["pageId"], selector="input")
        await client.call(
            "Element.callFunction", elementId=field["elementId"], pageId=page["pageId"],
            functionName="input.input", args=["你好"],
        )  # fmt: skip
        button = await client.call("Page.getElement", pageId=page["pageId"], selector="button")
        await client.call("Element.tap", elementId=button["elementId"], pageId=page["pageId"])
        shot = await client.call("App.captureScreenshot")
        return {"page": page, "png": base64.b64decode(shot["data"])}


def test_the_protocol_drives_the_project_the_window_shows(
    qtbot: QtBot, parts: AppParts, served: tuple[ProjectMode, WindowAutomation], stub: EmbeddedStub
) -> None:
    mode, automation = served
    port = automation.attached.server.port
    task = spawn(drive(port), name="test-auto-client")
    qtbot.waitUntil(task.done, timeout=LONG_MS)
    got = task.result()
    assert got["page"]["path"] == "pages/chat/index"
    # the tap went through the window's own host: its run is measured as the person's is
    assert automation.attached.driver.host is mode.host
    qtbot.waitUntil(lambda: bool(mode.runs) and mode.runs[0].outcome is not None, timeout=LONG_MS)
    run = mode.runs[0]
    assert isinstance(run.outcome, ReplyCompleted), run.outcome
    assert run.prompt == "你好"
    # the phone screen's pixels (chrome and web view), at its size; or, when the platform
    # gave no pixels (a blank grab), the headless PNG at the device's CSS size
    assert got["png"].startswith(PNG_MAGIC)
    image = QImage.fromData(got["png"])
    assert mode.view is not None
    screen = mode.view.parentWidget()
    assert screen is not None
    if automation.blank_grabs == 0:
        ratio = screen.devicePixelRatioF()
        assert (image.width(), image.height()) == (
            round(screen.width() * ratio),
            round(screen.height() * ratio),
        )
        assert not is_blank(image)
    else:
        assert image.width() == mode.device_width


def test_the_auto_command_without_headless_serves_from_the_window(
    stub: EmbeddedStub, tmp_path: Path
) -> None:
    """`python -m simulator auto` (no --headless) hands the project to the window (the
    launcher `python -m simulator` gives the command), not to the headless server."""
    cmd = [
        sys.executable, "-m", "simulator", "auto", "--project", str(NATIVE),
        "--auto-port", "0", "--backend", stub.base_url,
    ]  # fmt: skip
    env = {
        **os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
        # the window's recent projects and history go here, not to the user's
        "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
    }  # fmt: skip
    err_path = tmp_path / "stderr.txt"
    with (
        err_path.open("w") as err,
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True, env=env) as proc,
    ):
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            found = re.search(r"ws://127\.0\.0\.1:(\d+)", line)
            assert found, err_path.read_text()
            got = asyncio.run(_one_session(int(found.group(1))))
            assert got["page"]["path"] == "pages/chat/index"
            image = QImage.fromData(got["png"])
            assert not image.isNull() and not is_blank(image)
            # Tool.close closes the window and so ends the process, cleanly
            assert proc.wait(timeout=LONG_MS / 1000) == 0, err_path.read_text()[-2000:]
        finally:
            if proc.poll() is None:
                proc.kill()
    said = err_path.read_text()
    assert "running headless" not in said, said


async def _one_session(port: int) -> dict[str, Any]:
    async with connect(f"ws://127.0.0.1:{port}") as ws:
        client = Client(ws)
        page = await client.call("App.getCurrentPage")
        shot = await client.call("App.captureScreenshot")
        await client.call("Tool.close")
        return {"page": page, "png": base64.b64decode(shot["data"])}
