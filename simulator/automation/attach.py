"""`AttachedAutomation`: the automation server over a project someone else runs (the window).

`serve_project` owns its project (headless). The window owns its own: the person may reopen
it (settings, the capsule's home), and it draws the page in a real web view. The window hands
this class what only it knows, Qt-free: how to get the running host (opening the project when
it is not running), how to stop it (App.exit), and a capture of the page's pixels; it calls
`adopt` when it (re)opened the project and `log_line` for each console line.
"""

from __future__ import annotations

import asyncio

from simulator.automation.app import AppDriver, Capture, HostFactory, HostStopper
from simulator.automation.serve import broadcast_log
from simulator.automation.server import Server
from simulator.automation.sim import SimHelpers
from simulator.page.host import PageLog
from simulator.project.host import ProjectHost
from simulator.project.recorder import PageErrorRecord
from simulator.session import Session


class AttachedAutomation:
    """`await start()` (the bound port), `closed` set by Tool.close, `await stop()`."""

    def __init__(
        self,
        session: Session,
        start_host: HostFactory,
        *,
        port: int = 9420,
        stop_host: HostStopper | None = None,
        capture: Capture | None = None,
    ) -> None:
        self.driver = AppDriver(
            start_host, self._log, self._event, stop_host=stop_host, capture=capture
        )
        self.server = Server(self.driver, SimHelpers(self.driver, session), port)

    @property
    def closed(self) -> asyncio.Event:
        return self.server.closed

    async def start(self) -> int:
        """Listen on 127.0.0.1; the port (OSError when it is taken)."""
        await self.server.start()
        return self.server.port

    async def stop(self) -> None:
        await self.server.stop()

    def adopt(self, host: ProjectHost) -> None:
        """The owner (re)opened the project: automation drives this host now."""
        self.driver.adopt(host)

    def log_line(self, line: PageLog) -> None:
        """One console line of the owner's project, as the protocol's event."""
        self.driver.log_line(line)

    def _log(self, line: PageLog, record: PageErrorRecord | None) -> None:
        broadcast_log(self.server, line, record)

    def _event(self, method: str, params: dict[str, object]) -> None:
        self.server.broadcast(method, params)
