"""Screenshots of the real window on the embedded stub: idle, streaming, race, log, error, settings.

Run under a virtual display:
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/screenshots.py
Writes docs/screenshots/{idle,streaming,race,network_log,error,settings}.png.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.ui.app import AppParts, build_app, make_application, shutdown  # noqa: E402
from simulator.ui.settings import UiSettings  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
STREAM_SCENARIO = "script=markdown_zh,ttft_ms=400,tps=18,jitter_ms=30,seed=3"
RACE_SCENARIO = "script=markdown_zh,ttft_ms=300,tps=25,jitter_ms=20,seed=5"
DROP_SCENARIO = "script=markdown_zh,ttft_ms=200,tps=40,jitter_ms=10,seed=4,drop_after=60"


async def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window never reached the expected state")
        await asyncio.sleep(0.05)


async def save(parts: AppParts, name: str, widget: QWidget | None = None) -> None:
    await asyncio.sleep(0.1)  # let pending paints happen (no nested processEvents under qasync)
    path = OUT / f"{name}.png"
    (widget or parts.window).grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT)}")


def set_scenario(parts: AppParts, scenario: str) -> None:
    """As the settings dialog does it."""
    parts.window.settings_changed.emit(parts.window.settings.with_changes(scenario=scenario))


def send(parts: AppParts, text: str, race: bool = False) -> None:
    window = parts.window
    bar = window.race.input_bar if race else window.phone.input_bar
    bar.edit.setPlainText(text)
    bar.send_button.click()


async def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    settings = UiSettings(language="zh", scenario=STREAM_SCENARIO, typewriter_cps=40)
    parts = build_app(settings, remember=False)
    window = parts.window
    window.resize(1560, 960)
    window.show()
    await parts.backend.start()
    window.set_backend_text(parts.backend.profile.base_url if parts.backend.profile else "")
    await asyncio.sleep(0.3)
    await save(parts, "idle")

    # A short exchange first, so the chat and the history table are not empty.
    window.transport_box.setCurrentText("websocket")
    set_scenario(parts, "ttft_ms=200,tps=60,seed=1")
    send(parts, "你好，用一句话介绍你自己")
    await wait_for(lambda: not parts.controller.busy and not parts.clock.active)
    set_scenario(parts, STREAM_SCENARIO)
    send(parts, "比较一下小程序里几种流式传输方案")
    bubble = window.phone.chat.bubbles[-1]
    await wait_for(lambda: len(bubble.shown_text) > 140)
    await save(parts, "streaming")
    parts.controller.stop()
    await wait_for(lambda: not parts.controller.busy and not parts.clock.active)

    window.race_button.setChecked(True)
    set_scenario(parts, RACE_SCENARIO)
    send(parts, "流式输出在各传输方式下表现如何？", race=True)
    lanes = window.race.lanes
    await wait_for(lambda: len(lanes["websocket"].chat.bubbles[-1].shown_text) > 160)
    await save(parts, "race")
    await wait_for(lambda: not parts.controller.busy and not parts.clock.active, timeout=60)

    window.race_button.setChecked(False)
    window.tabs.setCurrentIndex(1)
    log = window.network_log
    download_row = next((i for i, row in enumerate(log.model.rows) if row.kind == "download"), 0)
    index = log.proxy.index(download_row, 0)
    log.table.selectRow(download_row)
    log.on_row_clicked(index)
    log.table.scrollTo(index)
    await asyncio.sleep(0.2)
    await save(parts, "network_log")

    # A stream cut after 60 chunks on chunked (no resume there): the text stays, the toast
    # and the bubble say what happened.
    window.tabs.setCurrentIndex(0)
    window.transport_box.setCurrentText("chunked")
    set_scenario(parts, DROP_SCENARIO)
    send(parts, "讲讲断线以后会怎样")
    dropped = window.phone.chat.bubbles[-1]
    await wait_for(lambda: dropped.run.ended and not dropped.painting)
    await save(parts, "error")

    window.on_settings_clicked()
    dialog = window.settings_dialog
    assert dialog is not None
    await wait_for(dialog.isVisible)
    await save(parts, "settings", dialog)
    dialog.reject()
    await shutdown(parts)


if __name__ == "__main__":
    app = make_application()
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus)
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(main())
