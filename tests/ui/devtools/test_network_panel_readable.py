"""The network panel as DevTools users read it: names, whole frame payloads, saves confirmed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from simulator.ui.devtools.network_rows import COLUMNS, name_of
from simulator.ui.shell.app import AppParts
from tests.ui.stub_app import send_and_wait, use


def test_a_name_shows_the_path_and_query() -> None:
    url = "http://127.0.0.1:8000/api/chat/poll?replyId=r%2F12&cursor=5"
    assert name_of(url) == "/api/chat/poll?replyId=r/12&cursor=5"  # not "poll?…"
    assert name_of("http://127.0.0.1:8000/") == "http://127.0.0.1:8000/"


def test_a_frame_shows_its_whole_payload_and_a_save_says_where(
    qtbot: QtBot, parts: AppParts, tmp_path: Path
) -> None:
    use(parts, transport="websocket")
    send_and_wait(qtbot, parts, "帧")
    log = parts.window.network_log
    rows = log.visible_rows()
    i = next(i for i, r in enumerate(rows) if r.kind == "socket")
    index = log.proxy.index(i, COLUMNS.index("name"))
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith("ws://")  # the full URL on hover
    log.on_row_clicked(index)
    frames = log.detail.frames
    sent = next(r for r in range(frames.rowCount()) if frames.item(r, 0).text() == "↑")
    frames.setCurrentCell(sent, 0)
    whole = log.detail.frame_text.toPlainText()
    assert whole.startswith("{\n") and "帧" in whole  # the sent JSON, pretty-printed, whole
    path = tmp_path / "run.har"
    log.save_har(path)
    assert path.exists() and not log.saved.isHidden()
    assert str(path) in log.saved.text() and "Saved" in log.saved.text()


def test_a_socket_reads_101_with_its_close_code_apart(qtbot: QtBot, parts: AppParts) -> None:
    use(parts, transport="websocket")
    send_and_wait(qtbot, parts, "握手")
    log = parts.window.network_log
    rows = log.visible_rows()
    i = next(i for i, r in enumerate(rows) if r.kind == "socket")
    status = log.proxy.index(i, COLUMNS.index("status"))
    qtbot.waitUntil(lambda: "closed" in str(status.data()) or status.data() == "101")
    assert str(status.data()).startswith("101")  # not the close code alone
    log.on_row_clicked(status)
    assert "Status: 101" in log.detail.headers.toPlainText()


def test_a_long_name_keeps_both_ends_on_one_line(qtbot: QtBot) -> None:
    from simulator.ui.devtools.network_log import NetworkLog

    log = NetworkLog(("chunked",))
    qtbot.addWidget(log)
    # a narrow name column must not wrap the query below the 22 px row ("sse?…" was all left)
    assert not log.table.wordWrap()
    assert log.table.textElideMode() == Qt.TextElideMode.ElideMiddle


def test_a_sockets_handshake_headers_are_in_the_detail_and_the_har(
    qtbot: QtBot, parts: AppParts, tmp_path: Path
) -> None:
    import json

    use(parts, transport="websocket")
    send_and_wait(qtbot, parts, "握手头")
    log = parts.window.network_log
    rows = log.visible_rows()
    i = next(i for i, r in enumerate(rows) if r.kind == "socket")
    log.on_row_clicked(log.proxy.index(i, 0))
    text = log.detail.headers.toPlainText()
    request, response = text.split("Response headers")
    assert "Sec-WebSocket-Key" in request and "Upgrade: websocket" in request
    assert "Sec-WebSocket-Accept" in response
    path = tmp_path / "ws.har"
    log.save_har(path)
    entries = json.loads(path.read_text(encoding="utf-8"))["log"]["entries"]
    socket = next(e for e in entries if e.get("_resourceType") == "websocket")
    names = {h["name"].lower() for h in socket["response"]["headers"]}
    assert socket["response"]["status"] == 101 and "sec-websocket-accept" in names  # not []
    assert "sec-websocket-key" in {h["name"].lower() for h in socket["request"]["headers"]}
