"""The window's side of `python -m simulator auto` without `--headless`: the automation server
drives the project the window shows, so a tester watches the automator test tap the phone.

The Qt-free part is `simulator.automation.attach`; here is what only the window knows: its
project mode's host (opened again when App.exit closed it), how to close it, and a capture of
the phone's screen (the web view with the native chrome around it).
"""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage

from simulator.automation.attach import AttachedAutomation
from simulator.automation.sim import set_scenario
from simulator.page.errors import PageLoadFailed
from simulator.project.host import ProjectHost
from simulator.ui.shell.project_mode import ProjectMode

log = logging.getLogger(__name__)
BLANK_SAMPLES = 24
"""Sample points per side when telling a blank grab (no GPU surface: offscreen) from a page."""


def is_blank(image: QImage) -> bool:
    """One colour everywhere sampled: the platform gave no pixels (offscreen), not a page."""
    if image.isNull() or image.width() == 0 or image.height() == 0:
        return True
    first = image.pixel(0, 0)
    for i in range(BLANK_SAMPLES):
        for j in range(BLANK_SAMPLES):
            x = i * (image.width() - 1) // (BLANK_SAMPLES - 1)
            y = j * (image.height() - 1) // (BLANK_SAMPLES - 1)
            if image.pixel(x, y) != first:
                return False
    return True


def png_bytes(image: QImage) -> bytes:
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; Qt, str
    return bytes(buf.data().data())


class WindowAutomation:
    """Serves automation on 127.0.0.1:`port` for `mode`'s project until Tool.close."""

    def __init__(self, mode: ProjectMode, port: int) -> None:
        self.mode = mode
        self.blank_grabs = 0
        """Captures that fell back to the headless PNG (no pixels: offscreen platform)."""
        self.attached = AttachedAutomation(
            mode.parts.backend, self._host, port=port, stop_host=self._stop_host,
            capture=self._capture,
        )  # fmt: skip
        mode.host_taps.append(self.attached.adopt)
        mode.log_taps.append(self.attached.log_line)

    async def start(self) -> int:
        """Listen; the port. `--scenario` becomes the embedded stub's default first (the
        page sends its own requests; a backend at a URL keeps its own default, as the
        window's project mode does).

        Raises:
            OSError: the port is taken.
        """
        settings = self.mode.parts.backend.settings
        scenario = settings.scenario
        if scenario and not settings.backend_url:
            await self.mode.parts.backend.start()
            await set_scenario(self.attached.server.sim, [scenario])
        return await self.attached.start()

    async def stop(self) -> None:
        await self.attached.stop()

    async def _host(self, _sink: object) -> ProjectHost:
        """The window's running host; (re)opened when it is not (App.exit closed it)."""
        mode = self.mode
        if mode.project is None:
            raise PageLoadFailed(mode.load_error or "no project is open in the window")
        if not _running(mode):
            if mode.loading is None or mode.loading.done():
                mode.reload()
            assert mode.loading is not None
            await asyncio.shield(mode.loading)
        host = mode.host
        if host is None or host.start_s is None:
            raise PageLoadFailed(mode.load_error or "the project did not open")
        if host.failure is not None:
            raise host.failure
        return host

    async def _stop_host(self, host: ProjectHost) -> None:
        if self.mode.host is host:
            await self.mode.stop()

    async def _capture(self) -> bytes | None:
        view = self.mode.view
        if view is None:
            return None
        screen = view.parentWidget() or view  # the phone's screen: chrome and page
        image = screen.grab().toImage()
        if is_blank(image):
            self.blank_grabs += 1
            log.info("screenshot: the window gave no pixels (offscreen?); the headless PNG")
            return None
        return png_bytes(image)


def _running(mode: ProjectMode) -> bool:
    host = mode.host
    loading = mode.loading is not None and not mode.loading.done()
    return not loading and host is not None and host.start_s is not None and host.failure is None
