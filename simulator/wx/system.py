"""`getSystemInfo[Sync]`, `getWindowInfo`, `getDeviceInfo`, `getAppBaseInfo` from a device preset.

One table of presets (add a phone = add a row). Screen sizes are CSS points, what a
mini-program lays out against. Field names and the value sets (`platform`: ios / android /
windows / mac / devtools) are the typings' (miniprogram-api-typings WindowInfo, DeviceInfo,
AppBaseInfo, SystemInfo). Status-bar heights and safe areas are the phones' own (iOS: 20 pt
without a notch, 47 with one, 59 with the Dynamic Island; 34 pt home indicator); the DevTools
row is what DevTools reports for its default "iPhone 6/7/8" simulator. The PC row is our
choice (PC WeChat opens mini-programs in a phone-sized window; its figures are not published).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

OsPlatform = Literal["ios", "android", "windows", "mac", "devtools", "ohos"]

NAV_BAR_HEIGHT = {"ios": 44, "android": 48}
"""The default navigation bar under the status bar (iOS 44 pt, Android 48 dp)."""
TAB_BAR_HEIGHT = 50
"""A native tabBar (without the home-indicator inset)."""


@dataclass(frozen=True, slots=True)
class DevicePreset:
    name: str
    brand: str
    model: str
    platform: OsPlatform
    system: str
    screen_width: int
    screen_height: int
    pixel_ratio: float
    status_bar_height: int
    bottom_inset: int = 0
    """Home-indicator area at the bottom, outside the safe area."""
    memory_size: str = "4096"
    benchmark_level: int = 30
    """`benchmarkLevel`: -2/0 unknown, -1 low, 1-50 performance (higher = faster)."""

    @property
    def nav_bar_height(self) -> int:
        return NAV_BAR_HEIGHT["android" if self.platform == "android" else "ios"]


DEVICE_PRESETS: dict[str, DevicePreset] = {
    p.name: p
    for p in (
        DevicePreset("iPhone 15", "iPhone", "iPhone 15<iPhone15,4>", "ios", "iOS 17.5",
                     393, 852, 3.0, 59, 34, "6144", 45),
        DevicePreset("iPhone 13", "iPhone", "iPhone 13<iPhone14,5>", "ios", "iOS 16.6",
                     390, 844, 3.0, 47, 34, "4096", 40),
        DevicePreset("iPhone SE", "iPhone", "iPhone SE (2nd generation)<iPhone12,8>", "ios",
                     "iOS 16.6", 375, 667, 2.0, 20, 0, "3072", 35),
        DevicePreset("Android (mid-range)", "Xiaomi", "Redmi Note 12", "android",
                     "Android 13", 360, 800, 3.0, 32, 0, "8192", 20),
        DevicePreset("Pixel 7", "google", "Pixel 7", "android", "Android 14",
                     412, 915, 2.625, 24, 0, "8192", 30),
        DevicePreset("PC", "microsoft", "microsoft", "windows", "Windows 10 x64",
                     414, 736, 1.0, 0, 0, "16384", -2),
        DevicePreset("devtools", "devtools", "iPhone 6/7/8", "devtools", "iOS 10.0.1",
                     375, 667, 2.0, 20, 0, "2048", 1),
    )
}  # fmt: skip
"""Keyed by name; the first three names match the window's phone presets."""

DEFAULT_PRESET = {"device": "iPhone 15", "devtools": "devtools", "pc": "PC"}
"""The preset each `WxConfig.platform` starts with."""


@dataclass(frozen=True, slots=True)
class AppInfo:
    """What `getAppBaseInfo` says about the host app and the user's settings."""

    sdk_version: str = "3.6.5"
    wechat_version: str = "8.0.50"
    language: str = "zh_CN"
    theme: Literal["light", "dark"] = "light"
    font_size_setting: int = 16
    enable_debug: bool = False


def window_info(
    preset: DevicePreset, *, custom_navigation: bool = False, tab_bar: bool = False
) -> dict[str, Any]:
    """`wx.getWindowInfo()`: the page's window is the screen minus the status bar and the
    navigation bar (unless `navigationStyle: custom`) and the tab bar on a tab page."""
    height = preset.screen_height
    if not custom_navigation:
        height -= preset.status_bar_height + preset.nav_bar_height
    if tab_bar:
        height -= TAB_BAR_HEIGHT + preset.bottom_inset
    top = preset.status_bar_height
    bottom = preset.screen_height - preset.bottom_inset
    return {
        "pixelRatio": preset.pixel_ratio,
        "screenWidth": preset.screen_width,
        "screenHeight": preset.screen_height,
        "windowWidth": preset.screen_width,
        "windowHeight": height,
        "statusBarHeight": preset.status_bar_height,
        "safeArea": {
            "left": 0,
            "right": preset.screen_width,
            "top": top,
            "bottom": bottom,
            "width": preset.screen_width,
            "height": bottom - top,
        },
        "screenTop": preset.screen_height - height if not custom_navigation else 0,
    }


def device_info(preset: DevicePreset) -> dict[str, Any]:
    """`wx.getDeviceInfo()`."""
    abi = "arm64" if preset.platform in ("ios", "android") else "x86_64"
    return {
        "abi": abi,
        "deviceAbi": abi,
        "benchmarkLevel": preset.benchmark_level,
        "brand": preset.brand,
        "model": preset.model,
        "system": preset.system,
        "platform": preset.platform,
        "cpuType": "unknown",
        "memorySize": preset.memory_size,
    }


def app_base_info(app: AppInfo) -> dict[str, Any]:
    """`wx.getAppBaseInfo()`."""
    return {
        "SDKVersion": app.sdk_version,
        "enableDebug": app.enable_debug,
        "host": {"appId": "wx_host_wechat"},
        "language": app.language,
        "version": app.wechat_version,
        "theme": app.theme,
        "fontSizeSetting": app.font_size_setting,
        "fontSizeScaleFactor": 1,
    }


def system_info(
    preset: DevicePreset,
    app: AppInfo,
    *,
    custom_navigation: bool = False,
    tab_bar: bool = False,
) -> dict[str, Any]:
    """`wx.getSystemInfoSync()` (deprecated by the platform in favour of the four above,
    still the most used): their union plus the authorisation switches, all granted."""
    info: dict[str, Any] = {}
    info.update(device_info(preset))
    info.update(window_info(preset, custom_navigation=custom_navigation, tab_bar=tab_bar))
    info.update(app_base_info(app))
    info.pop("screenTop", None)
    info.pop("fontSizeScaleFactor", None)
    info.update(
        {
            "deviceOrientation": "portrait",
            "albumAuthorized": True,
            "cameraAuthorized": True,
            "locationAuthorized": True,
            "microphoneAuthorized": True,
            "notificationAuthorized": True,
            "notificationAlertAuthorized": True,
            "notificationBadgeAuthorized": True,
            "notificationSoundAuthorized": True,
            "phoneCalendarAuthorized": True,
            "bluetoothEnabled": True,
            "locationEnabled": True,
            "wifiEnabled": True,
            "locationReducedAccuracy": False,
        }
    )
    return info


def menu_button_rect(preset: DevicePreset) -> dict[str, int]:
    """`wx.getMenuButtonBoundingClientRect()`: the capsule (87×32, 7 pt from the right edge,
    centred in the navigation bar), what custom navigation bars align against."""
    width, height = 87, 32
    right = preset.screen_width - 7
    top = preset.status_bar_height + (preset.nav_bar_height - height) // 2
    return {
        "width": width,
        "height": height,
        "top": top,
        "right": right,
        "bottom": top + height,
        "left": right - width,
    }
