"""Failures on the real stub: the toast says what happened, the bubble keeps its text, and the
next message goes through."""

from __future__ import annotations

import socket

import pytest
from pytestqt.qtbot import QtBot

from backend_stub import EmbeddedStub
from simulator.ui.kit.tasks import spawn
from simulator.ui.phone.bubbles import USER_PREVIEW_CHARS, UserBubble
from simulator.ui.shell.app import AppParts, build_app, shutdown
from tests.ui.stub_app import (
    FAST,
    TIMEOUT_MS,
    app_settings,
    outcome_name,
    send_and_wait,
    stub_text,
    use,
)


def toast_text(parts: AppParts) -> str:
    toast = parts.window.phone.toast
    assert toast.isVisible()
    return toast.message


def next_send_works(qtbot: QtBot, parts: AppParts, stub: EmbeddedStub) -> None:
    use(parts, scenario=FAST)
    again = send_and_wait(qtbot, parts, "再来一次")
    assert outcome_name(again) == "ReplyCompleted", again.status.text()
    assert again.shown_text == stub_text(stub, again.run.outcome.reply_id)  # type: ignore[union-attr]


def closed_port() -> int:
    """A loopback port nothing listens on: bound, then closed (connecting is refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_backend_says_so_and_a_reachable_one_then_works(
    qtbot: QtBot, qloop: object, stub: EmbeddedStub
) -> None:
    parts = build_app(app_settings(f"http://127.0.0.1:{closed_port()}"), remember=False)
    qtbot.addWidget(parts.window)
    parts.window.show()
    try:
        use(parts, transport="chunked")
        bubble = send_and_wait(qtbot, parts, "有人吗")
        assert outcome_name(bubble) == "RunFailed"
        assert "cannot be reached" in toast_text(parts)
        assert "chunked: request:fail" in toast_text(parts)
        assert bubble.status.isVisible() and "Error" in bubble.status.text()
        # the user points the settings at a live backend: the next message goes through
        parts.window.settings_changed.emit(
            parts.window.settings.with_changes(backend_url=stub.base_url)
        )
        next_send_works(qtbot, parts, stub)
    finally:
        done = spawn(shutdown(parts), name="test-shutdown")
        qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)


def test_a_server_error_shows_its_status_and_reason(
    qtbot: QtBot, parts: AppParts, stub: EmbeddedStub
) -> None:
    use(parts, transport="chunked", scenario="status=500")
    bubble = send_and_wait(qtbot, parts, "出错吧")
    assert outcome_name(bubble) == "RunFailed"
    assert "500" in bubble.status.text()
    toast = toast_text(parts)
    assert "answered with an error" in toast and "HTTP 500" in toast
    next_send_works(qtbot, parts, stub)


def test_a_dropped_stream_keeps_the_text_received_so_far(
    qtbot: QtBot, parts: AppParts, stub: EmbeddedStub
) -> None:
    use(parts, transport="chunked", scenario=f"{FAST},drop_after=6")
    bubble = send_and_wait(qtbot, parts, "中途断开")
    assert outcome_name(bubble) == "RunFailed", bubble.status.text()
    received = bubble.run.received_text
    assert received and bubble.shown_text == received  # the partial reply stays on screen
    assert bubble.status.isVisible()
    toast = toast_text(parts)
    assert "dropped" in toast and f"{len(received)} characters received so far" in toast
    next_send_works(qtbot, parts, stub)


def test_a_dropped_socket_is_resumed_and_the_page_says_so(
    qtbot: QtBot, parts: AppParts, stub: EmbeddedStub
) -> None:
    use(parts, transport="websocket", scenario=f"{FAST},drop_after=6")
    bubble = send_and_wait(qtbot, parts, "断了再续")
    assert outcome_name(bubble) == "ReplyCompleted", bubble.status.text()
    assert bubble.shown_text == stub_text(stub, bubble.run.outcome.reply_id)  # type: ignore[union-attr]
    assert bubble.notice.isVisible() and "resuming" in bubble.notice.text()


@pytest.mark.parametrize(
    ("transport", "what"),
    [
        ("websocket", "malformed frame ignored"),  # truncated JSON in the envelope framing
        ("chunked", "malformed"),  # bytes FF FE: invalid UTF-8 in a text/plain body
    ],
)
def test_a_malformed_frame_is_skipped_and_reported(
    qtbot: QtBot, parts: AppParts, stub: EmbeddedStub, transport: str, what: str
) -> None:
    use(parts, transport=transport, scenario=f"{FAST},malformed_at=3")
    bubble = send_and_wait(qtbot, parts, "坏帧")
    assert outcome_name(bubble) == "ReplyCompleted", bubble.status.text()
    # everything around the bad frame still reaches the page, nothing garbled in between
    assert bubble.shown_text == stub_text(stub, bubble.run.outcome.reply_id)  # type: ignore[union-attr]
    assert "\ufffd" not in bubble.shown_text
    assert bubble.notice.isVisible() and what in bubble.notice.text()
    assert not parts.window.phone.toast.isVisible()  # a note, not an error: no toast over it
    next_send_works(qtbot, parts, stub)


def test_a_megabyte_paste_is_sent_whole_and_the_413_is_explained(
    qtbot: QtBot, parts: AppParts, stub: EmbeddedStub
) -> None:
    use(parts, transport="chunked")
    huge = "长" * (1024 * 1024 // 3)  # 1 MiB of UTF-8
    bubble = send_and_wait(qtbot, parts, huge)
    assert bubble.run.prompt == huge  # nothing cut on the way: the backend decides
    assert parts.window.phone.input_bar.edit.toPlainText() == ""
    user = [w for w in parts.window.phone.chat.findChildren(UserBubble)][-1]
    assert len(user.label.text()) < USER_PREVIEW_CHARS + 60  # the bubble shows the start only
    assert outcome_name(bubble) == "RunFailed"
    toast = toast_text(parts)
    assert "too large" in toast and "HTTP 413" in toast and "body_too_large" in toast
    assert "413" in bubble.status.text()
    next_send_works(qtbot, parts, stub)
