"""The bridge from plain runs and wx events to Qt signals; starts, races and stops runs."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from PySide6.QtCore import QObject, Signal

from simulator.metrics import EmissionTrace
from simulator.session.driver import drive
from simulator.session.settings import RunSettings
from simulator.transports.base import SendMessage, Transport
from simulator.transports.events import ReplyCompleted, RunEvent, RunFailed
from simulator.transports.failures import FailureKind
from simulator.ui.kit.errors import failure_message
from simulator.ui.kit.run import Run
from simulator.ui.kit.tasks import spawn

MAX_REPLY_CHARS = 2_000_000
"""Characters one reply may bring before it is ended (its timeline holds every chunk)."""

TransportFactory = Callable[[str], Awaitable[Transport]]
"""Gives a ready transport for a name (starting the backend first if needed)."""
TraceFetcher = Callable[[str], Awaitable[EmissionTrace | None]]
"""Reads the backend's emission trace of a reply id (None when it keeps none)."""


class ChatController(QObject):
    """Runs prompts through transports; one prompt at a time, or one per transport in a race.

    A new prompt cancels the run in flight (its partial text is kept, as `RunStopped`).
    Signals carry `Run` objects; the widgets never see a transport.
    """

    run_started = Signal(object)
    """(Run) a run was created and is about to send."""
    run_event_received = Signal(object, object)
    """(Run, RunEvent) after the event is in the run's timeline."""
    run_finished = Signal(object)
    """(Run) its outcome is known: completed, failed or stopped."""
    run_trace_received = Signal(object)
    """(Run) the backend's emission trace arrived: delivery delays and the emitted curve."""
    busy_changed = Signal(bool)
    error_occurred = Signal(str)
    """A message for the toast: what went wrong, the raw reason, what was kept."""

    def __init__(
        self,
        make_transport: TransportFactory,
        scenario: Callable[[], str | None] = lambda: None,
        run_timeout_s: Callable[[], float] = lambda: RunSettings().run_timeout_s,
        fetch_trace: TraceFetcher | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._make_transport = make_transport
        self._fetch_trace = fetch_trace
        self._scenario = scenario
        self._run_timeout_s = run_timeout_s
        """The settings' per-run limit, the bench's too: a run that never ends is stopped."""
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self.runs: list[Run] = []

    @property
    def busy(self) -> bool:
        """A run is in flight."""
        return bool(self._tasks)

    def send(self, text: str, transport: str) -> Run:
        """Start `text` on `transport`, cancelling whatever is in flight."""
        self.stop()
        return self._start(Run(transport, text))

    def race(self, text: str, transports: list[str]) -> list[Run]:
        """Start `text` on every transport at once."""
        self.stop()
        return [self._start(Run(name, text, race=True)) for name in transports]

    def stop(self) -> None:
        """Cancel every run in flight; each ends as `RunStopped` with its text kept."""
        for task in list(self._tasks.values()):
            task.cancel()

    async def wait_idle(self) -> None:
        """Until no run is in flight (used on quit)."""
        while self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    def _start(self, run: Run) -> Run:
        run.listen(self._on_run_event)
        self.runs.append(run)
        self.run_started.emit(run)
        was_busy = self.busy
        self._tasks[run.id] = spawn(self._drive(run), name=f"run-{run.id}-{run.transport}")
        if not was_busy:
            self.busy_changed.emit(True)
        return run

    def _on_run_event(self, run: Run, event: RunEvent) -> None:
        if run.live.chars > MAX_REPLY_CHARS and not run.ended and run.id in self._tasks:
            # a bound on a run's memory: an endless reply ends here with its text kept
            error = f"reply over {MAX_REPLY_CHARS} characters"
            run.emit(RunFailed(event.at, error, run.received_text, kind=FailureKind.TOO_LARGE))
            self._tasks[run.id].cancel()
            return
        self.run_event_received.emit(run, event)
        if run.outcome is event:
            self.run_finished.emit(run)
            if isinstance(event, RunFailed):
                kept = len(event.partial_text)
                self.error_occurred.emit(failure_message(run.transport, event, kept))

    async def _drive(self, run: Run) -> None:
        message = SendMessage(text=run.prompt, scenario=self._scenario())
        try:
            # the bench's limit: a run that never ends must not hold the window forever
            await drive(
                lambda: self._make_transport(run.transport),
                run.transport,
                message,
                run.emit,
                timeout_s=self._run_timeout_s(),
            )
        except asyncio.CancelledError:
            pass  # drive() ended the run as stopped; the task itself is done
        finally:
            self._tasks.pop(run.id, None)
            if not self._tasks:
                self.busy_changed.emit(False)
        outcome = run.outcome
        if isinstance(outcome, ReplyCompleted) and outcome.reply_id and self._fetch_trace:
            spawn(self._read_trace(run, outcome.reply_id), name=f"trace-{run.id}")

    async def _read_trace(self, run: Run, reply_id: str) -> None:
        fetch = self._fetch_trace
        if fetch is None:
            return
        try:
            run.trace = await fetch(reply_id)
        except Exception:
            return  # the trace is a debugging extra; the run stands without it
        if run.trace is not None:
            self.run_trace_received.emit(run)
