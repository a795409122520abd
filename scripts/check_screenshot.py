"""Screenshot of "Check on devices…" in Chinese: a fresh-TextDecoder page on every platform.

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python scripts/check_screenshot.py
Writes docs/screenshots/check_dialog.png (1280×720).
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import qasync

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.check.matrix import build_matrix  # noqa: E402
from simulator.check.traps import active_traps  # noqa: E402
from simulator.check.verdicts import CellVerdict  # noqa: E402
from simulator.ui.dialogs.check_dialog import CheckDialog  # noqa: E402
from simulator.ui.kit.i18n import Translations  # noqa: E402
from simulator.ui.shell.app import make_application  # noqa: E402

OUT = ROOT / "docs" / "screenshots" / "check_dialog.png"
SEEDS = 10
"""Fewer than the default 20 so the shot takes seconds; the table's shape is the same."""


async def main() -> None:
    translations = Translations()  # holds the translators: keep it alive for the shot
    translations.set_language("zh")
    cells = build_matrix(seeds=SEEDS, traps=active_traps())
    dialog = CheckDialog(ROOT / "examples" / "check" / "fresh-textdecoder.js", cells=cells)
    dialog.resize(1280, 720)
    dialog.show()
    dialog.start()
    deadline = time.monotonic() + 180
    while not dialog.finished_check:
        if time.monotonic() > deadline:
            raise TimeoutError("the check did not finish")
        await asyncio.sleep(0.1)
    bad = next((c for c, r in dialog.results.items() if r.verdict is CellVerdict.GARBLED), None)
    if bad is not None:  # the detail pane: the first bad character and the replay command
        dialog.table.cellClicked.emit(*dialog._where[bad])
    await asyncio.sleep(0.3)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(OUT))
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    app = make_application()
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(main())
