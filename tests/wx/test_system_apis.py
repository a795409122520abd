"""System/window/device/app info from presets, network type and its changes, clipboard,
vibration, app show/hide, launch options, login."""

from __future__ import annotations

import re

import pytest

from simulator.wx import NETWORK_PROFILES, CallFailed, WxConfig
from simulator.wx.system import DEVICE_PRESETS
from simulator.wx.ui import events as ui
from tests.wx.conftest import Calls, MakeNative


@pytest.mark.parametrize("name", list(DEVICE_PRESETS))
async def test_every_preset_gives_consistent_info(make_native: MakeNative, name: str) -> None:
    wx = make_native(device=name)
    preset = DEVICE_PRESETS[name]
    info = wx.getSystemInfoSync()
    window = wx.getWindowInfo()
    assert info["platform"] == wx.getDeviceInfo()["platform"] == preset.platform
    assert info["screenWidth"] == window["windowWidth"] == preset.screen_width
    assert window["windowHeight"] == (
        preset.screen_height - preset.status_bar_height - preset.nav_bar_height
    )
    area = window["safeArea"]
    assert area["top"] == preset.status_bar_height
    assert area["height"] == area["bottom"] - area["top"]
    assert info["SDKVersion"] == wx.getAppBaseInfo()["SDKVersion"] == "3.6.5"
    capsule = wx.getMenuButtonBoundingClientRect()
    assert capsule["right"] < preset.screen_width and capsule["top"] >= preset.status_bar_height


async def test_platform_picks_its_preset_and_sdk_follows_the_base_library(
    make_native: MakeNative, tmp_path: object
) -> None:
    devtools = make_native(WxConfig(platform="devtools", base_library_version="2.32.3"))
    info = devtools.getSystemInfoSync()
    assert (info["platform"], info["brand"], info["model"]) == (
        "devtools",
        "devtools",
        "iPhone 6/7/8",
    )
    assert info["SDKVersion"] == "2.32.3"
    assert make_native().getDeviceInfo()["platform"] == "ios"  # the phone is the default
    assert make_native(WxConfig(platform="pc")).getDeviceInfo()["platform"] == "windows"


async def test_custom_navigation_and_tab_page_change_the_window(make_native: MakeNative) -> None:
    preset = DEVICE_PRESETS["iPhone 13"]
    custom = make_native(device="iPhone 13", custom_navigation=True)
    assert custom.getWindowInfo()["windowHeight"] == preset.screen_height
    tabbed = make_native(device="iPhone 13")
    tabbed.ui.configure_tab_bar(2)
    tabbed.ui.set_current_page(1, tab_index=0)
    assert tabbed.getWindowInfo()["windowHeight"] == 844 - 47 - 44 - 50 - 34


async def test_get_system_info_async_forms(make_native: MakeNative) -> None:
    wx = make_native()
    res = await wx.getSystemInfo()
    assert res["errMsg"] == "getSystemInfo:ok" and res["windowWidth"] == 393
    calls = Calls()
    wx.getSystemInfoAsync(**calls.outcome())
    await calls.finished()
    assert calls.first("success")["errMsg"] == "getSystemInfoAsync:ok"


@pytest.mark.parametrize(
    ("profile", "expected", "weak"),
    [("none", "wifi", False), ("wifi", "wifi", False), ("4g", "4g", False), ("3g", "3g", False),
     ("2g", "2g", True), ("offline", "none", True)],
)  # fmt: skip
async def test_network_type_follows_the_profile(
    make_native: MakeNative, profile: str, expected: str, weak: bool
) -> None:
    wx = make_native(WxConfig(network=NETWORK_PROFILES[profile]))
    res = await wx.getNetworkType()
    assert (res["networkType"], res["weakNet"], res["errMsg"]) == (
        expected,
        weak,
        "getNetworkType:ok",
    )


async def test_network_status_change_fires_after_a_switch(make_native: MakeNative) -> None:
    wx = make_native()
    calls = Calls()
    heard = calls.cb("complete")
    wx.onNetworkStatusChange(heard)
    wx.simulate_network_change(NETWORK_PROFILES["offline"])
    assert calls.log == []  # later, not inside the switch
    await calls.finished()
    assert calls.log == [("complete", {"isConnected": False, "networkType": "none"})]
    wx.offNetworkStatusChange(heard)
    wx.simulate_network_change(NETWORK_PROFILES["4g"])
    assert (await wx.getNetworkType())["networkType"] == "4g"
    assert len(calls.log) == 1


async def test_clipboard_round_trip_and_its_toast(make_native: MakeNative) -> None:
    wx = make_native()
    assert await wx.setClipboardData(data="复制这段") == {"errMsg": "setClipboardData:ok"}
    assert wx.ui.toast is not None and wx.ui.toast.title == "内容已复制"
    assert await wx.getClipboardData() == {"data": "复制这段", "errMsg": "getClipboardData:ok"}
    with pytest.raises(CallFailed) as failed:
        await wx.setClipboardData(data=5)
    assert "parameter.data should be String instead of Number" in failed.value.res["errMsg"]


async def test_vibrations_are_observable(make_native: MakeNative) -> None:
    wx = make_native()
    seen: list[ui.UiEvent] = []
    wx.ui.subscribe(seen.append)
    await wx.vibrateShort(type="light")
    await wx.vibrateLong()
    assert seen == [ui.Vibrated(False, "light"), ui.Vibrated(True, "")]
    with pytest.raises(CallFailed):
        await wx.vibrateShort(type="strong")


async def test_app_hide_and_show_call_listeners_once_per_change(make_native: MakeNative) -> None:
    from simulator.wx.native import LaunchOptions

    wx = make_native(launch=LaunchOptions(path="pages/chat/index", query={"room": "1"}))
    calls = Calls()
    wx.onAppHide(calls.cb("hide"))
    wx.onAppShow(calls.cb("complete"))
    wx.simulate_app_hide()
    wx.simulate_app_hide()  # already hidden: no second onAppHide
    assert not wx.app_visible
    wx.simulate_app_show()
    await calls.finished()
    assert calls.names == ["hide", "complete"]
    shown = calls.first("complete")
    assert (shown["path"], shown["query"], shown["scene"]) == (
        "pages/chat/index",
        {"room": "1"},
        1001,
    )
    assert wx.getLaunchOptionsSync() == wx.getEnterOptionsSync() == shown


async def test_login_gives_a_platform_shaped_code(make_native: MakeNative) -> None:
    wx = make_native()
    first, second = await wx.login(), await wx.login()
    assert re.fullmatch(r"[A-Za-z0-9]{32}", first["code"]) and first["errMsg"] == "login:ok"
    assert first["code"] != second["code"]
    assert (await wx.checkSession()) == {"errMsg": "checkSession:ok"}
    offline = make_native(WxConfig(network=NETWORK_PROFILES["offline"]))
    with pytest.raises(CallFailed) as failed:
        await offline.login()
    assert failed.value.res["errMsg"] == "login:fail network is down"
