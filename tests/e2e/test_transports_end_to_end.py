"""The real window on the real stub: each transport types the stub's exact reply, with figures."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from backend_stub import EmbeddedStub
from simulator.transports import TRANSPORT_NAMES
from simulator.ui.devtools.race_table import COLUMNS
from simulator.ui.shell.app import AppParts
from tests.ui.stub_app import TIMEOUT_MS, stub_text


@pytest.mark.parametrize("transport", TRANSPORT_NAMES)
def test_each_transport_types_the_stubs_exact_reply(
    qtbot: QtBot, parts: AppParts, stub: EmbeddedStub, transport: str
) -> None:
    window = parts.window
    window.transport_box.setCurrentText(transport)
    bar = window.phone.input_bar
    bar.edit.setPlainText("你好，介绍一下流式输出")
    qtbot.mouseClick(bar.send_button, Qt.MouseButton.LeftButton)
    bubble = window.phone.chat.bubbles[-1]
    qtbot.waitUntil(lambda: bubble.run.ended and not bubble.painting, timeout=TIMEOUT_MS)
    outcome = bubble.run.outcome
    assert type(outcome).__name__ == "ReplyCompleted", bubble.status.text()
    assert outcome is not None and outcome.reply_id  # type: ignore[union-attr]
    expected = stub_text(stub, outcome.reply_id)  # type: ignore[union-attr]
    assert expected and bubble.shown_text == expected
    # the panel measures the whole run once the bubble has typed its last character
    qtbot.waitUntil(lambda: window.latency.table.rowCount() == 1)
    figures = window.latency.values
    for key in ("first byte", "first char", "last char"):
        assert figures[key].text().endswith(("ms", " s")), (key, figures[key].text())
    assert int(figures["requests"].text()) >= 1
    assert window.network_log.model.rowCount() >= 1


def test_race_on_the_stub_gives_each_transport_its_own_numbers(
    qtbot: QtBot, parts: AppParts, stub: EmbeddedStub
) -> None:
    window = parts.window
    qtbot.mouseClick(window.race_button, Qt.MouseButton.LeftButton)
    bar = window.race.input_bar
    bar.edit.setPlainText("同时比一比")
    qtbot.mouseClick(bar.send_button, Qt.MouseButton.LeftButton)
    bubbles = [lane.chat.bubbles[-1] for lane in window.race.lanes.values()]
    lanes = [b.run.transport for b in bubbles]
    assert lanes == ["websocket", "chunked", "download", "polling", "longpoll", "sync"]
    qtbot.waitUntil(
        lambda: all(b.run.ended and not b.painting for b in bubbles), timeout=TIMEOUT_MS
    )
    # polling economics: both polling lanes count a start and their polls, the others one call
    requests = {b.run.transport: b.run.live.requests for b in bubbles}
    assert requests["polling"] >= 2 and requests["longpoll"] >= 2, requests
    assert all(requests[name] == 1 for name in ("chunked", "download", "sync")), requests
    for b in bubbles:
        outcome = b.run.outcome
        assert type(outcome).__name__ == "ReplyCompleted", (b.run.transport, b.status.text())
        assert b.shown_text == stub_text(stub, outcome.reply_id)  # type: ignore[union-attr]
        # a measured time, whatever its unit (a busy machine can take over a second)
        assert re.search(r"\d[\s\xa0](ms|s)\b", b.stats.text()), b.stats.text()
    qtbot.waitUntil(lambda: window.latency.table.rowCount() == len(bubbles))
    # the "this run" box compares the lanes, one row each, the fastest first char in bold
    race = window.latency.race_table
    assert race.isVisible() and not window.latency.figures.isVisible()
    assert race.rowCount() == len(bubbles)
    rows = {race.item(r, 0).text(): r for r in range(race.rowCount())}
    assert list(rows) == [b.run.transport for b in bubbles]
    first_char = COLUMNS.index("first char")
    fastest = min(bubbles, key=lambda b: b.run.live.first_paint_s or 1e9).run.transport
    best = race.item(rows[fastest], first_char)
    assert best.font().bold()
    for r in rows.values():
        assert race.item(r, COLUMNS.index("state")).text() in ("painted", "arrived at once")
        cell = race.item(r, first_char)
        assert cell.text().endswith(("ms", " s"))
        assert not cell.font().bold() or cell.text() == best.text()
    log = window.network_log
    transports = {row.transport for row in log.model.rows}
    assert {b.run.transport for b in bubbles} <= transports
    log.filter.setCurrentIndex(log.filter.findData("websocket"))
    shown = {row.transport for row in log.visible_rows()}
    assert shown == {"websocket"}
    log.on_row_clicked(log.proxy.index(0, 0))
    assert log.detail.frames.rowCount() >= 2  # the message sent and the reply's frames
