# Over 400 lines: the platform's `wx` object, one method per API.
"""`WxRuntime`: the emulated `wx` object a page's code calls, bound to one asyncio loop."""

from __future__ import annotations

import asyncio
import mimetypes
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from simulator.wx import events as ev
from simulator.wx.callbacks import Callback, Outcome
from simulator.wx.config import WxConfig
from simulator.wx.download import DownloadCore, DownloadOptions, DownloadTask
from simulator.wx.errors import (
    Aborted,
    CallFailed,
    InvalidArgument,
    NetworkError,
    NotConnected,
    WxError,
)
from simulator.wx.flows import FlowLog
from simulator.wx.fs import DownloadSink, FileSystemManager, Sandbox
from simulator.wx.host import Host
from simulator.wx.http_driver import DownloadExchange, HttpExchange, RequestExchange
from simulator.wx.native import NativeApis, NativeOptions
from simulator.wx.network import NetworkProfile
from simulator.wx.options import object_form
from simulator.wx.payload import PreparedRequest, prepare_request
from simulator.wx.request import RequestCore, RequestOptions, RequestTask
from simulator.wx.socket_driver import GlobalHandlers, SocketExchange
from simulator.wx.socket_task import SocketCore, SocketTask
from simulator.wx.versions import PROMISE_SINCE, at_least, can_i_use

NETWORK_CHANGE = "errcode:10011 cronet_error_code:0 error_msg:network change, cancel all task"
NETWORK_LOST = "net::ERR_CONNECTION_RESET"
"""A dead link mid-stream: Chromium's net error, as cronet reports it (our choice of the
several a dying link can give)."""


class WxRuntime(NativeApis):
    """The `wx` of one page. Build it anywhere; it binds to the running loop on first use.

    Every call returns at once; callbacks run later on the loop, never inside the call.
    `await wx.aclose()` aborts what is open and leaves nothing running. The storage, UI,
    system and device APIs come from `NativeApis` (configured by `native`).
    """

    def __init__(self, config: WxConfig | None = None, native: NativeOptions | None = None) -> None:
        self.config = config or WxConfig()
        self._host = Host(self.config)
        self._own_dir: Path | None = None
        if self.config.user_data_dir is None:
            self._own_dir = Path(tempfile.mkdtemp(prefix="wx-usr-"))
        root = self.config.user_data_dir or self._own_dir
        assert root is not None
        root.mkdir(parents=True, exist_ok=True)
        # Temp files and half-written downloads live outside the user-visible tree
        self._internal = Path(tempfile.mkdtemp(prefix="wx-internal-"))
        temp = self._internal / "tmp"
        temp.mkdir()
        self._staging = self._internal / "partial"
        self._staging.mkdir()
        self._sandbox = Sandbox(
            root, temp, self.config.platform == "devtools", self.config.max_user_storage_bytes
        )
        self._fs = FileSystemManager(self._host, self._sandbox)
        self.env = SimpleNamespace(USER_DATA_PATH=self._sandbox.user_prefix)
        self._sockets: list[SocketExchange] = []
        self._current_socket: SocketExchange | None = None
        self._socket_handlers: GlobalHandlers = {}
        self._aio: Any = None
        self._background: asyncio.TimerHandle | None = None
        self._init_native(native or NativeOptions())

    # -- observability ---------------------------------------------------------------------
    @property
    def events(self) -> ev.EventStream:
        """Every runtime event; `wx.events.subscribe(fn)` returns the unsubscribe function."""
        return self._host.events

    @property
    def flows(self) -> FlowLog:
        """The network log (bounded list of flow records)."""
        return self._host.flows

    @property
    def aio(self) -> Any:
        """Taro-like awaitable calls: `res = await wx.aio.request(url=...)`."""
        if self._aio is None:
            from simulator.wx.aio import WxAsync

            self._aio = WxAsync(self)
        return self._aio

    def canIUse(self, schema: str) -> bool:
        return can_i_use(schema, self.config.base_library_version)

    def getFileSystemManager(self) -> FileSystemManager:
        return self._fs

    # -- request ---------------------------------------------------------------------------
    @object_form
    def request(
        self,
        url: str,
        data: Any = None,
        header: dict[str, Any] | None = None,
        method: str = "GET",
        dataType: str = "json",
        responseType: str = "text",
        timeout: int | None = None,
        enableChunked: bool = False,
        redirect: str = "follow",
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
        **_platform_only: Any,
    ) -> RequestTask:
        """`wx.request`: returns the `RequestTask` at once.

        Options with no effect here (enableHttp2, enableQuic, enableCache, enableProfile,
        useHighPerformanceMode, forceCellularNetwork, …) are accepted and ignored.
        """
        cfg = self.config
        flow_id = self._host.next_flow_id()
        # PC WeChat: no chunks, whole body in success (wx-api-semantics §1.9)
        chunked = (
            bool(enableChunked)
            and cfg.platform != "pc"
            and self.canIUse("request.object.enableChunked")
        )
        core = RequestCore(
            RequestOptions(
                enable_chunked=chunked,
                data_type=dataType,
                response_type=responseType,
                timeout_ms=self._timeout("request", timeout, cfg.network_timeout.request),
                headers_with_status=cfg.platform != "devtools",
            )
        )
        outcome = Outcome(success, fail, complete)
        error: WxError | None = None
        try:
            self._check_url(url, ("http", "https"))
            prepared = prepare_request(url, method, data, header, self._referer())
        except WxError as exc:
            prepared, error = PreparedRequest(str(method).upper(), str(url), {}, None), exc
        # redirect "manual" (3.2.2): a 3xx ends the request with its Location header
        manual = redirect == "manual" and self.canIUse("request.object.redirect")
        exchange = RequestExchange(self._host, flow_id, prepared, core, outcome, manual)
        task = RequestTask(flow_id, self.canIUse("RequestTask.onChunkReceived"), exchange.abort)
        exchange.task = task
        self._launch(exchange, "request", error)
        return task

    # -- downloadFile ----------------------------------------------------------------------
    @object_form
    def downloadFile(
        self,
        url: str,
        header: dict[str, Any] | None = None,
        filePath: str | None = None,
        timeout: int | None = None,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
        **_platform_only: Any,
    ) -> DownloadTask:
        """`wx.downloadFile`: always a GET; the body goes to `filePath` or a temp file."""
        cfg = self.config
        flow_id = self._host.next_flow_id()
        error: WxError | None = None
        if not self.canIUse("downloadFile.object.filePath"):
            filePath = None  # the option appeared in 1.8.0
        if filePath is not None:
            wx_path, key = filePath, "filePath"
        else:
            wx_path, key = self._sandbox.new_temp_path(_suffix(url)), "tempFilePath"
        final = Path(self._staging)
        try:
            self._check_url(url, ("http", "https"))
            final = self._sandbox.resolve(wx_path, write=filePath is not None)
            if not final.parent.is_dir():
                raise WxError(f"no such file or directory, open {wx_path}", 603303)
        except WxError as exc:
            error = (
                WxError(exc.detail, 603303)
                if filePath is not None and exc.errno not in (600002, 600009)
                else exc
            )
        staging = None if cfg.download_fidelity == "lenient" else self._staging / f"{flow_id}.part"
        core = DownloadCore(
            DownloadOptions(
                timeout_ms=self._timeout("downloadFile", timeout, cfg.network_timeout.downloadFile),
                result_key=key,
                result_path=wx_path,
                max_bytes=cfg.max_download_bytes,
            )
        )
        headers = _page_headers(header)
        headers["Referer"] = self._referer()
        prepared = PreparedRequest("GET", str(url), headers, None)
        sink = DownloadSink(final, staging, self._sandbox)
        exchange = DownloadExchange(
            self._host, flow_id, prepared, core, Outcome(success, fail, complete), sink
        )
        task = DownloadTask(flow_id, exchange.abort)
        exchange.task = task
        self._launch(exchange, "download", error)
        return task

    # -- connectSocket and the legacy globals ----------------------------------------------
    @object_form
    def connectSocket(
        self,
        url: str,
        header: dict[str, Any] | None = None,
        protocols: list[str] | None = None,
        timeout: int | None = None,
        perMessageDeflate: bool = False,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
        **_platform_only: Any,
    ) -> SocketTask:
        """`wx.connectSocket`: `success` means the call was accepted, not that it opened."""
        host, cfg = self._host, self.config
        flow_id = host.next_flow_id()
        timeout_ms = self._timeout("connectSocket", timeout, cfg.network_timeout.connectSocket)
        core = SocketCore(timeout_ms)
        headers = _page_headers(header)
        exchange = SocketExchange(
            host, flow_id, str(url), headers,
            protocols if self.canIUse("connectSocket.object.protocols") else None, core,
            bool(perMessageDeflate) and self.canIUse("connectSocket.object.perMessageDeflate"),
            self._is_current, self._socket_handlers, self._socket_closed,
        )  # fmt: skip
        host.emit(
            ev.TaskStarted(flow_id, host.now(), "socket", "GET", str(url), tuple(headers.items()))
        )
        outcome = Outcome(success, fail, complete)
        try:
            self._check_url(url, ("ws", "wss"))
        except WxError as exc:
            core.state = "closed"
            res = exc.fail_result("connectSocket")
            if exc.errno == 600009:  # Taro H5's wording; the device's is undocumented
                res["errMsg"] = f'connectSocket:fail invalid url "{url}"'
            host.call_soon(outcome.failed, res)
            return exchange.task
        self._current_socket = exchange
        host.call_soon(outcome.succeed, {"socketTaskId": flow_id, "errMsg": "connectSocket:ok"})
        if host.closed or host.suspended:
            host.call_soon(exchange.fail_at_once, "interrupted")  # after `aclose` / background
        elif host.network.offline:
            host.call_soon(exchange.fail_at_once, "network is down")  # DevTools' text
        elif len(self._sockets) >= cfg.max_sockets:
            host.call_soon(exchange.fail_at_once, "exceed max task count")  # DevTools' text
        else:
            self._sockets.append(exchange)
            host.call_soon(exchange.start)
        return exchange.task

    def onSocketOpen(self, callback: Callback) -> None:
        """Global handler for the current socket; a new call replaces the old handler."""
        self._socket_handlers["onSocketOpen"] = callback

    def onSocketMessage(self, callback: Callback) -> None:
        self._socket_handlers["onSocketMessage"] = callback

    def onSocketError(self, callback: Callback) -> None:
        self._socket_handlers["onSocketError"] = callback

    def onSocketClose(self, callback: Callback) -> None:
        self._socket_handlers["onSocketClose"] = callback

    @object_form
    def sendSocketMessage(
        self,
        data: str | bytes,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> asyncio.Future[dict[str, Any]] | None:
        """Send on the most recently created socket. With no callback it returns a Promise
        (an awaitable future) as the platform's Promise style does (T#L30548)."""
        outcome, promise = self._promise_style(success, fail, complete)
        current = self._current_socket
        if current is None:
            self._host.call_soon(outcome.failed, NotConnected().fail_result("sendSocketMessage"))
        else:
            current.send(data, outcome, "sendSocketMessage")
        return promise

    @object_form
    def closeSocket(
        self,
        code: int = 1000,
        reason: str = "",
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> asyncio.Future[dict[str, Any]] | None:
        """Close the most recently created socket; before it opens this fails (CLOSESOCK).
        Promise style without callbacks, as for `sendSocketMessage` (T#L24138)."""
        outcome, promise = self._promise_style(success, fail, complete)
        current = self._current_socket
        if current is None or current.core.state != "open":
            self._host.call_soon(outcome.failed, NotConnected().fail_result("closeSocket"))
        else:
            current.close(code, reason, outcome, "closeSocket")
        return promise

    # -- emulator controls (not wx APIs) ---------------------------------------------------
    @property
    def network(self) -> NetworkProfile:
        """The profile new tasks get."""
        return self._host.network

    def simulate_network_change(self, network: NetworkProfile | None = None) -> None:
        """A phone switching networks: the platform fails every running task ("network
        change, cancel all task", errno 600001, forum report in wx-api-semantics §1.6) and
        sockets drop (onError, then onClose 1006). `network` then applies to new tasks."""
        error = NetworkError(NETWORK_CHANGE)
        for exchange in list(self._host.pending_http.values()):
            exchange.fail_now(error)
        for sock in list(self._sockets):
            sock.drop(NETWORK_CHANGE)
        if network is not None:
            self._host.network = network
        self._network_changed()

    def simulate_network_loss(self, *, silent: bool = False) -> None:
        """The link dies mid-stream (a lift, a tunnel). Running requests and downloads fail
        (errno 600001) and sockets drop (onError, onClose 1006); with `silent`, as reported
        on iOS (xiaweiss/miniprogram-bug-report#272), requests and downloads get neither
        `fail` nor `complete`: they just stop. New tasks are not affected."""
        for exchange in list(self._host.pending_http.values()):
            if silent:
                exchange.go_silent()
            else:
                exchange.fail_now(NetworkError(NETWORK_LOST))
        for sock in list(self._sockets):
            sock.drop(NETWORK_LOST)

    def lose_network_next(self, *, silent: bool = False) -> None:
        """`simulate_network_loss` before the next piece (or end) of any HTTP exchange is
        handed on, else on the next loop turn: called while a read's pieces are being handed
        on (from a chunk's event), the loss lands inside that read, not after the whole of it,
        however the machine's load merged the reads (check's loss cells)."""

        def lose() -> None:
            if self._host.pending_loss is lose:
                self._host.pending_loss = None
                self.simulate_network_loss(silent=silent)

        self._host.pending_loss = lose
        self._host.loop.call_soon(lose)

    def simulate_app_hide(self) -> None:
        """The user leaves the mini-program. After `background_interrupt_ms` every running
        request and download fails `…:fail interrupted`, sockets close 1000 "interrupted",
        and new network calls fail so until `simulate_app_show` (NET-old, §1.6, §2.3)."""
        self._app_visibility(False)
        if self._background is None:
            delay = self.config.background_interrupt_ms / 1000
            self._background = self._host.loop.call_later(delay, self._interrupt_background)

    def simulate_app_show(self) -> None:
        """Back in the foreground: network calls work again."""
        self._app_visibility(True)
        if self._background is not None:
            self._background.cancel()
            self._background = None
        self._host.suspended = False

    def _interrupt_background(self) -> None:
        self._host.suspended = True
        for exchange in list(self._host.pending_http.values()):
            exchange.fail_now(Aborted("interrupted"))
        for sock in list(self._sockets):
            sock.interrupt()

    # -- lifecycle -------------------------------------------------------------------------
    async def aclose(self) -> None:
        """The mini-program is destroyed: abort every open request and download, close every
        socket (onClose 1000 "interrupted"), close clients, stop tasks."""
        for exchange in list(self._host.pending_http.values()):
            exchange.abort()
        for sock in list(self._sockets):
            sock.interrupt()
        if self._background is not None:
            self._background.cancel()
        await self._host.aclose()
        self._close_native()
        self._sockets.clear()
        if self._own_dir is not None:
            shutil.rmtree(self._own_dir, ignore_errors=True)
        shutil.rmtree(self._internal, ignore_errors=True)

    # -- helpers ---------------------------------------------------------------------------
    def _launch(self, exchange: HttpExchange, kind: str, error: WxError | None) -> None:
        host = self._host
        if error is None and (host.closed or host.suspended):
            error = Aborted("interrupted")  # the page is gone or backgrounded: nothing goes out
        host.emit(
            ev.TaskStarted(
                exchange.flow_id, host.now(), kind, exchange.prepared.method,
                exchange.prepared.url, tuple(exchange.prepared.headers.items()),
                exchange.prepared.body,
            )
        )  # fmt: skip
        if error is not None:
            host.call_soon(exchange.fail_now, error)
            return
        host.pending_http[exchange.flow_id] = exchange
        # Admission waits one loop turn so listeners set right after the call see everything
        host.call_soon(exchange.admit)

    def _promise_style(
        self, success: Callback | None, fail: Callback | None, complete: Callback | None
    ) -> tuple[Outcome, asyncio.Future[dict[str, Any]] | None]:
        """The general rule (base library >= 2.10.2): no callback given → a Promise."""
        if (
            success
            or fail
            or complete
            or not at_least(self.config.base_library_version, PROMISE_SINCE)
        ):
            return Outcome(success, fail, complete), None
        future: asyncio.Future[dict[str, Any]] = self._host.loop.create_future()

        def ok(res: dict[str, Any]) -> None:
            if not future.done():
                future.set_result(res)

        def bad(res: dict[str, Any]) -> None:
            if not future.done():
                future.set_exception(CallFailed(res))

        return Outcome(ok, bad), future

    def _timeout(self, api: str, given: int | None, app_default: int) -> int:
        # A per-call timeout is an option only from the version that added it (2.10.0)
        usable = self.canIUse(f"{api}.object.timeout")
        ms = given if usable and isinstance(given, int | float) and given > 0 else app_default
        cap = self.config.cap_timeout_ms
        return int(min(ms, cap) if cap is not None else ms)

    def _check_url(self, url: Any, schemes: tuple[str, str]) -> None:
        if not isinstance(url, str):
            raise InvalidArgument("invalid url", 600009)
        parts = urlsplit(url)
        if parts.scheme.lower() not in schemes or not parts.hostname:
            raise InvalidArgument("invalid url", 600009)
        cfg = self.config
        if cfg.check_domain and (
            parts.scheme.lower() != schemes[1]
            or (cfg.allowed_domains and parts.hostname not in cfg.allowed_domains)
        ):
            raise InvalidArgument("url not in domain list", 600002)

    def _referer(self) -> str:
        version = "devtools" if self.config.platform == "devtools" else "0"
        return f"https://servicewechat.com/{self.config.app_id}/{version}/page-frame.html"

    def _is_current(self, exchange: SocketExchange) -> bool:
        return exchange is self._current_socket

    def _socket_closed(self, exchange: SocketExchange) -> None:
        if exchange in self._sockets:
            self._sockets.remove(exchange)


def _page_headers(header: dict[str, Any] | None) -> dict[str, str]:
    """The page's headers as strings; a page cannot set Referer (the platform's own wins)."""
    return {k: str(v) for k, v in (header or {}).items() if k.lower() != "referer"}


def _suffix(url: str) -> str:
    suffix = PurePosixPath(urlsplit(str(url)).path).suffix
    return suffix if suffix and len(suffix) <= 8 and mimetypes.guess_type("x" + suffix)[0] else ""
