"""The phone's page body in project mode: a QWebEngineView running the view layer's renderer.

`PageView` loads an HTML shell holding the renderer (simulator/project/js/view/, the same
scripts as the headless view) and exposes `port`, a `ViewPort`: host → view messages go in with
`runJavaScript("WxHost.receive(…)")`, view → host messages come back over QWebChannel. The
device preset's width, height and pixel ratio reach the renderer in `boot` (rpx are computed
from them) and size the widget.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFile, QIODevice, QObject, QUrl, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from simulator.project.view.port import RENDERER_FILES, VIEW_JS, Message, ViewError, ViewPort

# Chromium's sandbox refuses to run as root; without a GPU, software rendering.
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")

_HEAD = (
    '<!doctype html><html><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1, user-scalable=no">'
)


def _qwebchannel_js() -> str:
    f = QFile(":/qtwebchannel/qwebchannel.js")
    if not f.open(QIODevice.OpenModeFlag.ReadOnly):
        raise ViewError("qwebchannel.js is missing from QtWebChannel's resources")
    try:
        return bytes(f.readAll().data()).decode()
    finally:
        f.close()


def shell_html() -> str:
    """The page the web view loads: QWebChannel's client, the renderer, the bridge."""
    scripts = [_qwebchannel_js()]
    scripts += [(VIEW_JS / name).read_text(encoding="utf-8") for name in RENDERER_FILES]
    scripts.append((VIEW_JS / "shell.js").read_text(encoding="utf-8"))
    body = "".join(f"<script>{s}</script>" for s in scripts)
    # in <body>: the renderer mounts pages on document.body, which must exist when it starts
    return f"{_HEAD}</head><body>{body}</body></html>"


class _Bridge(QObject):
    def __init__(self, deliver: Callable[[str], None]) -> None:
        super().__init__()
        self._deliver = deliver

    @Slot(str)
    def post(self, text: str) -> None:
        self._deliver(text)


class WebViewPort(ViewPort):
    """The `ViewPort` of a `QWebEngineView`; messages posted before the page is up are queued."""

    def __init__(self, view: QWebEngineView, on_message: Callable[[Message], None] | None = None):
        super().__init__(on_message)
        self.view = view
        self.ready = False
        self._queue: list[Message] = []
        self._ready_waiters: list[asyncio.Future[None]] = []
        self._bridge = _Bridge(self._on_text)
        self._channel = QWebChannel(view.page())
        self._channel.registerObject("wxview", self._bridge)
        view.page().setWebChannel(self._channel)
        self.last_round_trip_s: float | None = None
        self._probe_at = 0.0
        self.base: Path | None = None
        """The project folder `start()` loads the shell against (its image paths resolve there)."""

    def load(self, base: Path | None = None) -> None:
        """Load the shell (project-relative image paths resolve against `base`)."""
        self.ready = False
        url = QUrl.fromLocalFile(str(base) + "/") if base is not None else QUrl("about:blank")
        self.view.setHtml(shell_html(), url)

    async def start(self) -> None:
        """Load the shell and wait until the renderer listens (needs a qasync loop).

        Raises:
            ViewError: not up within 30 s.
        """
        if not self.ready:
            fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._ready_waiters.append(fut)
            self.load(self.base)
            try:
                await asyncio.wait_for(fut, 30.0)
            except TimeoutError as exc:
                raise ViewError("the web view did not start in 30 s") from exc

    def post(self, msg: Message) -> None:
        if not self.ready:
            self._queue.append(msg)
            return
        # JSON is JavaScript: the message goes in as an object literal
        self.view.page().runJavaScript(f"WxHost.receive({json.dumps(msg, ensure_ascii=False)})")

    async def stop(self) -> None:
        self.ready = False
        self._fail_waiters("the web view stopped")
        self.view.page().triggerAction(QWebEnginePage.WebAction.Stop)

    def probe_round_trip(self) -> None:
        """Time one runJavaScript → QWebChannel answer; read `last_round_trip_s` afterwards."""
        self._probe_at = time.monotonic()
        self.post({"t": "text", "q": -1})

    def _on_text(self, text: str) -> None:
        try:
            msg: Message = json.loads(text)
        except ValueError:
            return
        if msg.get("t") == "ready":
            self.ready = True
            self.ended = None
            queued, self._queue = self._queue, []
            for m in queued:
                self.post(m)
            for fut in self._ready_waiters:
                if not fut.done():
                    fut.set_result(None)
            self._ready_waiters.clear()
            return
        if msg.get("q") == -1:
            self.last_round_trip_s = time.monotonic() - self._probe_at
            return
        self._deliver(msg)


class PageView(QWebEngineView):
    """The page body widget; `port` is its `ViewPort` for the project host."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # http(s) images in a page loaded from the project folder
        self.settings().setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True
        )
        self.port = WebViewPort(self)

    def set_device(self, device: dict[str, Any]) -> None:
        """Size the body as the device preset's window (CSS px = widget px at zoom 1); an open
        page recomputes its rpx for the new width."""
        self.setFixedSize(int(device["windowWidth"]), int(device["windowHeight"]))
        self.port.post({"t": "device", "device": device})
