"""Page mode in the real window: the seed page streams into the bubbles; errors do not hurt."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from backend_stub import EmbeddedStub
from backend_stub.llm.fake_llm import plan_reply
from backend_stub.scenario import Scenario
from simulator.page.host import TRANSPORT_NAME, PageOptions
from simulator.session.flow_book import WINDOW_FLOW_EVENTS
from simulator.ui.kit.tasks import spawn
from simulator.ui.shell.app import AppParts
from simulator.ui.shell.page_mode import PageMode, ReplyBubble, install_page_mode
from tests.helpers.waits import qt_quiet_for
from tests.ui.stub_app import TIMEOUT_MS

ROOT = Path(__file__).resolve().parents[2]
PAGES = Path(__file__).parent / "pages"


def send(app: AppParts, text: str) -> None:
    bar = app.window.phone.input_bar
    bar.edit.setPlainText(text)
    bar.send_button.click()


def stop(qtbot: QtBot, mode: PageMode) -> None:
    done = spawn(mode.stop(), name="test-page-stop")
    qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)
    done.result()


def test_seed_page_streams_into_the_window(
    qtbot: QtBot,
    parts: AppParts,
    stub: EmbeddedStub,
) -> None:
    mode = install_page_mode(
        parts, ROOT / "examples" / "pages" / "seed-chat.ts",
        PageOptions(query=(("strategy", "websocket"),)),
    )  # fmt: skip
    qtbot.waitUntil(
        lambda: mode.host is not None and mode.host.style == "module", timeout=TIMEOUT_MS
    )
    send(parts, "你好")
    expected = plan_reply("你好", Scenario(), stub.config.seed).text
    qtbot.waitUntil(lambda: not mode.busy and len(mode._shown) == 2, timeout=TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: isinstance(w := mode._shown[-1][1], ReplyBubble) and w.label.text() == expected,
        timeout=TIMEOUT_MS,
    )
    assert "loaded in" in mode.console.toPlainText()
    # the page's own runtime, from the window session's settings; its flows in the network log
    assert mode.host is not None
    # (keeping each flow's events, as every runtime of the window's session does, for the panel)
    config = replace(parts.backend.settings.wx_config(), flow_events=WINDOW_FLOW_EVENTS)
    assert mode.host.wx.config == config
    log = parts.window.network_log.model.rows
    assert any(row.transport == TRANSPORT_NAME and row.kind != "note" for row in log)
    assert any(f.lane == TRANSPORT_NAME for f in parts.backend.flows())  # the same records
    stop(qtbot, mode)


def test_errors_show_in_the_page_console_with_file_and_line(
    qtbot: QtBot,
    parts: AppParts,
) -> None:
    mode = install_page_mode(parts, PAGES / "syntax_error.js")
    qtbot.waitUntil(lambda: "syntax_error.js:4" in mode.console.toPlainText(), timeout=TIMEOUT_MS)
    mode.open(PAGES / "runaway.js")  # a runaway page is stopped; the window keeps going
    qtbot.waitUntil(
        lambda: mode.host is not None and mode.host.style is not None, timeout=TIMEOUT_MS
    )
    send(parts, "go")
    qtbot.waitUntil(lambda: "CPU limit" in mode.console.toPlainText(), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: not mode.busy, timeout=TIMEOUT_MS)
    stop(qtbot, mode)


def test_set_data_flood_paints_once_per_frame(
    qtbot: QtBot,
    parts: AppParts,
) -> None:
    mode = install_page_mode(parts, PAGES / "flood.js")
    qtbot.waitUntil(
        lambda: mode.host is not None and mode.host.style is not None, timeout=TIMEOUT_MS
    )
    paints = 0
    paint = mode._paint

    def counted() -> None:
        nonlocal paints
        paints += mode._latest is not None
        paint()

    mode._frame.timeout.disconnect(mode._paint)
    mode._frame.timeout.connect(counted)
    send(parts, "go")
    qtbot.waitUntil(lambda: not mode.busy, timeout=TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: (
            bool(mode._shown)
            and isinstance(w := mode._shown[0][1], ReplyBubble)
            and w.label.text() == "n=10000"
        ),
        timeout=TIMEOUT_MS,
    )
    assert mode.host is not None and mode.host.set_data_calls == 10000
    assert 0 < paints <= mode.host.renders < 100
    stop(qtbot, mode)


def test_editing_the_file_reloads_the_page(
    qtbot: QtBot,
    parts: AppParts,
    tmp_path: Path,
) -> None:
    page = tmp_path / "page.js"
    page.write_text((PAGES / "no_set_data.js").read_text(encoding="utf-8"), encoding="utf-8")
    mode = install_page_mode(parts, page)
    qtbot.waitUntil(lambda: "page.js loaded" in mode.console.toPlainText(), timeout=TIMEOUT_MS)
    first = mode.host
    page.write_text("Page({ data: { messages: [] }, onSend() {} });\n", encoding="utf-8")
    qtbot.waitUntil(
        lambda: mode.console.toPlainText().count("page.js loaded") == 2, timeout=TIMEOUT_MS
    )
    assert "page.js changed: reloading" in mode.console.toPlainText()
    assert mode.host is not first
    stop(qtbot, mode)


def test_a_backend_change_reloads_the_page_on_the_new_backend(
    qtbot: QtBot,
    parts: AppParts,
    stub: EmbeddedStub,
) -> None:
    mode = install_page_mode(parts, PAGES / "no_set_data.js")
    qtbot.waitUntil(lambda: mode.host is not None and mode.host.style is not None,
                    timeout=TIMEOUT_MS)  # fmt: skip
    assert mode.host is not None and mode.host.origin.backend_url == stub.base_url
    first = mode.host
    closed = "http://127.0.0.1:1"
    parts.window.settings_changed.emit(parts.window.settings.with_changes(backend_url=closed))
    qtbot.waitUntil(lambda: mode.host is not None and mode.host is not first
                    and mode.host.style is not None, timeout=TIMEOUT_MS)  # fmt: skip
    assert mode.host is not None and mode.host.origin.backend_url == closed
    assert mode.profile is not None and mode.profile.base_url == closed
    # a view-only change keeps the page as it is
    host = mode.host
    parts.window.settings_changed.emit(parts.window.settings.with_changes(typewriter_cps=99))
    qt_quiet_for(qtbot, 0.1)  # no reload comes
    assert mode.host is host
    stop(qtbot, mode)


def test_a_page_that_does_not_load_says_so_in_the_phone_once(
    qtbot: QtBot,
    parts: AppParts,
) -> None:
    shown: list[str] = []
    toast = parts.window.phone.toast
    real = toast.show_message

    def show(text: str) -> None:
        shown.append(text)
        real(text)

    toast.show_message = show  # type: ignore[method-assign]
    mode = install_page_mode(parts, PAGES / "syntax_error.js")
    qtbot.waitUntil(lambda: mode.load_error is not None, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: "syntax_error.js:4" in mode.console.toPlainText(), timeout=TIMEOUT_MS)
    assert mode.console.toPlainText().count("Unexpected token") == 2  # message and stack: once
    assert len(shown) == 1 and "SyntaxError" in shown[0]
    send(parts, "hi")
    assert len(shown) == 2 and "SyntaxError" in shown[1] and toast.isVisible()
    assert not mode.busy
    stop(qtbot, mode)


def test_page_mode_turns_off_the_transport_picker_and_retranslates_live(
    qtbot: QtBot,
    parts: AppParts,
) -> None:
    window = parts.window
    mode = install_page_mode(parts, None)  # the window's normal mode: no page controls yet
    assert window.transport_box.isEnabled() and window.race_button.isEnabled()
    assert not any(a.isVisible() for a in mode._page_actions)
    assert window.tabs.indexOf(mode.console) == -1
    window.race_button.setChecked(True)
    mode.open(PAGES / "no_set_data.js")
    assert all(a.isVisible() for a in mode._page_actions)
    assert not window.transport_box.isEnabled() and not window.race_button.isEnabled()
    assert not window.race_button.isChecked() and window.stack.currentIndex() == 0
    assert window.transport_box.toolTip() == "The page picks its own transport"
    qtbot.waitUntil(lambda: mode.host is not None and mode.host.style is not None,
                    timeout=TIMEOUT_MS)  # fmt: skip
    try:
        parts.translations.set_language("zh")
        tab = window.tabs.indexOf(mode.console)
        qtbot.waitUntil(lambda: mode.open_button.text() == "打开页面…", timeout=TIMEOUT_MS)
        assert mode.reload_button.text() == "重新加载页面"
        assert window.tabs.tabText(tab) == "页面控制台"
        assert "传输" in window.transport_box.toolTip()
    finally:
        parts.translations.set_language("en")
    qtbot.waitUntil(lambda: mode.open_button.text() == "Page…", timeout=TIMEOUT_MS)
    stop(qtbot, mode)


def test_the_picked_scenario_reaches_the_pages_own_requests(
    qtbot: QtBot,
    parts: AppParts,
    stub: EmbeddedStub,
) -> None:
    from backend_stub.state import parse_scenario
    from tests.ui.stub_app import use

    mode = install_page_mode(
        parts, ROOT / "examples" / "pages" / "seed-chat.ts",
        PageOptions(query=(("strategy", "download"),)),
    )  # fmt: skip
    qtbot.waitUntil(
        lambda: mode.host is not None and mode.host.style == "module", timeout=TIMEOUT_MS
    )
    # a reply of exactly 7 characters, only if the scenario arrived (on a request made after
    # the pick: a socket opened before keeps the scenario it connected with)
    spec = "ttft_ms=0,tps=400,length=7"
    use(parts, scenario=spec)
    qtbot.waitUntil(lambda: parts.backend.settings.scenario == spec, timeout=TIMEOUT_MS)
    send(parts, "你好")
    expected = plan_reply("你好", parse_scenario(spec), stub.config.seed).text
    assert len(expected) == 7
    qtbot.waitUntil(lambda: not mode.busy and len(mode._shown) == 2, timeout=TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: isinstance(w := mode._shown[-1][1], ReplyBubble) and w.label.text() == expected,
        timeout=TIMEOUT_MS,
    )
    stop(qtbot, mode)
