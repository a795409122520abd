"""The network panel: one row per flow across race, settings changes and backend restarts; HAR."""

from __future__ import annotations

import json
from pathlib import Path

from haralyzer import HarParser
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from backend_stub import EmbeddedStub, StubConfig
from simulator.ui.devtools.network_rows import COLUMNS, LogRow
from simulator.ui.shell.app import AppParts
from simulator.wx import events as ev
from tests.ui.stub_app import TIMEOUT_MS, send_and_wait, use


def socket_rows(parts: AppParts) -> list[LogRow]:
    rows = parts.window.network_log.model.rows
    return [r for r in rows if r.transport == "websocket" and r.kind == "socket"]


def race_and_wait(qtbot: QtBot, parts: AppParts) -> None:
    window = parts.window
    window.race_button.setChecked(True)
    window.race.input_bar.edit.setPlainText("比一比")
    window.race.input_bar.send_button.click()
    qtbot.waitUntil(lambda: not parts.controller.busy, timeout=TIMEOUT_MS)
    window.race_button.setChecked(False)


def test_every_flow_keeps_its_own_row(qtbot: QtBot, parts: AppParts, stub: EmbeddedStub) -> None:
    use(parts, transport="websocket")
    send_and_wait(qtbot, parts, "一")
    race_and_wait(qtbot, parts)  # the race's websocket lane numbers its flows from 1 again
    use(parts, scenario="ttft_ms=0,tps=500,jitter_ms=0")  # a settings change: new runtimes
    qtbot.waitUntil(lambda: not parts.window.phone.input_bar.edit.isReadOnly())
    send_and_wait(qtbot, parts, "二")
    other = EmbeddedStub(StubConfig()).start()  # another backend: runtimes and ids start over
    try:
        parts.window.settings_changed.emit(
            parts.window.settings.with_changes(backend_url=other.base_url)
        )
        bubble = send_and_wait(qtbot, parts, "三")
        assert type(bubble.run.outcome).__name__ == "ReplyCompleted"
    finally:
        other.stop()

    rows = socket_rows(parts)
    assert len(rows) == 4
    assert len({r.uid for r in parts.window.network_log.model.rows}) == len(
        parts.window.network_log.model.rows
    )
    ports = [r.url.split("/")[2] for r in rows]
    assert ports[-1] != ports[0] and len(set(ports[:3])) == 1
    # the runtimes a settings change replaced closed their sockets; the newest may stay open
    assert [r.flow.state for r in rows[:3] if r.flow] == ["closed"] * 3
    for row in rows:
        started = [e for e in row.events if isinstance(e, ev.TaskStarted)]
        assert len(started) == 1 and row.flow is not None
        assert row.flow.error is None and row.flow.frames_sent == 1
        # every event of the row is of this flow: nothing before its start, times from the send
        assert all(e.at >= started[0].at for e in row.events)
        assert row.send_at is not None and started[0].at >= row.send_at
    log = parts.window.network_log
    log.filter.setCurrentIndex(log.filter.findData("websocket"))
    log.type_filter.setCurrentIndex(log.type_filter.findData("socket"))
    assert len(log.visible_rows()) == 4
    log.search.setText(ports[-1])
    assert [r.uid for r in log.visible_rows()] == [rows[-1].uid]
    log.clear_button.click()
    assert log.model.rowCount() == 0


def test_har_export_has_one_entry_per_flow_with_its_timings(
    qtbot: QtBot, parts: AppParts, tmp_path: Path
) -> None:
    for transport in ("websocket", "chunked", "download"):
        use(parts, transport=transport)
        send_and_wait(qtbot, parts, f"{transport} 你好")
    log = parts.window.network_log
    # every network flow is an entry; the download's file read is a row, not a HAR entry
    assert any(r.flow is not None and r.flow.kind == "file" for r in log.model.rows)
    flows = [r for r in log.model.rows if r.flow is not None and r.flow.kind != "file"]
    path = tmp_path / "run.har"
    assert log.export_har(path) == len(flows)

    har = HarParser(json.loads(path.read_text(encoding="utf-8")))
    assert har.version == "1.2" and [p.page_id for p in har.pages] == ["unknown"]
    entries = har.pages[0].entries
    assert len(entries) == len(flows)
    for row, entry in zip(flows, entries, strict=True):
        flow = row.flow
        assert flow is not None and entry.url == flow.url
        assert entry.status == (101 if flow.kind == "socket" else flow.status)
        assert entry.startTime is not None
        end = flow.ended_at or flow.last_byte_at
        assert end is not None
        assert abs(entry.time - (end - flow.started_at) * 1000) < 1.0
        timings = entry.timings
        assert abs(timings["wait"] + timings["receive"] - entry.time) < 0.01
    raw = json.loads(path.read_text(encoding="utf-8"))["log"]["entries"]
    socket = next(e for e in raw if e["_resourceType"] == "websocket")
    sent = [m for m in socket["_webSocketMessages"] if m["type"] == "send"]
    received = [m for m in socket["_webSocketMessages"] if m["type"] == "receive"]
    assert len(sent) >= 1 and json.loads(sent[0]["data"])  # the message the page sent
    assert len(received) >= 2
    chunked = next(e for e in raw if e["_transport"] == "chunked")
    assert chunked["request"]["postData"]["text"]
    assert chunked["response"]["content"]["size"] == sum(c["size"] for c in chunked["_chunks"])


def test_the_detail_tabs_show_headers_payload_and_sse_events(qtbot: QtBot, parts: AppParts) -> None:
    use(parts, transport="chunked")
    send_and_wait(qtbot, parts, "你好")
    log = parts.window.network_log
    rows = log.visible_rows()
    i = next(i for i, r in enumerate(rows) if r.type == "chunked")
    log.on_row_clicked(log.proxy.index(i, 0))
    detail = log.detail
    headers = detail.headers.toPlainText()
    assert "content-type" in headers.lower() and "Request headers" in headers
    assert '"message": "你好"' in detail.payload.toPlainText()  # JSON, pretty-printed
    # the SSE body: one line per event, each with its arrival after the send
    events = [detail.chunks.item(r, 0).text() for r in range(detail.chunks.rowCount())]
    assert len(events) >= 3 and all(detail.chunks.item(r, 1).text().startswith("+")
                                    for r in range(detail.chunks.rowCount()))  # fmt: skip
    assert not detail.isTabEnabled(3)  # no frames for a request
    timing = detail.timing.toPlainText()
    assert "first byte: +" in timing and "sent: " in timing


def test_a_chunked_reply_aborted_after_done_is_not_a_failure(qtbot: QtBot, parts: AppParts) -> None:
    use(parts, transport="chunked")
    bubble = send_and_wait(qtbot, parts, "分块")
    assert type(bubble.run.outcome).__name__ == "ReplyCompleted"
    model = parts.window.network_log.model
    [i] = [i for i, r in enumerate(model.rows) if r.transport == "chunked" and r.flow]
    flow = model.rows[i].flow
    assert flow is not None and flow.error == "request:fail abort"  # the truth, for the HAR
    status = model.index(i, COLUMNS.index("status"))
    assert status.data() == "200"  # the normal end of a chunked stream reads as such
    assert "normal end" in status.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(i, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    log = parts.window.network_log
    log.detail.show_row(model.rows[i])
    headers = log.detail.headers.toPlainText()
    assert "Error" not in headers and "Ended by the page after the reply completed" in headers
    # a flow that really failed stays red
    parts.window.settings_changed.emit(
        parts.window.settings.with_changes(backend_url="http://127.0.0.1:1")
    )
    send_and_wait(qtbot, parts, "失败")
    j = max(i for i, r in enumerate(model.rows) if r.transport == "chunked" and r.flow)
    assert model.index(j, COLUMNS.index("status")).data() == "(failed)"
    assert model.index(j, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
