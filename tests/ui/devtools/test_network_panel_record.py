"""One flow record, two views: the panel's rows and the HAR are the session's very flows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from simulator.har import build_har
from simulator.ui.kit.tasks import spawn
from simulator.ui.shell.parts import AppParts
from simulator.wx.flows import Flow
from tests.ui.stub_app import TIMEOUT_MS, send_and_wait, use


def _comparable(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """HAR entries without their wall-clock dates (each export reads the clock anew)."""
    out = []
    for entry in entries:
        entry = {k: v for k, v in entry.items() if k != "startedDateTime"}
        if "_webSocketMessages" in entry:
            entry["_webSocketMessages"] = [
                {k: v for k, v in m.items() if k != "time"} for m in entry["_webSocketMessages"]
            ]
        out.append(entry)
    return out


def qtbot_run(qtbot: QtBot, coro: Any) -> Any:
    """Run `coro` on the window's loop and wait for its result (the test stays sync)."""
    task = spawn(coro, name="test-step")
    qtbot.waitUntil(task.done, timeout=TIMEOUT_MS)
    return task.result()


def _panel_flows(parts: AppParts) -> list[Flow]:
    return [r.flow for r in parts.window.network_log.model.rows if r.flow is not None]


def test_the_panel_shows_exactly_the_session_s_records_and_its_har_is_theirs(
    qtbot: QtBot, parts: AppParts, tmp_path: Path
) -> None:
    session = parts.backend
    assert session.lanes() == []  # the panel subscribed before any lane existed
    for transport in ("chunked", "websocket"):
        use(parts, transport=transport)
        send_and_wait(qtbot, parts, f"{transport} 你好")
    # a page's runtime: a lane made outside the window's runs, after the panel subscribed
    page = session.new_runtime("page")
    done = qtbot_run(qtbot, session.run("sync", session.message("页"), lambda e: None, wx=page))
    assert type(done).__name__ == "ReplyCompleted"
    assert session.lanes() == ["chunked", "websocket", "page"]

    records = session.flows()
    shown = _panel_flows(parts)
    assert len(shown) == len(records) >= 3
    assert all(a is b for a, b in zip(shown, records, strict=True))  # the records, not copies
    assert {f.lane for f in shown} == {"chunked", "websocket", "page"}
    log = parts.window.network_log
    path = tmp_path / "panel.har"
    assert log.export_har(path) == len(records)
    panel_har = json.loads(path.read_text(encoding="utf-8"))["log"]["entries"]
    session_har = build_har(records)["log"]["entries"]
    assert _comparable(panel_har) == _comparable(session_har)

    # clearing the panel empties the view; the session's record (and its HAR) stays whole
    log.clear_button.click()
    assert log.model.rowCount() == 0 and log.export_har(tmp_path / "empty.har") == 0
    assert all(a is b for a, b in zip(session.flows(), records, strict=True))
    assert _comparable(build_har(session.flows())["log"]["entries"]) == _comparable(session_har)
    use(parts, transport="chunked")
    send_and_wait(qtbot, parts, "又一次")
    after = [f for f in session.flows() if not any(f is r for r in records)]
    assert after and all(a is b for a, b in zip(_panel_flows(parts), after, strict=True))
    assert len(_panel_flows(parts)) == len(after)
    qtbot_run(qtbot, page.aclose())
