"""`auto` says which tier carried the reply; the latency figures' first byte is named apart from
the network panel's (review #17, #18)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from simulator.ui.shell.app import AppParts
from tests.ui.stub_app import send_and_wait, use

NBSP = "\u00a0"


def test_auto_names_its_tier_in_the_bubble_panel_and_history(qtbot: QtBot, parts: AppParts) -> None:
    window = parts.window
    use(parts, transport="auto")
    bubble = send_and_wait(qtbot, parts, "自动")
    panel = window.latency
    # the stub answers the first tier, the socket: no fallback, and still the tier is named
    assert bubble.stats.text().replace(NBSP, " ").startswith("auto → websocket · ")
    qtbot.waitUntil(lambda: panel.values["transport"].text() == "auto → websocket")
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1)
    assert panel.table.item(0, 0).text() == "auto → websocket"


def test_a_plain_transport_has_no_tier_in_its_figures(qtbot: QtBot, parts: AppParts) -> None:
    use(parts, transport="chunked")
    bubble = send_and_wait(qtbot, parts, "分块")
    assert "→" not in bubble.stats.text()
    assert parts.window.latency.values["transport"].text() == "chunked"


def test_the_latency_first_byte_is_the_first_content_byte(qtbot: QtBot, parts: AppParts) -> None:
    use(parts, transport="websocket")
    bubble = send_and_wait(qtbot, parts, "字节")
    panel = parts.window.latency
    label = panel._names["first byte"]
    assert label.text() == "first content byte"
    assert "Network panel" in label.toolTip() and "start frame" in label.toolTip()
    header = panel.table.horizontalHeaderItem(3)
    assert header.text() == "first content byte" and header.toolTip() == label.toolTip()
    assert f"first{NBSP}content{NBSP}byte" in bubble.stats.text()
