"""The non-network wx APIs a chat page calls: storage, system/window/device/app info, network
type, clipboard, vibration, app show/hide, launch options, login — plus the UI ones of
`simulator.wx.ui.apis`. A mixin of `WxRuntime`; `NativeOptions` configures it.

Async forms call back on a later loop turn (success, then complete); `*Sync` forms return
the value or raise `WxError` whose `str()` is the platform's errMsg (the page bridge throws
it as an `Error`).
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.wx.apicall import MISSING, WxApi, WxSyncApi, need_str, param_error
from simulator.wx.callbacks import Callback, Listeners
from simulator.wx.errors import NetworkError, WxError
from simulator.wx.storage import DATA_NOT_FOUND, Storage, check_key
from simulator.wx.system import (
    DEFAULT_PRESET,
    DEVICE_PRESETS,
    AppInfo,
    DevicePreset,
    app_base_info,
    device_info,
    menu_button_rect,
    system_info,
    window_info,
)
from simulator.wx.ui.apis import UiApis
from simulator.wx.ui.state import AutoAnswers, NativeUi
from simulator.wx.ui.view import ViewCommands

COPIED = "内容已复制"
"""The toast the platform shows after `setClipboardData` succeeds."""
_CODE_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True, slots=True)
class LaunchOptions:
    """`getLaunchOptionsSync()` / `getEnterOptionsSync()` and `onAppShow`'s argument."""

    path: str = ""
    query: dict[str, str] = field(default_factory=dict)
    scene: int = 1001
    """1001: opened from the chat list's "recently used" pull-down (the usual scene)."""
    referrer_info: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "query": dict(self.query),
            "scene": self.scene,
            "referrerInfo": dict(self.referrer_info),
            "forwardMaterials": [],
            "apiCategory": "default",
        }


def random_login_code() -> str:
    """A code shaped like the platform's (32 letters and digits). Made locally: the stub has
    no login endpoint yet, so a backend cannot exchange it (code2Session)."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(32))


@dataclass(frozen=True, slots=True)
class NativeOptions:
    """How the native APIs behave; every default suits a headless run."""

    storage_dir: Path | None = None
    """The project's storage folder (`storage.project_storage_dir`); None = memory only."""
    device: str | None = None
    """A `DEVICE_PRESETS` name; None = the preset of `WxConfig.platform`."""
    app: AppInfo | None = None
    """None = defaults with `SDKVersion` = the configured base library version."""
    answers: AutoAnswers = field(default_factory=AutoAnswers)
    """Automatic modal / action-sheet answers; the window passes `AutoAnswers(None, …, None)`."""
    launch: LaunchOptions = field(default_factory=LaunchOptions)
    custom_navigation: bool = False
    """app.json `window.navigationStyle: "custom"`: the window info has no navigation bar."""
    view: ViewCommands | None = None
    """pageScrollTo / createSelectorQuery go here; the project host sets it (`attach_view`)."""
    login_code: Callable[[], str] = random_login_code


class NativeApis(UiApis):
    """Mixed into `WxRuntime` (which calls `_init_native` and `_close_native`)."""

    storage: Storage
    device: DevicePreset
    app_info: AppInfo
    native: NativeOptions
    app_visible: bool

    def _init_native(self, options: NativeOptions) -> None:
        self.native = options
        self.storage = Storage(options.storage_dir)
        name = options.device or DEFAULT_PRESET[self.config.platform]
        self.device = DEVICE_PRESETS[name]
        self.app_info = options.app or AppInfo(sdk_version=self.config.base_library_version)
        host = self._host  # the closure must not hold the runtime (no reference cycle)
        self.ui = NativeUi(lambda: host.loop, options.answers)
        self.view = options.view
        self.app_visible = True
        self._enter = options.launch
        self._app_show = Listeners()
        self._app_hide = Listeners()
        self._network_status = Listeners()

    def _close_native(self) -> None:
        self.ui.close()
        self.storage.close()

    def attach_view(self, view: ViewCommands | None) -> None:
        """The project host's view commands (pageScrollTo, createSelectorQuery)."""
        self.view = view

    # -- storage: handlers (parameters = the API's options), then the rows ------------------
    def _set(self, key: Any = MISSING, data: Any = MISSING, encrypt: bool = False) -> None:
        """Written at once (later reads see it); the callbacks follow on the next turn."""
        # data left out is stored as undefined would be: JSON.stringify gives nothing → ""
        self.storage.set(key, "" if data is MISSING else data)

    def _get(self, key: Any = MISSING, encrypt: bool = False) -> Any:
        """A missing key fails "getStorage:fail data not found" (iOS's text)."""
        if check_key(key) not in self.storage:
            raise WxError(DATA_NOT_FOUND)
        return self.storage.get(key)

    def _get_or_empty(self, key: Any = MISSING) -> Any:
        """A missing key gives "" (no exception), as on the platform."""
        return self.storage.get(key) if check_key(key) in self.storage else ""

    def _remove(self, key: Any = MISSING) -> None:
        """Removing a missing key succeeds."""
        self.storage.remove(key)

    def _clear(self) -> None:
        self.storage.clear()

    def _info(self) -> dict[str, Any]:
        """`{keys, currentSize, limitSize}`, sizes in KB."""
        return self.storage.info()

    def _set_many(self, kvList: Any = MISSING) -> None:
        """`kvList: [{key, value}]`, written all or nothing (our choice: the doc is silent)."""
        if not isinstance(kvList, list) or not all(isinstance(kv, dict) for kv in kvList):
            raise param_error("kvList", "Array", kvList)
        self.storage.set_many([(kv.get("key", MISSING), kv.get("value", "")) for kv in kvList])

    def _get_many(self, keyList: Any = MISSING) -> list[Any]:
        """`success({dataList})`, "" for a missing key (as getStorageSync gives)."""
        if not isinstance(keyList, list):
            raise param_error("keyList", "Array", keyList)
        return [self.storage.get(k) if check_key(k) in self.storage else "" for k in keyList]

    setStorage = WxApi(_set)
    setStorageSync = WxSyncApi(_set)
    getStorage = WxApi(_get, result="data")
    getStorageSync = WxSyncApi(_get_or_empty)
    removeStorage = WxApi(_remove)
    removeStorageSync = WxSyncApi(_remove)
    clearStorage = WxApi(_clear)
    clearStorageSync = WxSyncApi(_clear)
    getStorageInfo = WxApi(_info)
    getStorageInfoSync = WxSyncApi(_info)
    batchSetStorage = WxApi(_set_many)
    batchSetStorageSync = WxSyncApi(_set_many)
    batchGetStorage = WxApi(_get_many, result="dataList")
    batchGetStorageSync = WxSyncApi(_get_many)

    # -- system ------------------------------------------------------------------------------
    def getWindowInfo(self) -> dict[str, Any]:
        return window_info(
            self.device,
            custom_navigation=self.native.custom_navigation,
            tab_bar=self.ui.tab_index is not None,
        )

    def getDeviceInfo(self) -> dict[str, Any]:
        return device_info(self.device)

    def getAppBaseInfo(self) -> dict[str, Any]:
        return app_base_info(self.app_info)

    def getSystemInfoSync(self) -> dict[str, Any]:
        return system_info(
            self.device,
            self.app_info,
            custom_navigation=self.native.custom_navigation,
            tab_bar=self.ui.tab_index is not None,
        )

    def _system_info(self) -> dict[str, Any]:
        return self.getSystemInfoSync()

    getSystemInfo = WxApi(_system_info)
    getSystemInfoAsync = WxApi(_system_info, promise=False)  # the typings give it no Promise

    def getMenuButtonBoundingClientRect(self) -> dict[str, int]:
        return menu_button_rect(self.device)

    # -- network type ------------------------------------------------------------------------
    def _network_type(self) -> dict[str, Any]:
        """From the network profile's `network_type` (its row in NETWORK_PROFILES)."""
        profile = self._host.network
        bars = max(profile.signal_bars, 0)
        return {
            "networkType": profile.network_type,
            "signalStrength": 0 if profile.offline else -50 - (4 - bars) * 15,
            "hasSystemProxy": False,
            "weakNet": profile.offline or profile.estimate_nettype <= 3,
        }

    getNetworkType = WxApi(_network_type)

    def onNetworkStatusChange(self, callback: Callback) -> None:
        self._network_status.on(callback)

    def offNetworkStatusChange(self, callback: Callback | None = None) -> None:
        self._network_status.off(callback)

    def _network_changed(self) -> None:
        """Called by `simulate_network_change`: listeners hear the new type next turn."""
        profile = self._host.network
        res = {"isConnected": not profile.offline, "networkType": profile.network_type}
        self._host.call_soon(self._network_status.fire, res)

    # -- clipboard / vibration ---------------------------------------------------------------
    def _set_clipboard(self, data: Any = MISSING) -> None:
        """Sets the emulated clipboard (the window may mirror it to the system one) and shows
        the platform's "内容已复制" toast."""
        self.ui.set_clipboard(need_str("data", data))
        self.ui.show_toast("toast", COPIED, "none", "", 1500, False)

    def _get_clipboard(self) -> dict[str, Any]:
        return {"data": self.ui.clipboard}

    def _vibrate_short(self, type: Any = "medium") -> None:
        """`type` heavy / medium / light (2.13.0; required there, defaulted here)."""
        if type not in ("heavy", "medium", "light"):
            raise WxError(f"parameter error: type should be heavy, medium or light, got {type}")
        self.ui.vibrate(False, str(type))

    def _vibrate_long(self) -> None:
        self.ui.vibrate(True, "")

    setClipboardData = WxApi(_set_clipboard)
    getClipboardData = WxApi(_get_clipboard)
    vibrateShort = WxApi(_vibrate_short)
    vibrateLong = WxApi(_vibrate_long)

    # -- app show / hide, launch options -----------------------------------------------------
    def onAppShow(self, callback: Callback) -> None:
        self._app_show.on(callback)

    def offAppShow(self, callback: Callback | None = None) -> None:
        self._app_show.off(callback)

    def onAppHide(self, callback: Callback) -> None:
        self._app_hide.on(callback)

    def offAppHide(self, callback: Callback | None = None) -> None:
        self._app_hide.off(callback)

    def _app_visibility(self, visible: bool, enter: LaunchOptions | None = None) -> None:
        """Called by `simulate_app_show/hide`: listeners run next turn, on a real change."""
        if visible == self.app_visible:
            return
        self.app_visible = visible
        if visible:
            if enter is not None:
                self._enter = enter
            self._host.call_soon(self._app_show.fire, self._enter.to_json())
        else:
            self._host.call_soon(self._app_hide.fire, {})

    def getLaunchOptionsSync(self) -> dict[str, Any]:
        return self.native.launch.to_json()

    def getEnterOptionsSync(self) -> dict[str, Any]:
        return self._enter.to_json()

    # -- login -------------------------------------------------------------------------------
    def _login(self, timeout: int | None = None) -> dict[str, Any]:
        """`success({code})`; offline it fails as a network call would."""
        if self._host.network.offline:
            raise NetworkError("network is down")
        return {"code": self.native.login_code()}

    def _check_session(self) -> None:
        """The session of the emulated user never expires."""

    login = WxApi(_login)
    checkSession = WxApi(_check_session)
