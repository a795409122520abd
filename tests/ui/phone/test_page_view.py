"""The window's view: the same renderer in QtWebEngine (offscreen), driven as the host drives it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from simulator.project.compile import compile_project
from simulator.project.view.port import Message, boot_message
from simulator.ui.phone.page_view import PageView
from tests.project.view.harness import CHAT, DEVICE, FEATURES, PROJECT_ENTRIES

ROUTE = "pages/chat/index"
WAIT_MS = 30_000


def _find(messages: list[Message], **match: Any) -> Message | None:
    for m in messages:
        if all(m.get(k) == v for k, v in match.items()):
            return m
    return None


@pytest.fixture
def page_view(qtbot: QtBot) -> Iterator[tuple[PageView, list[Message]]]:
    view = PageView()
    view.set_device(DEVICE)
    view.show()
    messages: list[Message] = []
    view.port.on_message = messages.append
    view.port.load(CHAT)
    qtbot.waitUntil(lambda: view.port.ready, timeout=WAIT_MS)
    compiled = compile_project(CHAT, [ROUTE])
    view.port.post(boot_message(compiled, {}, DEVICE))
    qtbot.waitUntil(lambda: _find(messages, t="booted") is not None, timeout=WAIT_MS)
    yield view, messages
    # the page must be gone before the profile is released at exit
    with qtbot.waitSignal(view.destroyed, timeout=WAIT_MS):
        view.deleteLater()


def test_chat_page_renders_and_a_tap_on_its_button_reaches_the_logic(
    qtbot: QtBot, page_view: tuple[PageView, list[Message]]
) -> None:
    view, messages = page_view
    port = view.port
    msgs = [{"id": i, "role": "user", "content": f"m{i}"} for i in range(30)]
    data = {"messages": msgs, "inputValue": "", "loading": False, "scrollId": ""}
    port.post({"t": "pageCreate", "id": 1, "route": ROUTE, "query": {}, "data": data})
    qtbot.waitUntil(lambda: _find(messages, t="firstRender", id=1) is not None, timeout=WAIT_MS)
    port.post({"t": "text", "q": 1})
    qtbot.waitUntil(lambda: _find(messages, t="result", q=1) is not None, timeout=WAIT_MS)
    text = _find(messages, t="result", q=1)
    assert text is not None and "m29" in text["value"] and "发送" in text["value"]
    # the page's own stylesheet with rpx for a 375 px wide device: .bubble padding 20rpx → 10px
    port.post({"t": "styles", "q": 2})
    qtbot.waitUntil(lambda: _find(messages, t="result", q=2) is not None, timeout=WAIT_MS)
    css = _find(messages, t="result", q=2)
    assert css is not None and "padding: 10px 14px" in css["value"][ROUTE]
    # a streamed update is one text write
    port.post({"t": "setData", "id": 1, "seq": 1, "patch": {"messages[29].content": "m29 more"}})
    qtbot.waitUntil(lambda: _find(messages, t="applied", seq=1) is not None, timeout=WAIT_MS)
    applied = _find(messages, t="applied", seq=1)
    assert applied is not None and applied["mutations"] == 1 and applied["textChanged"]
    # scroll-into-view scrolls the real scroll-view (layout exists here)
    port.post({"t": "setData", "id": 1, "seq": 2, "patch": {"scrollId": "msg-29"}})
    qtbot.waitUntil(lambda: _find(messages, t="applied", seq=2) is not None, timeout=WAIT_MS)
    port.post({"t": "query", "q": 3, "selector": ".list", "fields": ["scrollOffset"]})
    qtbot.waitUntil(lambda: _find(messages, t="result", q=3) is not None, timeout=WAIT_MS)
    offset = _find(messages, t="result", q=3)
    assert offset is not None and offset["value"]["scrollOffset"]["scrollTop"] > 0
    # a tap through the view reaches the logic layer as the platform's event
    port.post({"t": "tap", "q": 4, "selector": ".send"})
    qtbot.waitUntil(lambda: _find(messages, t="event", handler="send") is not None, timeout=WAIT_MS)
    event = _find(messages, t="event", handler="send")
    assert event is not None and event["id"] == 1 and event["event"]["type"] == "tap"
    rect = event["event"]["currentTarget"]
    assert rect["offsetTop"] > 0  # real layout: the button sits below the list


def test_typing_into_the_real_input_fires_bindinput(
    qtbot: QtBot, page_view: tuple[PageView, list[Message]]
) -> None:
    view, messages = page_view
    port = view.port
    data = {"messages": [], "inputValue": "", "loading": False, "scrollId": ""}
    port.post({"t": "pageCreate", "id": 1, "route": ROUTE, "query": {}, "data": data})
    qtbot.waitUntil(lambda: _find(messages, t="firstRender", id=1) is not None, timeout=WAIT_MS)
    # a DOM-level edit, as the keyboard makes it: value changes, then an `input` event
    view.page().runJavaScript(
        "(() => { const c = document.querySelector('wx-input input'); c.focus();"
        " c.value = 'hi'; c.dispatchEvent(new Event('input', {bubbles: true})); })()"
    )
    qtbot.waitUntil(
        lambda: _find(messages, t="event", handler="onInput") is not None, timeout=WAIT_MS
    )
    event = _find(messages, t="event", handler="onInput")
    assert event is not None and event["event"]["detail"]["value"] == "hi"


def test_pressing_a_button_shows_its_hover_class(
    qtbot: QtBot, page_view: tuple[PageView, list[Message]]
) -> None:
    view, messages = page_view
    data = {"messages": [], "inputValue": "", "loading": False, "scrollId": ""}
    view.port.post({"t": "pageCreate", "id": 1, "route": ROUTE, "query": {}, "data": data})
    qtbot.waitUntil(lambda: _find(messages, t="firstRender", id=1) is not None, timeout=WAIT_MS)
    results: list[object] = []
    view.page().runJavaScript(
        "(() => { const b = document.querySelector('wx-button');"
        " b.dispatchEvent(new PointerEvent('pointerdown', {bubbles: true}));"
        " return b.className; })()",
        0,
        results.append,
    )
    qtbot.waitUntil(lambda: bool(results), timeout=WAIT_MS)
    assert "button-hover" in str(results[0]).split()


def test_a_mouse_click_on_the_button_is_the_platforms_tap(
    qtbot: QtBot, page_view: tuple[PageView, list[Message]]
) -> None:
    view, messages = page_view
    data = {"messages": [], "inputValue": "", "loading": False, "scrollId": ""}
    view.port.post({"t": "pageCreate", "id": 1, "route": ROUTE, "query": {}, "data": data})
    qtbot.waitUntil(lambda: _find(messages, t="firstRender", id=1) is not None, timeout=WAIT_MS)
    view.port.post({"t": "query", "q": 1, "selector": ".send", "fields": ["rect"]})
    qtbot.waitUntil(lambda: _find(messages, t="result", q=1) is not None, timeout=WAIT_MS)
    found = _find(messages, t="result", q=1)
    assert found is not None
    rect = found["value"]["rect"]
    assert rect["width"] > 0 and rect["top"] > 300  # the bar sits at the bottom of the phone
    target = view.focusProxy() or view
    at = QPoint(int(rect["left"] + rect["width"] / 2), int(rect["top"] + rect["height"] / 2))
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    qtbot.waitUntil(lambda: _find(messages, t="event", handler="send") is not None, timeout=WAIT_MS)
    tap = _find(messages, t="event", handler="send")
    assert tap is not None and tap["event"]["type"] == "tap"
    assert abs(tap["event"]["detail"]["x"] - at.x()) <= 1


def test_page_scroll_to_moves_the_document(qtbot: QtBot) -> None:
    view = PageView()
    view.set_device(DEVICE)
    view.show()
    messages: list[Message] = []
    view.port.on_message = messages.append
    view.port.load(FEATURES)
    qtbot.waitUntil(lambda: view.port.ready, timeout=WAIT_MS)
    entries, components = PROJECT_ENTRIES[FEATURES]
    view.port.post(boot_message(compile_project(FEATURES, entries), components, DEVICE))
    data = {"rows": list(range(50))}
    view.port.post(
        {"t": "pageCreate", "id": 1, "route": "pages/long/index", "query": {}, "data": data}
    )
    qtbot.waitUntil(lambda: _find(messages, t="firstRender", id=1) is not None, timeout=WAIT_MS)
    scrolled: list[object] = []

    def scrolled_to(top: int) -> bool:
        # asks the page for its scroll offset; true once the last answer is `top`
        view.page().runJavaScript("document.scrollingElement.scrollTop", 0, scrolled.append)
        return bool(scrolled) and scrolled[-1] == top

    view.port.post({"t": "scrollTo", "id": 1, "scrollTop": 1200, "duration": 0})
    qtbot.waitUntil(lambda: scrolled_to(1200), timeout=WAIT_MS)
    view.port.post({"t": "scrollTo", "id": 1, "selector": "#row-30", "duration": 0})
    qtbot.waitUntil(lambda: scrolled_to(3000), timeout=WAIT_MS)  # 30 rows of 100 px above it
    with qtbot.waitSignal(view.destroyed, timeout=WAIT_MS):
        view.deleteLater()
