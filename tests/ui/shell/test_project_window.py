"""Project mode in the window: the developer's own page in the phone's web view, driven as a
person would (typing into its input, tapping its button), measured like a transport's run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from backend_stub import EmbeddedStub
from simulator.transports.events import ReplyCompleted
from simulator.ui.kit.tasks import spawn
from simulator.ui.shell.app import AppParts
from simulator.ui.shell.project_mode import ProjectMode, detect_framework, install_project_mode
from simulator.wx.ui import events as ui_ev
from tests.ui.stub_app import TIMEOUT_MS

pytest.importorskip("PySide6.QtWebEngineWidgets")

NATIVE = Path(__file__).resolve().parents[3] / "examples" / "projects" / "native-chat"
LONG_MS = TIMEOUT_MS * 3


@pytest.fixture
def mode(qtbot: QtBot, parts: AppParts) -> Iterator[ProjectMode]:
    mode = install_project_mode(parts, NATIVE)
    qtbot.waitUntil(
        lambda: mode.host is not None and mode.host.start_s is not None, timeout=LONG_MS
    )
    yield mode
    done = spawn(mode.stop(), name="test-project-stop")
    qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)


def ask(qtbot: QtBot, mode: ProjectMode, msg: dict) -> dict:
    assert mode.view is not None
    task = spawn(mode.view.port.ask(msg, 10.0), name="test-ask")
    qtbot.waitUntil(task.done, timeout=TIMEOUT_MS)
    return task.result()


def test_typing_and_tapping_in_the_page_streams_the_reply_into_its_own_bubble(
    qtbot: QtBot, parts: AppParts, mode: ProjectMode, stub: EmbeddedStub
) -> None:
    window = parts.window
    seen: list[object] = []
    assert mode.host is not None
    mode.host.wx.ui.subscribe(seen.append)
    assert "native-chat" in window.windowTitle()
    assert mode.view is not None and mode.view.isVisible() and not window.phone.chat.isVisible()
    # the shell is loaded against the project folder: its relative image paths resolve there
    assert mode.view.url().toLocalFile().rstrip("/") == str(NATIVE)
    # the person types into the page's own input and taps its own button (DOM events)
    assert ask(qtbot, mode, {"t": "input", "selector": "input", "value": "你好"})["ok"]
    assert ask(qtbot, mode, {"t": "tap", "selector": "button"})["ok"]
    qtbot.waitUntil(lambda: bool(mode.runs) and mode.runs[0].outcome is not None, timeout=LONG_MS)
    run = mode.runs[0]
    assert isinstance(run.outcome, ReplyCompleted), run.outcome
    reply = run.outcome.text
    assert len(reply) > 10
    assert run.prompt == "你好"
    # the page's own bubble shows the reply (the view's text, not ours)
    shown = ask(qtbot, mode, {"t": "text"})["value"]
    assert reply[:20] in shown and "你好" in shown
    # measured: the latency panel has this run's whole-run figures with first paint
    latency = window.latency
    qtbot.waitUntil(lambda: run.id in latency._finals, timeout=TIMEOUT_MS)
    metrics = latency._finals[run.id]
    assert metrics.first_paint_s is not None and metrics.first_paint_s > 0
    assert latency.table.rowCount() >= 1
    assert latency.values["first char"].text() not in ("", "—")
    # the network panel has the page's own chunked request, its reads and the page's transport
    log = window.network_log
    qtbot.waitUntil(
        lambda: any(r.transport == "page" and r.flow is not None and r.flow.chunks > 0
                    for r in log.model.rows),
        timeout=TIMEOUT_MS,
    )  # fmt: skip
    # the loading showed in the phone's chrome and is gone again
    assert any(isinstance(e, ui_ev.ToastShown) and e.toast.kind == "loading" for e in seen)
    assert mode.chrome is not None and not mode.chrome.toast.isVisible()
    # AppData: the page's chatList with the reply; WXML: the scroll-view
    window.tabs.setCurrentWidget(mode.appdata)
    qtbot.waitUntil(
        lambda: mode.appdata.find_item("chatList[1].text") is not None, timeout=TIMEOUT_MS
    )
    item = mode.appdata.find_item("chatList[1].text")
    assert item is not None and reply[:10] in item.text(1)
    window.tabs.setCurrentWidget(mode.wxml)
    qtbot.waitUntil(
        lambda: any(t.startswith("<scroll-view") for t in mode.wxml.labels()), timeout=TIMEOUT_MS
    )


def test_an_appdata_edit_is_the_pages_own_setdata(qtbot: QtBot, mode: ProjectMode) -> None:
    window = mode.parts.window
    window.tabs.setCurrentWidget(mode.appdata)
    qtbot.waitUntil(lambda: mode.appdata.find_item("inputValue") is not None, timeout=TIMEOUT_MS)
    item = mode.appdata.find_item("inputValue")
    assert item is not None
    item.setText(1, '"typed from AppData"')
    qtbot.waitUntil(
        lambda: (mode.host is not None and mode.host.page_data().get("inputValue")
                 == "typed from AppData"),
        timeout=TIMEOUT_MS,
    )  # fmt: skip
    value = ask(qtbot, mode, {"t": "query", "selector": "input", "fields": ["value"], "all": False})
    assert value["value"]["value"] == "typed from AppData"


def test_a_broken_folder_is_a_message_and_the_window_keeps_running(
    qtbot: QtBot, parts: AppParts, tmp_path: Path
) -> None:
    mode = install_project_mode(parts, tmp_path)
    qtbot.waitUntil(lambda: "app.json" in mode.console.toPlainText(), timeout=TIMEOUT_MS)
    assert mode.host is None and parts.window.isVisible()


def test_wxml_that_does_not_compile_is_shown_with_file_and_line(
    qtbot: QtBot, parts: AppParts, tmp_path: Path
) -> None:
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(NATIVE, broken)
    wxml = broken / "pages" / "chat" / "index.wxml"
    wxml.write_text(wxml.read_text(encoding="utf-8") + "\n<view>\n", encoding="utf-8")
    mode = install_project_mode(parts, broken)
    qtbot.waitUntil(lambda: mode.load_error is not None, timeout=LONG_MS)
    assert "index.wxml" in mode.load_error
    qtbot.waitUntil(lambda: "index.wxml" in mode.console.toPlainText(), timeout=TIMEOUT_MS)
    shown = ask(qtbot, mode, {"t": "text"})["value"]
    assert "index.wxml" in shown
    done = spawn(mode.stop(), name="test-stop")
    qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)


def test_the_framework_is_read_from_the_output(tmp_path: Path) -> None:
    frameworks = Path(__file__).resolve().parents[2] / "fixtures" / "frameworks"
    assert detect_framework(NATIVE) == "native"
    assert detect_framework(frameworks / "taro-chat" / "dist") == "Taro"
    assert detect_framework(frameworks / "uni-chat" / "dist" / "build" / "mp-weixin") == "uni-app"
    (tmp_path / "taro.js").write_text("", encoding="utf-8")
    assert detect_framework(tmp_path) == "Taro"


def test_toast_modal_and_action_sheet_are_drawn_in_the_phone_and_answered_by_a_click(
    qtbot: QtBot, mode: ProjectMode
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    assert mode.host is not None and mode.chrome is not None
    wx, chrome = mode.host.wx, mode.chrome
    wx.showToast(title="已复制", icon="success", success=lambda res: None)
    qtbot.waitUntil(chrome.toast.isVisible, timeout=TIMEOUT_MS)
    assert "已复制" in chrome.toast.text()
    wx.hideToast(success=lambda res: None)
    qtbot.waitUntil(lambda: not chrome.toast.isVisible(), timeout=TIMEOUT_MS)
    wx.showLoading(title="加载中", mask=True, success=lambda res: None)
    qtbot.waitUntil(chrome.toast_cover.isVisible, timeout=TIMEOUT_MS)  # the mask
    wx.hideLoading(success=lambda res: None)
    qtbot.waitUntil(lambda: not chrome.toast_cover.isVisible(), timeout=TIMEOUT_MS)

    answers: list[dict] = []
    wx.showModal(title="清空对话？", content="清空后无法恢复", success=answers.append)
    qtbot.waitUntil(chrome.modal_cover.isVisible, timeout=TIMEOUT_MS)
    confirm = chrome.modal_box.findChild(QPushButton, "projectModalConfirm")
    assert confirm is not None and confirm.isVisible() and chrome.modal_box.height() > 60
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(answers), timeout=TIMEOUT_MS)
    assert answers[0]["confirm"] is True
    qtbot.waitUntil(lambda: not chrome.modal_cover.isVisible(), timeout=TIMEOUT_MS)

    taps: list[dict] = []
    wx.showActionSheet(itemList=["复制", "重新生成"], success=taps.append)
    qtbot.waitUntil(chrome.sheet_cover.isVisible, timeout=TIMEOUT_MS)
    items = chrome.sheet_box.findChildren(QPushButton, "projectSheetItem")
    assert [b.text() for b in items] == ["复制", "重新生成"]
    qtbot.mouseClick(items[1], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(taps), timeout=TIMEOUT_MS)
    assert taps[0]["tapIndex"] == 1
    # a second modal replaces the first one's rows, none of the old ones left behind
    wx.showModal(title="再来一次", content="", showCancel=False, success=answers.append)
    qtbot.waitUntil(chrome.modal_cover.isVisible, timeout=TIMEOUT_MS)
    buttons = [b for b in chrome.modal_box.findChildren(QPushButton) if b.isVisible()]
    assert [b.objectName() for b in buttons] == ["projectModalConfirm"]


def test_a_page_error_fails_the_run_with_file_and_line_and_the_page_keeps_running(
    qtbot: QtBot, parts: AppParts, tmp_path: Path
) -> None:
    import re
    import shutil

    from simulator.transports.events import RunFailed

    broken = tmp_path / "throws"
    shutil.copytree(NATIVE, broken)
    script = broken / "pages" / "chat" / "index.js"
    source = script.read_text(encoding="utf-8")
    source, n = re.subn(
        r"\n  send\(\) \{\n",
        "\n  send() {\n    if (this.data.inputValue === 'boom') throw new Error('boom');\n",
        source,
    )
    assert n == 1
    script.write_text(source, encoding="utf-8")
    mode = install_project_mode(parts, broken)
    qtbot.waitUntil(
        lambda: mode.host is not None and mode.host.start_s is not None, timeout=LONG_MS
    )
    assert ask(qtbot, mode, {"t": "input", "selector": "input", "value": "boom"})["ok"]
    assert ask(qtbot, mode, {"t": "tap", "selector": "button"})["ok"]
    qtbot.waitUntil(lambda: bool(mode.runs) and mode.runs[0].outcome is not None, timeout=LONG_MS)
    assert isinstance(mode.runs[0].outcome, RunFailed)
    assert "boom" in mode.runs[0].outcome.error
    qtbot.waitUntil(lambda: "index.js:" in mode.console.toPlainText(), timeout=TIMEOUT_MS)
    # the page still answers: the next message streams
    assert ask(qtbot, mode, {"t": "input", "selector": "input", "value": "你好"})["ok"]
    assert ask(qtbot, mode, {"t": "tap", "selector": "button"})["ok"]
    qtbot.waitUntil(
        lambda: len(mode.runs) == 2 and mode.runs[1].outcome is not None, timeout=LONG_MS
    )
    assert isinstance(mode.runs[1].outcome, ReplyCompleted), mode.runs[1].outcome
    done = spawn(mode.stop(), name="test-stop")
    qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)


def test_another_phone_reopens_the_project_at_its_width(
    qtbot: QtBot, parts: AppParts, mode: ProjectMode
) -> None:
    first = mode.host
    assert first is not None and first.wx.device.screen_width == 393
    parts.window.device_box.setCurrentIndex(1)  # iPhone SE
    qtbot.waitUntil(
        lambda: mode.host is not None and mode.host is not first and mode.host.start_s is not None,
        timeout=LONG_MS,
    )
    assert mode.host.wx.device.screen_width == 375
    width = ask(qtbot, mode, {"t": "query", "selector": ".page", "fields": ["size"], "all": False})
    assert width["value"]["size"]["width"] == 375  # the page's CSS width: the device's


def test_the_chrome_tab_bar_switches_tabs(qtbot: QtBot, parts: AppParts, tmp_path: Path) -> None:
    import json
    import shutil

    from PySide6.QtCore import Qt

    tabs = tmp_path / "tabs"
    shutil.copytree(NATIVE.parent / "two-pages", tabs)
    app = json.loads((tabs / "app.json").read_text(encoding="utf-8"))
    app["tabBar"] = {"list": [{"pagePath": "pages/home/index", "text": "话题"},
                              {"pagePath": "pages/chat/index", "text": "对话"}]}  # fmt: skip
    (tabs / "app.json").write_text(json.dumps(app, ensure_ascii=False), encoding="utf-8")
    mode = install_project_mode(parts, tabs)
    qtbot.waitUntil(
        lambda: mode.host is not None and mode.host.start_s is not None, timeout=LONG_MS
    )
    assert mode.tab_bar is not None and mode.tab_bar.isVisible()
    assert [b.text() for b in mode.tab_bar.buttons] == ["话题", "对话"]
    host = mode.host
    assert host is not None
    qtbot.mouseClick(mode.tab_bar.buttons[1], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: host.routes.get(host.top or 0) == "pages/chat/index", timeout=TIMEOUT_MS
    )
    qtbot.waitUntil(
        lambda: mode.tab_bar is not None and mode.tab_bar.selected == 1, timeout=TIMEOUT_MS
    )
    done = spawn(mode.stop(), name="test-stop")
    qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)


def test_a_components_button_sends_and_is_measured(qtbot: QtBot, parts: AppParts) -> None:
    # component-chat: the button's handler is the component's onTap, which triggers the
    # page's `send` event; typed text + a button tap is a send
    mode = install_project_mode(parts, NATIVE.parent / "component-chat")
    qtbot.waitUntil(
        lambda: mode.host is not None and mode.host.start_s is not None, timeout=LONG_MS
    )
    assert ask(qtbot, mode, {"t": "input", "selector": "input", "value": "你好"})["ok"]
    assert ask(qtbot, mode, {"t": "tap", "selector": "button"})["ok"]
    qtbot.waitUntil(lambda: bool(mode.runs) and mode.runs[0].outcome is not None, timeout=LONG_MS)
    assert isinstance(mode.runs[0].outcome, ReplyCompleted), mode.runs[0].outcome
    assert mode.runs[0].prompt == "你好"
    done = spawn(mode.stop(), name="test-stop")
    qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)


def test_a_taro_build_opens_and_says_so_in_the_title(qtbot: QtBot, parts: AppParts) -> None:
    dist = Path(__file__).resolve().parents[2] / "fixtures" / "frameworks" / "taro-chat" / "dist"
    mode = install_project_mode(parts, dist)
    qtbot.waitUntil(
        lambda: mode.host is not None and mode.host.start_s is not None, timeout=LONG_MS
    )
    assert "Taro" in parts.window.windowTitle()
    assert mode.load_error is None
    done = spawn(mode.stop(), name="test-stop")
    qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)


@pytest.mark.parametrize("build", ["taro-chat/dist", "uni-chat/dist/build/mp-weixin"])
def test_a_framework_build_streams_into_its_own_markup_in_the_window(
    qtbot: QtBot, parts: AppParts, build: str
) -> None:
    # the framework's own input binding and button handler; its request wrapper's chunks are
    # rendered by its own runtime (Taro's templates, Vue's renderer) in the phone's web view
    folder = Path(__file__).resolve().parents[2] / "fixtures" / "frameworks" / build
    mode = install_project_mode(parts, folder)
    qtbot.waitUntil(
        lambda: mode.host is not None and mode.host.start_s is not None, timeout=LONG_MS
    )
    assert mode.load_error is None
    # the framework renders after the page's first (empty) render: wait for its input
    qtbot.waitUntil(
        lambda: ask(qtbot, mode, {"t": "input", "selector": "input", "value": "你好"})["ok"],
        timeout=LONG_MS,
    )
    assert ask(qtbot, mode, {"t": "tap", "selector": "button"})["ok"]
    qtbot.waitUntil(lambda: bool(mode.runs) and mode.runs[0].outcome is not None, timeout=LONG_MS)
    run = mode.runs[0]
    assert isinstance(run.outcome, ReplyCompleted), run.outcome
    assert run.prompt == "你好" and len(run.outcome.text) > 10

    def flat(text: str) -> str:
        return "".join(text.split())

    qtbot.waitUntil(
        lambda: flat(run.outcome.text) in flat(ask(qtbot, mode, {"t": "text"})["value"]),
        timeout=TIMEOUT_MS,
    )
    done = spawn(mode.stop(), name="test-stop")
    qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)


def test_a_real_click_and_keystrokes_in_the_web_view_send_the_message(
    qtbot: QtBot, mode: ProjectMode
) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    view = mode.view
    assert view is not None and mode.host is not None
    host = mode.host

    def centre(selector: str) -> QPoint:
        answer = ask(
            qtbot, mode, {"t": "query", "selector": selector, "fields": ["rect"], "all": False}
        )
        rect, zoom = answer["value"]["rect"], view.zoomFactor()
        x, y = rect["left"] + rect["width"] / 2, rect["top"] + rect["height"] / 2
        return QPoint(int(x * zoom), int(y * zoom))

    target = view.focusProxy() or view  # Chromium's widget takes the input events
    no = Qt.KeyboardModifier.NoModifier
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, no, centre("input"))
    QTest.keyClicks(target, "hello")
    qtbot.waitUntil(lambda: host.typed == "hello", timeout=TIMEOUT_MS)
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, no, centre("button"))
    qtbot.waitUntil(lambda: bool(mode.runs) and mode.runs[0].outcome is not None, timeout=LONG_MS)
    assert isinstance(mode.runs[0].outcome, ReplyCompleted), mode.runs[0].outcome
    assert mode.runs[0].prompt == "hello"


FRAMEWORKS = Path(__file__).resolve().parents[2] / "fixtures" / "frameworks"


@pytest.mark.parametrize(
    "folder",
    [FRAMEWORKS / "uni-chat/dist/build/mp-weixin", FRAMEWORKS / "taro-chat/dist", NATIVE],
    ids=["uni-app", "taro", "native"],
)
def test_keystrokes_into_the_pages_input_keep_every_key_and_send_clears_it(
    qtbot: QtBot, parts: AppParts, folder: Path
) -> None:
    # each page answers every keystroke late (uni-app's v-model: its handler's return value
    # and a batched setData; Taro: React state; native: setData); each key here is pressed as
    # soon as the previous one reached the host, so those answers cross the next keys, as
    # with a person typing at 60 ms a key. All three clear their input after sending.
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    mode = install_project_mode(parts, folder)
    qtbot.waitUntil(
        lambda: mode.host is not None and mode.host.start_s is not None, timeout=LONG_MS
    )
    view, host = mode.view, mode.host
    assert view is not None and host is not None

    def query(selector: str, field: str) -> object:
        msg = {"t": "query", "selector": selector, "fields": [field], "all": False}
        value = ask(qtbot, mode, msg)["value"]
        return value[field] if value else None

    qtbot.waitUntil(lambda: query("input", "rect") is not None, timeout=LONG_MS)

    def centre(selector: str) -> QPoint:
        rect, zoom = query(selector, "rect"), view.zoomFactor()
        assert isinstance(rect, dict)
        x, y = rect["left"] + rect["width"] / 2, rect["top"] + rect["height"] / 2
        return QPoint(int(x * zoom), int(y * zoom))

    target = view.focusProxy() or view  # Chromium's widget takes the input events
    no = Qt.KeyboardModifier.NoModifier
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, no, centre("input"))
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    for key in alphabet:
        before = host.typed

        def reached_host(before: str = before) -> bool:
            return host.typed != before

        QTest.keyClicks(target, key)
        qtbot.waitUntil(reached_host, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: host.is_idle(0.3), timeout=TIMEOUT_MS)
    assert query("input", "value") == alphabet
    assert host.typed == alphabet
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, no, centre("button"))
    qtbot.waitUntil(lambda: bool(mode.runs) and mode.runs[0].outcome is not None, timeout=LONG_MS)
    assert mode.runs[0].prompt == alphabet
    # the page's own change after sending (s.value = "") still reaches the input
    assert query("input", "value") == ""
    done = spawn(mode.stop(), name="test-stop")
    qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)
