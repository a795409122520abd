"""A check's cell replayed in the phone: the window's own page or project mode loads the
target under the cell's conditions (platform, delivery, seed, network, traps), the check's
message is sent through the mode's own send, the run is judged as the matrix judges a cell
(simulator/check/replay.py), and the network panel opens on the reply's flow with the first
bad read selected. The verdict stays in the status bar.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from simulator.check.replay import CellReplay, RevealPoint, reveal_point
from simulator.check.runner import CellResult
from simulator.check.verdicts import CellVerdict, Judged
from simulator.page.errors import PageError
from simulator.page.host import TRANSPORT_NAME
from simulator.transports.events import MessageSent, ReplyCompleted, RunFailed, RunStopped
from simulator.ui.dialogs.check_dialog import VERDICT_COLOURS, verdict_text
from simulator.ui.kit.tasks import spawn
from simulator.ui.shell.page_mode import PageMode
from simulator.ui.shell.parts import AppParts
from simulator.ui.shell.project_mode import ProjectMode

log = logging.getLogger(__name__)
START_S = 30.0
"""How long the page may take to start its run after the send (it loaded already)."""


class CellReplayer(QObject):
    """Replays cells in `parts`' window through its page and project modes, one at a time."""

    def __init__(self, parts: AppParts, page_mode: PageMode, project_mode: ProjectMode) -> None:
        super().__init__(parts.window)
        self.parts = parts
        self.page_mode = page_mode
        self.project_mode = project_mode
        self.label = QLabel()
        self.label.setObjectName("checkVerdict")
        self.label.hide()
        parts.window.statusBar().addPermanentWidget(self.label)
        self.task: asyncio.Task[CellResult | None] | None = None
        self.result: CellResult | None = None
        self.point: RevealPoint | None = None
        self.revealed: int | None = None
        """The read the panel selected (its index among the flow's reads)."""

    def start(self, replay: CellReplay) -> asyncio.Task[CellResult | None]:
        """Replay `replay`'s cell (the one in flight, if any, is cancelled)."""
        if self.task is not None and not self.task.done():
            self.task.cancel()
        self.result = self.point = self.revealed = None
        self.task = spawn(self.replay(replay), name="check-replay")
        return self.task

    async def replay(self, replay: CellReplay) -> CellResult | None:
        """Load, send, judge, reveal; the cell's result (None when the backend failed)."""
        self._say(self.tr("Replaying {0}…").format(replay.name), None)
        backend = self.parts.backend
        try:
            await backend.start()
            embedded = not backend.settings.backend_url and not backend.settings.profile_file
            if embedded and replay.config.scenario:  # the check's stub scenario, as it ran
                await backend.set_stub_scenario(replay.config.scenario)
        except Exception as exc:  # the backend's failure is said, not raised into the loop
            failed = self.tr("Replay {0}: backend: {1}").format(replay.name, exc)
            self._say(failed, CellVerdict.ERROR)
            return None
        project = replay.config.is_project
        mode: PageMode | ProjectMode = self.project_mode if project else self.page_mode
        mode.open(replay.config.target, replay)
        if mode.loading is not None:
            await asyncio.shield(mode.loading)
        host = mode.host
        if host is None:  # did not load: the matrix calls that the cell's error
            why = (mode.load_error or "the page did not load").splitlines()[0]
            return self._show(replay, CellResult(replay.cell, Judged(CellVerdict.ERROR, why)))
        started: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

        def tap(run: Any) -> None:
            if not started.done():
                started.set_result(run)

        mode.run_taps.append(tap)
        try:
            await self._send(mode, host, replay.config.message)
            run = await asyncio.wait_for(started, START_S)
        except (PageError, TimeoutError) as exc:
            why = str(exc) or "the page started no run"
            return self._show(replay, CellResult(replay.cell, Judged(CellVerdict.ERROR, why)))
        finally:
            mode.run_taps.remove(tap)
        outcome = await run.wait()
        sent_at = next((e.at for e in run.timeline.events if isinstance(e, MessageSent)), None)
        # the page's own bound (the check's hang bound) ended it: hung, as the matrix says
        timed_out = (
            isinstance(outcome, RunFailed)
            and sent_at is not None
            and outcome.at - sent_at >= replay.config.hang_bound_s
        )
        text = outcome.text if isinstance(outcome, ReplyCompleted) else ""
        if isinstance(outcome, RunFailed | RunStopped):
            text = outcome.partial_text
        reply_id = getattr(outcome, "reply_id", None)
        try:
            result = await replay.judge(
                backend, host, sent=text, timed_out=timed_out,
                reply_ids=[reply_id] if reply_id else None,
            )  # fmt: skip
        except PageError as exc:
            result = CellResult(replay.cell, Judged(CellVerdict.ERROR, str(exc).splitlines()[0]))
        return self._show(replay, result)

    async def _send(self, mode: PageMode | ProjectMode, host: Any, message: str) -> None:
        """The mode's own send: the page's send method, or typing into the project page's
        input and tapping its send element (the mode's tap path starts the run)."""
        if isinstance(mode, PageMode):
            mode.on_send_requested(message)
            return
        from simulator.project.drive import default_input, default_tap

        page = host.routes.get(host.top or 0, host.project.entry)
        wxml = host.project.root / f"{page}.wxml"
        opts = host.options
        await host.act("input", opts.input_selector or default_input(wxml), message)
        await host.act("tap", opts.tap_selector or default_tap(wxml))

    def _show(self, replay: CellReplay, result: CellResult) -> CellResult:
        """The verdict in the status bar; the network panel on the first bad read."""
        self.result = result
        summary = result.judged.summary
        g = result.judged.garble
        if g is not None:
            summary = self.tr("char {0}: {1!r} where the backend sent {2!r}").format(
                g.index, g.got, g.want
            )
        text = self.tr("Replay {0}: {1}").format(replay.name, verdict_text(result.verdict))
        if result.verdict is not CellVerdict.EXACT:
            text += f" — {summary}"
        point = self.point = reveal_point(result)
        window = self.parts.window
        if point is not None:
            panel = window.network_log
            window.tabs.setCurrentWidget(panel)
            row = panel.select_flow(TRANSPORT_NAME, point.flow_id)
            if row is not None and point.byte_offset is not None:
                self.revealed = panel.detail.reveal_chunk(point.byte_offset)
            # the reads below want the room (a replay makes one or two flows); after the
            # detail exists, as building it sets its own sizes (Qt scales these to the height)
            panel.splitter.setSizes([1, 3])
            if self.revealed is not None and point.byte_offset is not None:
                where = (
                    self.tr("first bad character in read {0} (body byte {1})")
                    if point.why == "garble"
                    else self.tr("first read cutting a character or line: read {0} (byte {1})")
                )
                text += " · " + where.format(self.revealed + 1, point.byte_offset)
        self._say(text, result.verdict)
        log.info("= replay %s: %s — %s; reveal %s", replay.name, result.verdict,
                 result.judged.summary, point)  # fmt: skip
        return result

    def _say(self, text: str, verdict: CellVerdict | None) -> None:
        with contextlib.suppress(RuntimeError):  # the window may be gone
            colour = VERDICT_COLOURS.get(verdict) if verdict is not None else None
            style = f"background: {colour}; color: #000; padding: 0 6px;" if colour else ""
            self.label.setStyleSheet(style)
            self.label.setText(text)
            self.label.setToolTip(text)
            self.label.show()
