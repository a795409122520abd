"""The native APIs through the real page bridge (Node): sync calls return values (not Promises),
async ones call back or resolve, and the native UI state follows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backend_stub import EmbeddedStub
from simulator.metrics.timeline import RunTimeline
from simulator.page.host import PageHost, PageOptions
from simulator.page.origin import OriginMap
from simulator.wx import WxRuntime
from simulator.wx.native import NativeOptions
from simulator.wx.ui import events as ui
from tests.helpers.stubs import running_stub

PAGE = Path(__file__).parent / "pages" / "native_apis.js"
pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def stub() -> Iterator[EmbeddedStub]:
    with running_stub("ttft_ms=0,tps=400") as server:
        yield server


async def test_a_docs_style_page_runs_its_native_calls(stub: EmbeddedStub, tmp_path: Path) -> None:
    wx = WxRuntime(native=NativeOptions(storage_dir=tmp_path / "storage"))
    seen: list[ui.UiEvent] = []
    wx.ui.subscribe(seen.append)
    host = PageHost(
        PAGE, wx, OriginMap("http://localhost:8082", stub.base_url), PageOptions(idle_s=0.1)
    )
    try:
        await host.start()
        await host.send("hi", RunTimeline())
        lines = host.messages[0].content.splitlines()
    finally:
        await host.stop()
        await wx.aclose()
    assert lines == [
        "token: t-42",
        'missing: ""',
        "throws: setStorageSync:fail parameter error: parameter.key should be String instead "
        "of Number;",
        "system: ios 393 3.6.5",
        "window: 59",
        "modal: true showModal:ok",
        "net: wifi",
        "hide again: hideLoading:fail:toast can't be found",
        "async: t-42",
        "date: true 86400000 1970-01-01T00:00:00.000Z",
    ]
    kinds = [type(e) for e in seen]
    assert kinds[:3] == [ui.ToastShown, ui.NavigationBarChanged, ui.ModalOpened]
    assert ui.ToastHidden in kinds
    assert wx.ui.navigation_bar.title == "对方正在输入…"
    again = WxRuntime(native=NativeOptions(storage_dir=tmp_path / "storage"))
    try:
        assert again.getStorageSync("token") == "t-42"  # kept across runtimes
    finally:
        await again.aclose()


async def test_missing_platform_apis_warn_once_and_unknown_names_are_undefined(
    stub: EmbeddedStub,
) -> None:
    from simulator.page.host import PageLog

    wx = WxRuntime()
    logs: list[PageLog] = []
    host = PageHost(
        Path(__file__).parent / "pages" / "missing_names.js",
        wx,
        OriginMap("http://localhost:8082", stub.base_url),
        PageOptions(idle_s=0.1),
        on_log=logs.append,
    )
    try:
        await host.start()
        await host.send("hi", RunTimeline())  # raises PageRunFailed on any page error
        lines = host.messages[0].content.splitlines()
    finally:
        await host.stop()
        await wx.aclose()
    assert lines == [
        "typeof wx.TextDecoder: undefined",
        "'getLocation' in wx: true, 'fooBar' in wx: false",
        "calling a non-API: TypeError",
        "awaited: getLocation:fail not supported in simulator",
        "sync: undefined",
    ]
    warnings = [log.text for log in logs if log.level == "warn"]
    assert len([w for w in warnings if w.startswith("getLocation:fail")]) == 1  # once per API
    assert any(w.startswith("getBatteryInfoSync:fail") for w in warnings)
    assert any(w.startswith("onKeyboardHeightChange:fail") for w in warnings)
    assert not [log for log in logs if log.level == "page-error"]
