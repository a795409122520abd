"""Screenshots of the real window on the embedded stub, at a laptop's 1280×720 by default.

Run under a virtual display of the same size, once per language:
    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python scripts/screenshots.py --lang zh
    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python scripts/screenshots.py --lang en
Writes docs/screenshots/{idle,streaming,race,network_log,network_frames,har_export,2g,error,
history,settings}.png and project mode's project_{streaming,raw_reads,appdata,wxml,modal,error}.png
(Chinese) or …_en.png (English); `--only project` takes project mode's alone, a --size other
than 1280x720 adds _<width> to the names; `--project DIR` takes one shot of that project folder
streaming (project-<name>.png, e.g. tests/fixtures/frameworks/taro-chat/dist). The history is
a throw-away file: the user's own is never touched.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.history import HistoryStore  # noqa: E402
from simulator.ui.devtools.network_log import NetworkLog  # noqa: E402
from simulator.ui.devtools.network_rows import LogRow  # noqa: E402
from simulator.ui.kit.settings import UiSettings  # noqa: E402
from simulator.ui.shell.app import AppParts, build_app, make_application, shutdown  # noqa: E402

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
    path = OUT / f"{name}{SUFFIX}.png"
    (widget or parts.window).grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT)}")


async def select_row(log: NetworkLog, match: Callable[[LogRow], bool]) -> None:
    """Click the first row of the network panel that `match` accepts."""
    rows = log.visible_rows()
    row = next((i for i, r in enumerate(rows) if match(r)), 0)
    index = log.proxy.index(row, 0)
    log.table.selectRow(row)
    log.on_row_clicked(index)
    log.table.scrollTo(index)
    await asyncio.sleep(0.2)


def set_scenario(parts: AppParts, scenario: str) -> None:
    """As the settings dialog does it."""
    parts.window.settings_changed.emit(parts.window.settings.with_changes(scenario=scenario))


def send(parts: AppParts, text: str, race: bool = False) -> None:
    window = parts.window
    bar = window.race.input_bar if race else window.phone.input_bar
    bar.edit.setPlainText(text)
    bar.send_button.click()


SUFFIX = ""
"""'' for Chinese, '_en' for English."""
SIZE = (1280, 720)


async def main(language: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    settings = UiSettings(language=language, scenario=STREAM_SCENARIO, typewriter_cps=40)
    history = HistoryStore(Path(tempfile.mkdtemp()) / "history.sqlite3")
    parts = build_app(settings, remember=False, history=history)
    window = parts.window
    window.resize(*SIZE)
    window.show()
    await parts.backend.start()
    window.set_backend_text("", parts.backend.profile.base_url if parts.backend.profile else None)
    await asyncio.sleep(0.3)
    await save(parts, "idle")

    # A short exchange first, so the chat and the history table are not empty.
    window.transport_box.setCurrentText("websocket")
    set_scenario(parts, "ttft_ms=200,tps=60,seed=1")
    send(parts, "你好 👋，用一句话介绍你自己")
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
    await select_row(log, lambda row: row.kind == "download")
    log.detail.setCurrentIndex(5)  # timing
    await save(parts, "network_log")
    await select_row(log, lambda row: row.kind == "socket")
    log.detail.setCurrentIndex(3)  # frames
    log.detail.frames.setCurrentCell(0, 0)  # the sent message, whole, under the table
    await save(parts, "network_frames")
    log.on_export_clicked()
    dialog = log.export_dialog
    assert dialog is not None
    await wait_for(dialog.isVisible)
    await save(parts, "har_export", dialog)
    dialog.reject()

    # 2G: the status bar shows it, the chip says it, the reply crawls
    window.tabs.setCurrentIndex(0)
    parts.window.settings_changed.emit(
        window.settings.with_changes(network="2g", scenario="ttft_ms=200,tps=30,seed=2")
    )
    send(parts, "在 2G 网络下试试")
    slow = window.phone.chat.bubbles[-1]
    await wait_for(lambda: len(slow.shown_text) > 30, timeout=60)
    await save(parts, "2g")
    parts.controller.stop()
    await wait_for(lambda: not parts.controller.busy and not parts.clock.active)
    parts.window.settings_changed.emit(window.settings.with_changes(network="none"))

    # A stream cut after 60 chunks on chunked (no resume there): the text stays, the toast
    # and the bubble say what happened.
    window.tabs.setCurrentIndex(0)
    window.transport_box.setCurrentText("chunked")
    set_scenario(parts, DROP_SCENARIO)
    send(parts, "讲讲断线以后会怎样")
    dropped = window.phone.chat.bubbles[-1]
    await wait_for(lambda: dropped.run.ended and not dropped.painting)
    await save(parts, "error")

    window.tabs.setCurrentIndex(2)
    await wait_for(lambda: len(window.history.groups) >= 5)
    await save(parts, "history")

    window.on_settings_clicked()
    dialog = window.settings_dialog
    assert dialog is not None
    await wait_for(dialog.isVisible)
    await asyncio.sleep(0.2)
    await save(parts, "settings", dialog)
    dialog.reject()
    await shutdown(parts)


async def project(language: str) -> None:
    """Project mode: the developer's own page (examples/projects/native-chat) streaming in the
    phone's web view with the latency panel beside it; AppData, WXML, a modal, a compile error.
    """
    import shutil

    from simulator.ui.shell.project_mode import install_project_mode

    OUT.mkdir(parents=True, exist_ok=True)
    settings = UiSettings(language=language, scenario=STREAM_SCENARIO)
    history = HistoryStore(Path(tempfile.mkdtemp()) / "history.sqlite3")
    parts = build_app(settings, remember=False, history=history)
    window = parts.window
    window.resize(*SIZE)
    window.show()
    await parts.backend.start()
    window.set_backend_text("", parts.backend.profile.base_url if parts.backend.profile else None)
    mode = install_project_mode(parts, PROJECT)
    await wait_for(lambda: mode.host is not None and mode.host.start_s is not None)
    assert mode.view is not None and mode.host is not None
    port, host = mode.view.port, mode.host

    async def type_and_tap(text: str) -> None:
        await port.ask({"t": "input", "selector": "input", "value": text})
        await asyncio.sleep(0.3)
        await port.ask({"t": "tap", "selector": "button"})

    # the stub's default, set through the session, paces the page's own requests (the
    # window's scenario picker no longer reaches them then)
    await parts.backend.set_stub_scenario("ttft_ms=200,tps=60,seed=1")
    await type_and_tap("你好 👋，用一句话介绍你自己")
    await wait_for(lambda: bool(mode.runs) and mode.runs[-1].outcome is not None, 60)
    await parts.backend.set_stub_scenario(STREAM_SCENARIO)
    await type_and_tap("比较一下小程序里几种流式传输方案")
    await wait_for(lambda: len(mode.runs) == 2)

    def reply_len() -> int:
        chat = host.page_data().get("chatList") or []
        return len(str(chat[-1].get("text", ""))) if chat else 0

    try:
        await wait_for(lambda: reply_len() > 160, 60)
    except TimeoutError:
        print(mode.runs[-1].outcome, host.page_data(), mode.console.toPlainText()[-2000:])
        raise
    await save(parts, "project_streaming")
    await wait_for(lambda: mode.runs[-1].outcome is not None, 90)
    await asyncio.sleep(0.5)
    # the network panel: the page's own chunked request, read by read, with the cuts marked
    window.tabs.setCurrentIndex(1)
    log = window.network_log
    await select_row(log, lambda row: row.transport == "page" and row.type == "chunked")
    log.detail.setCurrentIndex(4)  # chunks
    log.detail.raw_reads.setChecked(True)
    table = log.detail.chunks
    cut = next(
        (r for r in range(table.rowCount()) if "✂" in (table.item(r, 3).text() or "")), 0
    )  # fmt: skip
    table.setCurrentCell(cut, 0)
    await save(parts, "project_raw_reads")
    log.detail.raw_reads.setChecked(False)
    window.tabs.setCurrentWidget(mode.appdata)
    await asyncio.sleep(0.6)
    for key in ("chatList", "chatList[3]"):
        item = mode.appdata.find_item(key)
        if item is not None:
            item.setExpanded(True)
    await save(parts, "project_appdata")
    window.tabs.setCurrentWidget(mode.wxml)
    await wait_for(lambda: any("scroll-view" in t for t in mode.wxml.labels()))
    tree = mode.wxml.tree
    bubble = next(
        (tree.itemFromIndex(i) for i in tree.model().match(
            tree.model().index(0, 0), Qt.ItemDataRole.DisplayRole, '<view class="bubble">', 1,
            Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchRecursive)),
        None,
    )  # fmt: skip
    if bubble is not None:
        tree.setCurrentItem(bubble)
        mode._on_hover(bubble.data(0, Qt.ItemDataRole.UserRole))
    await asyncio.sleep(0.4)
    await save(parts, "project_wxml")
    mode._on_hover(None)
    host.wx.showModal(title="清空对话？", content="清空后无法恢复", success=lambda res: None)
    await asyncio.sleep(0.4)
    await save(parts, "project_modal")
    if mode.chrome is not None and mode.chrome.modal_id is not None:
        mode.chrome.answer_modal(mode.chrome.modal_id, False)
    window.tabs.setCurrentWidget(mode.console)
    broken = Path(tempfile.mkdtemp()) / "native-chat"
    shutil.copytree(PROJECT, broken)
    wxml = broken / "pages" / "chat" / "index.wxml"
    wxml.write_text(wxml.read_text(encoding="utf-8") + "\n<view>\n", encoding="utf-8")
    mode.open(broken)
    await wait_for(lambda: mode.load_error is not None, 60)
    await asyncio.sleep(0.8)
    await save(parts, "project_error")
    await mode.stop()
    await shutdown(parts)


async def framework(language: str, folder: Path) -> None:
    """Any project folder (a Taro or uni-app build, say): type into the page's own input, tap its
    own button, and take the window mid-stream as project-<name>.png."""
    from simulator.ui.shell.project_mode import install_project_mode

    OUT.mkdir(parents=True, exist_ok=True)
    # the folder's name, above a build's dist/, build/, mp-weixin/
    name = next(p.name for p in (folder, *folder.parents) if p.name not in BUILD_DIRS)
    settings = UiSettings(language=language, scenario=STREAM_SCENARIO)
    history = HistoryStore(Path(tempfile.mkdtemp()) / "history.sqlite3")
    parts = build_app(settings, remember=False, history=history)
    window = parts.window
    window.resize(*SIZE)
    window.show()
    await parts.backend.start()
    window.set_backend_text("", parts.backend.profile.base_url if parts.backend.profile else None)
    stub = parts.backend._stub
    assert stub is not None
    await parts.backend.set_stub_scenario(STREAM_SCENARIO)
    mode = install_project_mode(parts, folder)
    await wait_for(lambda: mode.host is not None and mode.host.start_s is not None, 60)
    assert mode.view is not None and mode.host is not None
    port = mode.view.port
    await asyncio.sleep(1.0)

    async def shown() -> str:
        return str((await port.ask({"t": "text"}))["value"])

    prompt = "比较一下小程序里几种流式传输方案" if language == "zh" else "Compare streaming options"
    before = len(await shown())
    print("input", await port.ask({"t": "input", "selector": "input", "value": prompt}))
    await asyncio.sleep(0.3)
    print("tap", await port.ask({"t": "tap", "selector": "button"}))
    await wait_for(lambda: bool(mode.runs), 30)
    deadline = time.monotonic() + 60
    while len(await shown()) < before + len(prompt) + 140:
        if mode.runs[-1].outcome is not None or time.monotonic() > deadline:
            print(mode.runs[-1].outcome, (await shown())[-500:], mode.console.toPlainText()[-2000:])
            break
        await asyncio.sleep(0.1)
    await save(parts, f"project-{name}")
    await wait_for(lambda: mode.runs[-1].outcome is not None, 90)
    print(mode.runs[-1].outcome.__class__.__name__, mode.console.toPlainText()[-600:])
    await mode.stop()
    await shutdown(parts)


PROJECT = ROOT / "examples" / "projects" / "native-chat"
BUILD_DIRS = ("dist", "build", "mp-weixin")

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--size", default="1280x720", help="the window's size, WxH")
    parser.add_argument("--only", choices=("window", "project"), default=None,
                        help="the transport window's shots only, or project mode's")  # fmt: skip
    parser.add_argument("--project", type=Path, default=None,
                        help="one shot of its page streaming: project-<name>.png")  # fmt: skip
    args = parser.parse_args()
    SUFFIX = "" if args.lang == "zh" else f"_{args.lang}"
    SIZE = tuple(int(v) for v in args.size.split("x"))  # type: ignore[assignment]
    if args.size != "1280x720":
        SUFFIX += f"_{SIZE[0]}"
    app = make_application()
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus)
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        if args.project is not None:
            runner.run(framework(args.lang, args.project.resolve()))
            raise SystemExit(0)
        if args.only != "project":
            runner.run(main(args.lang))
        if args.only != "window":
            try:
                runner.run(project(args.lang))
            except BaseException:
                import traceback

                traceback.print_exc()  # before the loop's teardown (WebEngine may crash there)
                raise
