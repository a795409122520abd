"""The latency tab keeps runs under different network profiles apart, as the History tab does."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from simulator.ui.shell.app import AppParts
from tests.ui.stub_app import send_and_wait, use


def test_runs_on_another_network_profile_get_their_own_row(qtbot: QtBot, parts: AppParts) -> None:
    window = parts.window
    use(parts, transport="chunked")
    send_and_wait(qtbot, parts, "快")
    table = window.latency.table
    qtbot.waitUntil(lambda: table.rowCount() == 1)
    window.settings_changed.emit(window.settings.with_changes(network="wifi"))
    send_and_wait(qtbot, parts, "慢")
    qtbot.waitUntil(lambda: table.rowCount() == 2)  # not one mixed "chunked" row
    rows = {(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(2)}
    assert rows == {("chunked", "unthrottled"), ("chunked", "Wi-Fi")}
    assert all(table.item(r, 2).text() == "1 / 0" for r in range(2))


def test_the_first_figure_is_the_response_not_a_connect(qtbot: QtBot, parts: AppParts) -> None:
    # a page cannot see the TCP connect: for sync the first sign of life is the whole response
    window = parts.window
    use(parts, transport="sync")
    bubble = send_and_wait(qtbot, parts, "同步")
    panel = window.latency
    label = panel._names["connect"]
    assert label.text() == "response" and "TCP connect" in label.toolTip()
    assert "connect" not in bubble.stats.text().split("·")[0]
    assert bubble.stats.text().startswith("response")
