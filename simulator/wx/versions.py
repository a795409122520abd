"""Base library versions: `wx.canIUse` for the emulated APIs and the common chat-page ones.

Schemas follow the API page's rule: `${API}.${method}.${param}.${option}`, method one of
object / success / return / callback, or `Class.member`. A part without its own "最低版本"
inherits its parent's; a schema the table does not know answers False (the platform answers
for what its base library has, and our table is what we emulate or list). Versions are read
from each API page's "基础库 X 开始支持" line and "最低版本" column
(https://developers.weixin.qq.com/miniprogram/dev/api/ …, wx-api-semantics §1–§4).
"""

from __future__ import annotations

PROMISE_SINCE = "2.10.2"
"""Async APIs return a Promise when no callback is given (framework "API" page)."""

_METHODS = ("OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT")
_SYSTEM_INFO = (
    "brand@1.5.0 model pixelRatio screenWidth@1.1.0 screenHeight@1.1.0 windowWidth"
    " windowHeight statusBarHeight@1.9.0 language version system platform"
    " fontSizeSetting@1.5.0 SDKVersion@1.1.0 safeArea@2.7.0 safeArea.left@2.7.0"
    " safeArea.right@2.7.0 safeArea.top@2.7.0 safeArea.bottom@2.7.0 safeArea.width@2.7.0"
    " safeArea.height@2.7.0 theme@2.11.0"
)
_CALLBACKS = "object.success object.fail object.complete"

# API (or Class.member) → (since, its parts: "path[@since]" separated by spaces)
APIS: dict[str, tuple[str, str]] = {
    # network/request (wx.request.md, RequestTask.md)
    "request": (
        "1.0.0",
        (
            "object.url object.data object.header object.timeout@2.10.0 object.method "
            + " ".join(f"object.method.{m}" for m in _METHODS)
            + " object.dataType object.dataType.json object.responseType@1.7.0"
            " object.responseType.text@1.7.0 object.responseType.arraybuffer@1.7.0"
            " object.useHighPerformanceMode@3.3.3 object.enableHttp2@2.10.4 object.enableProfile"
            " object.enableQuic@2.10.4 object.enableCache@2.10.4 object.enableHttpDNS@2.19.1"
            " object.httpDNSServiceId@2.19.1 object.enableChunked@2.20.2"
            " object.forceCellularNetwork@2.21.0 object.redirect@3.2.2"
            " object.redirect.follow@3.2.2 object.redirect.manual@3.2.2 "
            + _CALLBACKS
            + " success.data success.statusCode success.header@1.2.0 success.cookies@2.10.0"
            " success.profile@2.10.4 return"
        ),
    ),
    "RequestTask": ("1.4.0", ""),
    "RequestTask.abort": ("1.4.0", ""),
    "RequestTask.onHeadersReceived": (
        "2.1.0",
        "callback.header callback.statusCode callback.cookies",
    ),
    "RequestTask.offHeadersReceived": ("2.1.0", ""),
    "RequestTask.onChunkReceived": ("2.20.1", "callback.data"),
    "RequestTask.offChunkReceived": ("2.20.1", ""),
    # network/download (wx.downloadFile.md, DownloadTask.md)
    "downloadFile": (
        "1.0.0",
        (
            "object.url object.header object.timeout@2.10.0 object.filePath@1.8.0"
            " object.enableHttp2@2.10.4 object.enableQuic@2.10.4 object.enableCache@2.10.4 "
            + _CALLBACKS
            + " success.tempFilePath success.filePath@1.8.0 success.statusCode"
            " success.profile@2.10.4 return"
        ),
    ),
    "DownloadTask": ("1.4.0", ""),
    "DownloadTask.abort": ("1.4.0", ""),
    "DownloadTask.onProgressUpdate": (
        "1.4.0",
        ("callback.progress callback.totalBytesWritten callback.totalBytesExpectedToWrite"),
    ),
    "DownloadTask.offProgressUpdate": ("2.1.0", ""),
    "DownloadTask.onHeadersReceived": ("2.1.0", "callback.header"),
    "DownloadTask.offHeadersReceived": ("2.1.0", ""),
    # network/websocket (wx.connectSocket.md, SocketTask.md, the wx.*Socket* pages)
    "connectSocket": (
        "1.0.0",
        (
            "object.url object.header object.protocols@1.4.0 object.tcpNoDelay@2.4.0"
            " object.perMessageDeflate@2.8.0 object.timeout@2.10.0"
            " object.forceCellularNetwork@2.29.0 " + _CALLBACKS + " return@1.7.0"
        ),
    ),
    "SocketTask": ("1.7.0", ""),
    "SocketTask.send": ("1.7.0", "object.data " + _CALLBACKS),
    "SocketTask.close": ("1.7.0", "object.code object.reason " + _CALLBACKS),
    "SocketTask.onOpen": ("1.7.0", "callback.header@2.0.0 callback.profile@2.10.4"),
    "SocketTask.onMessage": ("1.7.0", "callback.data"),
    "SocketTask.onError": ("1.7.0", "callback.errMsg"),
    "SocketTask.onClose": ("1.7.0", "callback.code callback.reason"),
    "sendSocketMessage": ("1.0.0", "object.data " + _CALLBACKS),
    "closeSocket": ("1.0.0", "object.code@1.4.0 object.reason@1.4.0 " + _CALLBACKS),
    "onSocketOpen": ("1.0.0", "callback.header@2.0.0"),
    "onSocketMessage": ("1.0.0", "callback.data"),
    "onSocketError": ("1.0.0", ""),
    "onSocketClose": ("1.0.0", "callback.code callback.reason"),
    # file (FileSystemManager pages, wx.env)
    "getFileSystemManager": ("1.9.0", "return"),
    "FileSystemManager": ("1.9.0", ""),
    "FileSystemManager.readFile": (
        "1.9.0",
        (
            "object.filePath object.encoding object.position@2.10.0 object.length@2.10.0 "
            + _CALLBACKS
            + " success.data"
        ),
    ),
    "FileSystemManager.readFileSync": ("1.9.0", ""),
    "FileSystemManager.writeFile": (
        "1.9.0",
        ("object.filePath object.data object.encoding " + _CALLBACKS),
    ),
    "FileSystemManager.writeFileSync": ("1.9.0", ""),
    "FileSystemManager.access": ("1.9.0", "object.path " + _CALLBACKS),
    "FileSystemManager.accessSync": ("1.9.0", ""),
    "FileSystemManager.unlink": ("1.9.0", "object.filePath " + _CALLBACKS),
    "FileSystemManager.unlinkSync": ("1.9.0", ""),
    "env": ("1.9.0", ""),
    "env.USER_DATA_PATH": ("1.9.0", ""),
    # base and the calls a chat page commonly makes (each one's API page)
    "canIUse": ("1.1.1", ""),
    "getSystemInfo": ("1.0.0", " ".join(f"success.{f}" for f in _SYSTEM_INFO.split())),
    "getSystemInfoSync": ("1.0.0", " ".join(f"return.{f}" for f in _SYSTEM_INFO.split())),
    "getSystemInfoAsync": ("2.25.3", ""),
    "getWindowInfo": ("2.20.1", ""),
    "getDeviceInfo": ("2.20.1", ""),
    "getAppBaseInfo": ("2.20.1", ""),
    "arrayBufferToBase64": ("1.1.0", ""),
    "base64ToArrayBuffer": ("1.1.0", ""),
    "setStorage": ("1.0.0", ""),
    "setStorageSync": ("1.0.0", ""),
    "getStorage": ("1.0.0", ""),
    "getStorageSync": ("1.0.0", ""),
    "removeStorage": ("1.0.0", ""),
    "removeStorageSync": ("1.0.0", ""),
    "clearStorage": ("1.0.0", ""),
    "clearStorageSync": ("1.0.0", ""),
    "getStorageInfo": ("1.0.0", "success.keys success.currentSize success.limitSize"),
    "getStorageInfoSync": ("1.0.0", ""),
    "batchSetStorage": ("2.25.0", ""),
    "batchSetStorageSync": ("2.25.0", ""),
    "batchGetStorage": ("2.25.0", ""),
    "batchGetStorageSync": ("2.25.0", ""),
    "getNetworkType": (
        "1.0.0",
        "success.networkType success.signalStrength@2.14.0"
        " success.hasSystemProxy@2.22.1 success.weakNet@3.5.3",
    ),
    "onNetworkStatusChange": ("1.1.0", ""),
    "offNetworkStatusChange": ("2.9.3", ""),
    "showToast": (
        "1.0.0",
        "object.title object.icon object.icon.error@2.14.1 object.image@1.1.0"
        " object.duration object.mask",
    ),
    "hideToast": ("1.0.0", "object.noConflict@2.22.1"),
    "showLoading": ("1.1.0", "object.title object.mask"),
    "hideLoading": ("1.1.0", "object.noConflict@2.22.1"),
    "showModal": (
        "1.0.0",
        "object.title object.content object.showCancel object.cancelText object.cancelColor"
        " object.confirmText object.confirmColor object.editable@2.17.1"
        " object.placeholderText@2.17.1 success.confirm success.cancel@1.1.0"
        " success.content@2.17.1",
    ),
    "showActionSheet": ("1.0.0", "object.itemList object.itemColor object.alertText@2.14.0"),
    "setNavigationBarColor": ("1.4.0", ""),
    "showNavigationBarLoading": ("1.0.0", ""),
    "hideNavigationBarLoading": ("1.0.0", ""),
    "setTabBarBadge": ("1.9.0", ""),
    "removeTabBarBadge": ("1.9.0", ""),
    "showTabBarRedDot": ("1.9.0", ""),
    "hideTabBarRedDot": ("1.9.0", ""),
    "showTabBar": ("1.9.0", ""),
    "hideTabBar": ("1.9.0", ""),
    "vibrateLong": ("1.2.0", ""),
    "getMenuButtonBoundingClientRect": ("2.1.0", ""),
    "onAppShow": ("2.1.2", ""),
    "onAppHide": ("2.1.2", ""),
    "offAppShow": ("2.1.2", ""),
    "offAppHide": ("2.1.2", ""),
    "getLaunchOptionsSync": ("2.1.2", ""),
    "getEnterOptionsSync": ("2.9.4", ""),
    "checkSession": ("1.0.0", ""),
    "setClipboardData": ("1.1.0", ""),
    "getClipboardData": ("1.1.0", ""),
    "pageScrollTo": ("1.4.0", ""),
    "createSelectorQuery": ("1.4.0", ""),
    "nextTick": ("2.2.3", ""),
    "setNavigationBarTitle": ("1.0.0", ""),
    "stopPullDownRefresh": ("1.5.0", ""),
    "vibrateShort": ("1.2.0", "object.type@2.13.0"),
    "login": ("1.0.0", "object.timeout@1.9.90 success.code"),
}


def parse_version(version: str) -> tuple[int, ...]:
    """ "2.20.1" → (2, 20, 1); missing parts count as 0."""
    parts = [int(p) for p in version.strip().split(".") if p.strip().isdigit()]
    return tuple(parts + [0] * (3 - len(parts)))


def _build() -> dict[str, str]:
    table: dict[str, str] = {}
    for api, (since, parts) in APIS.items():
        table[api] = since
        for part in parts.split():
            path, _, own = part.partition("@")
            table[f"{api}.{path}"] = own or since
    return table


SINCE: dict[str, str] = _build()
"""Every known schema → the base library version it appeared in."""


def at_least(base_library_version: str, since: str) -> bool:
    return parse_version(base_library_version) >= parse_version(since)


def can_i_use(schema: str, base_library_version: str) -> bool:
    """Whether `schema` exists in `base_library_version` (False below 1.1.1: no canIUse)."""
    since = SINCE.get(schema.strip())
    # "readFile.object.position": FileSystemManager members are also asked without the class
    if since is None:
        since = SINCE.get(f"FileSystemManager.{schema.strip()}")
    return since is not None and at_least(base_library_version, since)
