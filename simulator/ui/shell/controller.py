"""The one Qt bridge of runs: starts, races and stops them through the session, and turns
what each run's handle records into signals for the widgets."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QObject, Signal

from simulator.session.run import RunHandle
from simulator.session.session import Session, TransportFactory
from simulator.transports.events import CharsPainted, RunEvent, RunFailed
from simulator.ui.kit.errors import failure_message


class ChatController(QObject):
    """Runs prompts on the session; one prompt at a time, or one per transport in a race.

    A new prompt cancels the run in flight (its partial text is kept, as `RunStopped`). The
    session makes each run and its handle owns the run's record; this class only observes
    handles and re-emits what they record as signals (the widgets never see a transport).
    """

    run_started = Signal(object)
    """(RunHandle) a run was created and is about to send."""
    run_event_received = Signal(object, object)
    """(RunHandle, RunEvent) after the event is in the run's timeline."""
    run_finished = Signal(object)
    """(RunHandle) its outcome is known: completed, failed or stopped."""
    run_trace_received = Signal(object)
    """(RunHandle) the backend's emission trace arrived: delivery delays and the emitted curve."""
    busy_changed = Signal(bool)
    error_occurred = Signal(str)
    """A message for the toast: what went wrong, the raw reason, what was kept."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._running: dict[int, RunHandle] = {}
        self.runs: list[RunHandle] = []

    @property
    def busy(self) -> bool:
        """A run is in flight."""
        return bool(self._running)

    def send(self, text: str, transport: str) -> RunHandle:
        """Start `text` on `transport`, cancelling whatever is in flight."""
        self.stop()
        return self._watch(self.session.launch(transport, text))

    def race(self, text: str, transports: list[str]) -> list[RunHandle]:
        """Start `text` on every transport at once."""
        self.stop()
        return [self._watch(self.session.launch(n, text, race=True)) for n in transports]

    def send_to(self, source: TransportFactory, name: str, text: str) -> RunHandle:
        """Start `text` on a source that is not a transport row (a loaded page)."""
        self.stop()
        return self._watch(self.session.launch(source, text, name=name))

    def stop(self) -> None:
        """Cancel every run in flight; each ends as `RunStopped` with its text kept."""
        for handle in list(self._running.values()):
            if handle.task is not None:
                handle.task.cancel()

    async def wait_idle(self) -> None:
        """Until no run is in flight (used on quit)."""
        while self._running:
            tasks = [h.task for h in self._running.values() if h.task is not None]
            await asyncio.gather(*tasks, return_exceptions=True)

    def _watch(self, handle: RunHandle) -> RunHandle:
        handle.listen(self._on_run_event)
        self.runs.append(handle)
        self.run_started.emit(handle)
        was_busy = self.busy
        self._running[handle.id] = handle
        assert handle.task is not None
        handle.task.add_done_callback(lambda _task: self._on_done(handle))
        if not was_busy:
            self.busy_changed.emit(True)
        return handle

    def _on_run_event(self, handle: RunHandle, event: RunEvent) -> None:
        if isinstance(event, CharsPainted):
            return  # a paint came from a widget: it is in the timeline, nobody else needs it
        self.run_event_received.emit(handle, event)
        if handle.outcome is event:
            self.run_finished.emit(handle)
            if isinstance(event, RunFailed):
                kept = len(event.partial_text)
                self.error_occurred.emit(failure_message(handle.source, event, kept))

    def _on_done(self, handle: RunHandle) -> None:
        self._running.pop(handle.id, None)
        if not self._running:
            self.busy_changed.emit(False)
        if handle.trace is not None:  # the session attached it before the task ended
            self.run_trace_received.emit(handle)
