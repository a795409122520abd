"""The one table of what page code may call on `wx` (and `Taro`/`uni`): add an API = add a row.

`name` is the JS name; `Class.method` rows are methods of an object an earlier call returned
(a task, the file system manager). The bridge builds `wx` from this table; anything else fails
with `<name>:fail not supported in simulator`.

Kinds (how the JS call maps onto the Python runtime):
- `callback`: one options object → keyword arguments; `success`/`fail`/`complete`. With
  `promise`, no callbacks given → a Promise (the platform's promisified APIs).
- `task`: like `callback` but returns an object of class `returns` at once (never a Promise on
  `wx`; on `Taro`/`uni` a Promise that also carries the task's methods).
- `object`: positional arguments, returns an object of class `returns` at once.
- `listener` / `method`: positional arguments, nothing returned.
- `sync`: positional arguments, the value returned (a blocking round trip to the host).
- `local`: done inside the bridge (pure data conversions).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Kind = Literal["callback", "task", "object", "listener", "method", "sync", "local"]


@dataclass(frozen=True, slots=True)
class Api:
    name: str
    kind: Kind
    returns: str | None = None
    promise: bool = False
    taro_resolves_task: bool = False
    """Taro's connectSocket resolves with the SocketTask, not with the success result."""
    url: bool = False
    """Its `url` option is mapped from the page origin onto the selected backend."""

    def to_json(self) -> dict[str, Any]:
        row = asdict(self)
        row["taroResolvesTask"] = row.pop("taro_resolves_task")
        return row


API_TABLE: tuple[Api, ...] = (
    Api("request", "task", returns="RequestTask", url=True),
    Api("downloadFile", "task", returns="DownloadTask", url=True),
    Api("connectSocket", "task", returns="SocketTask", taro_resolves_task=True, url=True),
    Api("onSocketOpen", "listener"),
    Api("onSocketMessage", "listener"),
    Api("onSocketError", "listener"),
    Api("onSocketClose", "listener"),
    Api("sendSocketMessage", "callback", promise=True),
    Api("closeSocket", "callback", promise=True),
    Api("canIUse", "sync"),
    Api("getFileSystemManager", "object", returns="FileSystemManager"),
    Api("arrayBufferToBase64", "local"),
    Api("base64ToArrayBuffer", "local"),
    Api("RequestTask.abort", "method"),
    Api("RequestTask.onHeadersReceived", "listener"),
    Api("RequestTask.offHeadersReceived", "listener"),
    Api("RequestTask.onChunkReceived", "listener"),
    Api("RequestTask.offChunkReceived", "listener"),
    Api("DownloadTask.abort", "method"),
    Api("DownloadTask.onProgressUpdate", "listener"),
    Api("DownloadTask.offProgressUpdate", "listener"),
    Api("DownloadTask.onHeadersReceived", "listener"),
    Api("DownloadTask.offHeadersReceived", "listener"),
    Api("SocketTask.send", "callback"),
    Api("SocketTask.close", "callback"),
    Api("SocketTask.onOpen", "listener"),
    Api("SocketTask.onMessage", "listener"),
    Api("SocketTask.onError", "listener"),
    Api("SocketTask.onClose", "listener"),
    Api("FileSystemManager.readFile", "callback"),
    Api("FileSystemManager.readFileSync", "sync"),
    Api("FileSystemManager.writeFile", "callback"),
    Api("FileSystemManager.writeFileSync", "sync"),
    Api("FileSystemManager.access", "callback"),
    Api("FileSystemManager.accessSync", "sync"),
    Api("FileSystemManager.unlink", "callback"),
    Api("FileSystemManager.unlinkSync", "sync"),
    # storage (simulator/wx/native.py, storage.py)
    Api("setStorage", "callback", promise=True),
    Api("setStorageSync", "sync"),
    Api("getStorage", "callback", promise=True),
    Api("getStorageSync", "sync"),
    Api("removeStorage", "callback", promise=True),
    Api("removeStorageSync", "sync"),
    Api("clearStorage", "callback", promise=True),
    Api("clearStorageSync", "sync"),
    Api("getStorageInfo", "callback", promise=True),
    Api("getStorageInfoSync", "sync"),
    Api("batchSetStorage", "callback", promise=True),
    Api("batchSetStorageSync", "sync"),
    Api("batchGetStorage", "callback", promise=True),
    Api("batchGetStorageSync", "sync"),
    # system / device / app
    Api("getSystemInfo", "callback", promise=True),
    Api("getSystemInfoSync", "sync"),
    Api("getSystemInfoAsync", "callback"),
    Api("getWindowInfo", "sync"),
    Api("getDeviceInfo", "sync"),
    Api("getAppBaseInfo", "sync"),
    Api("getMenuButtonBoundingClientRect", "sync"),
    Api("getNetworkType", "callback", promise=True),
    Api("onNetworkStatusChange", "listener"),
    Api("offNetworkStatusChange", "listener"),
    Api("setClipboardData", "callback", promise=True),
    Api("getClipboardData", "callback", promise=True),
    Api("vibrateShort", "callback", promise=True),
    Api("vibrateLong", "callback", promise=True),
    Api("onAppShow", "listener"),
    Api("onAppHide", "listener"),
    Api("offAppShow", "listener"),
    Api("offAppHide", "listener"),
    Api("getLaunchOptionsSync", "sync"),
    Api("getEnterOptionsSync", "sync"),
    Api("login", "callback", promise=True),
    Api("checkSession", "callback", promise=True),
    # native UI (simulator/wx/ui/)
    Api("showToast", "callback", promise=True),
    Api("hideToast", "callback", promise=True),
    Api("showLoading", "callback", promise=True),
    Api("hideLoading", "callback", promise=True),
    Api("showModal", "callback", promise=True),
    Api("showActionSheet", "callback", promise=True),
    Api("setNavigationBarTitle", "callback", promise=True),
    Api("setNavigationBarColor", "callback", promise=True),
    Api("showNavigationBarLoading", "callback", promise=True),
    Api("hideNavigationBarLoading", "callback", promise=True),
    Api("setTabBarBadge", "callback", promise=True),
    Api("removeTabBarBadge", "callback", promise=True),
    Api("showTabBarRedDot", "callback", promise=True),
    Api("hideTabBarRedDot", "callback", promise=True),
    Api("showTabBar", "callback", promise=True),
    Api("hideTabBar", "callback", promise=True),
    # the view (simulator/wx/ui/view.py: ViewCommands, supplied by the project host)
    Api("pageScrollTo", "callback", promise=True),
    Api("createSelectorQuery", "object", returns="SelectorQuery"),
    Api("SelectorQuery.select", "object", returns="NodesRef"),
    Api("SelectorQuery.selectAll", "object", returns="NodesRef"),
    Api("SelectorQuery.selectViewport", "object", returns="NodesRef"),
    Api("SelectorQuery.exec", "method"),
    Api("NodesRef.boundingClientRect", "object", returns="SelectorQuery"),
    Api("NodesRef.scrollOffset", "object", returns="SelectorQuery"),
    Api("NodesRef.fields", "object", returns="SelectorQuery"),
)

API_BY_NAME = {api.name: api for api in API_TABLE}
