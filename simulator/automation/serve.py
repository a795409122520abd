"""`serve_project`: a project, headless, behind the automation server until Tool.close."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from pathlib import Path

from simulator.automation.app import AppDriver
from simulator.automation.server import Server
from simulator.automation.sim import SimHelpers, set_scenario
from simulator.page.host import PageLog
from simulator.page.origin import OriginMap
from simulator.project.host import ProjectHost
from simulator.project.loader import load_project
from simulator.project.options import ProjectOptions
from simulator.project.port import BootBuilder
from simulator.project.recorder import PageErrorRecord
from simulator.project.run import ViewFactory, headless_view
from simulator.session import RunSettings, Session
from simulator.wx.ui.state import AutoAnswers


def exception_params(line: PageLog, record: PageErrorRecord | None) -> dict[str, object]:
    """App.exceptionThrown's params: the error's message and stack, and where it happened."""
    if record is None:
        return {"message": line.text, "stack": line.stack}
    return {
        "message": record.message,
        "stack": record.stack,
        "file": record.file,
        "line": record.line,
        "where": record.where,
    }


def broadcast_log(server: Server, line: PageLog, record: PageErrorRecord | None) -> None:
    """A console line as the protocol's event: exceptionThrown for a page error, else
    logAdded (to the clients that enabled the log)."""
    if line.level == "page-error":
        server.broadcast("App.exceptionThrown", exception_params(line, record))
    else:
        server.broadcast("App.logAdded", {"type": line.level, "args": [line.text]}, log=True)


async def serve_project(
    folder: Path,
    *,
    port: int,
    settings: RunSettings,
    options: ProjectOptions,
    view: tuple[ViewFactory, BootBuilder] | None = None,
    on_ready: Callable[[int], None] | None = None,
    on_log: Callable[[PageLog], None] | None = None,
    wait_dialogs: bool = False,
) -> None:
    """Open the project and serve automation on 127.0.0.1:`port` (0: any free port, told to
    `on_ready`) until a client sends Tool.close or the process gets SIGTERM/SIGINT.

    `wait_dialogs`: wx.showModal / showActionSheet stay open until a client answers them
    (`miniProgram.native().confirmModal()`), as on DevTools; else they are answered at once
    as in headless `page` runs (confirm; the first item).

    Raises:
        PageError: the project does not load or start (its error, with file:line).
        OSError: the port is taken.
    """
    project = load_project(folder)
    make_view, boot = view or headless_view()
    server: Server | None = None

    def log(line: PageLog, record: PageErrorRecord | None) -> None:
        if on_log is not None:
            on_log(line)
        if server is not None:
            broadcast_log(server, line, record)

    def event(method: str, params: dict[str, object]) -> None:
        if server is not None:
            server.broadcast(method, params)

    async with Session(settings) as session:
        profile = await session.start()

        async def start_host(sink: Callable[[PageLog], None]) -> ProjectHost:
            wx = session.new_runtime()
            if wait_dialogs:
                wx.ui.answers = AutoAnswers(modal=None, action_sheet=None)
            origin = OriginMap(options.page_origin, profile.base_url)
            host = ProjectHost(project, wx, origin, make_view(), options, boot=boot, on_log=sink)
            try:
                await host.start()
            except BaseException:
                await wx.aclose()
                raise
            return host

        driver = AppDriver(start_host, log, event)
        sim = SimHelpers(driver, session)
        server = Server(driver, sim, port)
        await driver.app()  # a project that does not start fails here, before listening
        if settings.scenario:
            await set_scenario(sim, [settings.scenario])
        await server.start()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, server.closed.set)
        try:
            if on_ready is not None:
                on_ready(server.port)
            await server.closed.wait()
        finally:
            for sig in (signal.SIGTERM, signal.SIGINT):
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.remove_signal_handler(sig)
            await server.stop()
            await driver.exit()
