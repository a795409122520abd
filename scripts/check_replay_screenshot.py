"""Screenshot of a check cell replayed in the phone (`check … --window`): the fresh-TextDecoder
page on an Android seeded delivery, the network panel at the read holding the first bad
character, the verdict in the status bar.

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python scripts/check_replay_screenshot.py [--lang en] [--out FILE]
Writes docs/screenshots/check_replay.png (1280×720) unless --out says otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

import qasync

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.check.matrix import Cell  # noqa: E402
from simulator.check.replay import CellReplay  # noqa: E402
from simulator.check.runner import CheckConfig  # noqa: E402
from simulator.check.traps import active_traps  # noqa: E402
from simulator.page.run import page_settings  # noqa: E402
from simulator.ui.kit.settings import UiSettings  # noqa: E402
from simulator.ui.shell.app import (  # noqa: E402
    build_app,
    install_modes,
    make_application,
    replay_settings,
    shutdown,
)

OUT = ROOT / "docs" / "screenshots" / "check_replay.png"


async def main(lang: str, out: Path) -> None:
    config = CheckConfig(
        ROOT / "examples" / "check" / "fresh-textdecoder.js", "你好", page_settings()
    )
    replay = CellReplay(config, Cell("android", "wifi", "seeded", 3, active_traps()))
    # the window as `check … --window` makes it (run_check_window's settings)
    parts = build_app(replay_settings(UiSettings(), replay, lang), remember=False)
    parts.window.resize(1280, 720)
    parts.window.show()
    page_mode, project_mode, replayer = install_modes(parts)
    task = replayer.start(replay)
    deadline = time.monotonic() + 120
    while not task.done():
        if time.monotonic() > deadline:
            raise TimeoutError("the replay did not finish")
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)  # the last paints
    print(replayer.label.text())
    out.parent.mkdir(parents=True, exist_ok=True)
    parts.window.grab().save(str(out))
    print(f"wrote {out}")
    await page_mode.stop()
    await project_mode.stop()
    await shutdown(parts)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="zh", choices=["zh", "en"])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    app = make_application()
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(main(args.lang, args.out))
