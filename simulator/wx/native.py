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

from simulator.wx.apicall import MISSING, Promise, api_options, need_str, param_error
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

    # -- storage -----------------------------------------------------------------------------
    @api_options
    def setStorage(
        self,
        key: Any = MISSING,
        data: Any = MISSING,
        encrypt: bool = False,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        """Written at once (later reads see it); the callbacks follow on the next turn."""
        return self._answer("setStorage", success, fail, complete, lambda: self._set(key, data))

    def setStorageSync(self, key: Any = MISSING, data: Any = MISSING) -> None:
        self._sync("setStorageSync", lambda: self._set(key, data))

    def _set(self, key: Any, data: Any) -> None:
        # data left out is stored as undefined would be: JSON.stringify gives nothing → ""
        self.storage.set(key, "" if data is MISSING else data)

    @api_options
    def getStorage(
        self,
        key: Any = MISSING,
        encrypt: bool = False,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        """A missing key fails "getStorage:fail data not found" (iOS's text)."""

        def op() -> dict[str, Any]:
            if check_key(key) not in self.storage:
                raise WxError(DATA_NOT_FOUND)
            return {"data": self.storage.get(key)}

        return self._answer("getStorage", success, fail, complete, op)

    def getStorageSync(self, key: Any = MISSING) -> Any:
        """A missing key gives "" (no exception), as on the platform."""

        def op() -> Any:
            return self.storage.get(key) if check_key(key) in self.storage else ""

        return self._sync("getStorageSync", op)

    @api_options
    def removeStorage(
        self,
        key: Any = MISSING,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        """Removing a missing key succeeds."""
        return self._answer(
            "removeStorage", success, fail, complete, lambda: self.storage.remove(key)
        )

    def removeStorageSync(self, key: Any = MISSING) -> None:
        self._sync("removeStorageSync", lambda: self.storage.remove(key))

    @api_options
    def clearStorage(
        self,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        return self._answer("clearStorage", success, fail, complete, self.storage.clear)

    def clearStorageSync(self) -> None:
        self._sync("clearStorageSync", self.storage.clear)

    @api_options
    def getStorageInfo(
        self,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        """`{keys, currentSize, limitSize}`, sizes in KB."""
        return self._answer("getStorageInfo", success, fail, complete, self.storage.info)

    def getStorageInfoSync(self) -> dict[str, Any]:
        return dict(self._sync("getStorageInfoSync", self.storage.info))

    @api_options
    def batchSetStorage(
        self,
        kvList: Any = MISSING,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        """`kvList: [{key, value}]`, written all or nothing (our choice: the doc is silent)."""
        return self._answer(
            "batchSetStorage", success, fail, complete, lambda: self._set_many(kvList)
        )

    def batchSetStorageSync(self, kvList: Any = MISSING) -> None:
        self._sync("batchSetStorageSync", lambda: self._set_many(kvList))

    def _set_many(self, kv_list: Any) -> None:
        if not isinstance(kv_list, list) or not all(isinstance(kv, dict) for kv in kv_list):
            raise param_error("kvList", "Array", kv_list)
        self.storage.set_many([(kv.get("key", MISSING), kv.get("value", "")) for kv in kv_list])

    @api_options
    def batchGetStorage(
        self,
        keyList: Any = MISSING,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        """`success({dataList})`, "" for a missing key (as getStorageSync gives)."""
        return self._answer(
            "batchGetStorage",
            success,
            fail,
            complete,
            lambda: {"dataList": self._get_many(keyList)},
        )

    def batchGetStorageSync(self, keyList: Any = MISSING) -> list[Any]:
        return list(self._sync("batchGetStorageSync", lambda: self._get_many(keyList)))

    def _get_many(self, key_list: Any) -> list[Any]:
        if not isinstance(key_list, list):
            raise param_error("keyList", "Array", key_list)
        return [self.storage.get(k) if check_key(k) in self.storage else "" for k in key_list]

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

    @api_options
    def getSystemInfo(
        self,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        return self._answer("getSystemInfo", success, fail, complete, self.getSystemInfoSync)

    @api_options
    def getSystemInfoAsync(
        self,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> None:
        """Callbacks only (the typings give it no Promise form)."""
        outcome_res = self.getSystemInfoSync()
        self._answer("getSystemInfoAsync", success or _noop, fail, complete, lambda: outcome_res)

    def getMenuButtonBoundingClientRect(self) -> dict[str, int]:
        return menu_button_rect(self.device)

    # -- network type ------------------------------------------------------------------------
    @api_options
    def getNetworkType(
        self,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        """From the network profile's `network_type` (its row in NETWORK_PROFILES)."""

        def op() -> dict[str, Any]:
            profile = self._host.network
            bars = max(profile.signal_bars, 0)
            return {
                "networkType": profile.network_type,
                "signalStrength": 0 if profile.offline else -50 - (4 - bars) * 15,
                "hasSystemProxy": False,
                "weakNet": profile.offline or profile.estimate_nettype <= 3,
            }

        return self._answer("getNetworkType", success, fail, complete, op)

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
    @api_options
    def setClipboardData(
        self,
        data: Any = MISSING,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        """Sets the emulated clipboard (the window may mirror it to the system one) and shows
        the platform's "内容已复制" toast."""

        def op() -> None:
            self.ui.set_clipboard(need_str("data", data))
            self.ui.show_toast("toast", COPIED, "none", "", 1500, False)

        return self._answer("setClipboardData", success, fail, complete, op)

    @api_options
    def getClipboardData(
        self,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        return self._answer(
            "getClipboardData", success, fail, complete, lambda: {"data": self.ui.clipboard}
        )

    @api_options
    def vibrateShort(
        self,
        type: Any = "medium",
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        """`type` heavy / medium / light (2.13.0; required there, defaulted here)."""

        def op() -> None:
            if type not in ("heavy", "medium", "light"):
                raise WxError(f"parameter error: type should be heavy, medium or light, got {type}")
            self.ui.vibrate(False, str(type))

        return self._answer("vibrateShort", success, fail, complete, op)

    @api_options
    def vibrateLong(
        self,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        return self._answer(
            "vibrateLong", success, fail, complete, lambda: self.ui.vibrate(True, "")
        )

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
    @api_options
    def login(
        self,
        timeout: int | None = None,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        """`success({code})`; offline it fails as a network call would."""

        def op() -> dict[str, Any]:
            if self._host.network.offline:
                raise NetworkError("network is down")
            return {"code": self.native.login_code()}

        return self._answer("login", success, fail, complete, op)

    @api_options
    def checkSession(
        self,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        """The session of the emulated user never expires."""
        return self._answer("checkSession", success, fail, complete, lambda: None)


def _noop(res: Any) -> None:
    """getSystemInfoAsync has no Promise form: with no callback nothing is returned."""
