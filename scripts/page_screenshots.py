"""Screenshots of page mode: the seed example page streaming, and a page error with its stack.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/page_screenshots.py
(or QT_QPA_PLATFORM=offscreen). Writes docs/screenshots/page.png and page_error.png.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path

import qasync

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.page.host import PageOptions  # noqa: E402
from simulator.ui.kit.settings import UiSettings  # noqa: E402
from simulator.ui.shell.app import AppParts, build_app, make_application, shutdown  # noqa: E402
from simulator.ui.shell.page_mode import install_page_mode  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


async def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window never reached the expected state")
        await asyncio.sleep(0.05)


def send(parts: AppParts, text: str) -> None:
    bar = parts.window.phone.input_bar
    bar.edit.setPlainText(text)
    bar.send_button.click()


async def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    parts = build_app(UiSettings(language="zh", scenario="tps=12,ttft_ms=400"), remember=False)
    window = parts.window
    window.resize(1560, 960)
    window.show()
    await parts.backend.start()
    mode = install_page_mode(
        parts,
        ROOT / "examples" / "pages" / "seed-chat.ts",
        PageOptions(query=(("strategy", "auto"),)),
    )
    await wait_for(lambda: mode.host is not None and mode.host.style is not None)
    send(parts, "你好，介绍一下流式输出")
    await wait_for(lambda: len(mode._shown) == 2 and len(mode._shown[1][0].content) > 30)
    await asyncio.sleep(0.2)
    window.grab().save(str(OUT / "page.png"))
    await wait_for(lambda: not mode.busy)
    mode.open(ROOT / "tests" / "page" / "pages" / "throws_in_socket.ts")
    await wait_for(lambda: mode.host is not None and mode.host.style is not None)
    send(parts, "hello")
    try:
        await wait_for(lambda: "throws_in_socket.ts:15" in mode.console.toPlainText())
    except TimeoutError:
        print(mode.console.toPlainText())
        raise
    window.tabs.setCurrentWidget(mode.console)
    await asyncio.sleep(0.3)
    window.grab().save(str(OUT / "page_error.png"))
    await wait_for(lambda: not mode.busy)
    await mode.stop()
    await shutdown(parts)
    print("wrote docs/screenshots/page.png, page_error.png")


if __name__ == "__main__":
    app = make_application()
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(main())
