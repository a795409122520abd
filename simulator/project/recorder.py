"""`RunRecorder`: a project's run timeline, from what the host relays.

It mirrors the data of every instance (`reply.ReplyTracker`), keeps each `setData`'s cost
(bytes, sent → applied), stamps a chunk at the arrival of the network data the page reacted
to, and "painted" when the view acknowledged the `setData` that changed visible text.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from simulator.project.reply import Growth, ReplyTracker
from simulator.transports import events as run_ev
from simulator.wx import events as wx_ev

_DATA_EVENTS = (wx_ev.ChunkReceived, wx_ev.FrameReceived, wx_ev.ProgressUpdated)
Key = tuple[Any, int]
MAX_COSTS = 20_000
"""setData costs kept (the newest): a long session streams ~50 calls a second."""


@dataclass(frozen=True, slots=True)
class PageErrorRecord:
    """An error of the project's code (or its markup) with where it happened."""

    message: str
    file: str | None
    line: int | None
    where: str
    stack: str = ""

    def __str__(self) -> str:
        at = f" ({self.file}:{self.line})" if self.file and self.line else ""
        return f"{self.message}{at}"


@dataclass(frozen=True, slots=True)
class SetDataCost:
    id: Any
    seq: int
    bytes: int
    at: float
    """When the page called setData (monotonic)."""
    applied_at: float | None = None
    text_changed: bool = False


@dataclass
class RunState:
    """One message's run: where its events go and what it saw so far."""

    index: int
    emit: run_ev.EmitEvent
    tapped: bool = False
    errors: list[PageErrorRecord] = field(default_factory=list)
    connected: bool = False
    reply_id: str | None = None
    painted: int = 0
    paints: dict[Key, Growth] = field(default_factory=dict)
    """Growth whose setData the view has not applied yet."""
    unseen: list[Growth] = field(default_factory=list)
    """Growth applied without a visible change yet (text shown by a component)."""
    urls: dict[int, str] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    """HTTP status per request of this run that ended in `success`."""

    def http_refusal(self) -> str | None:
        """Every request of the run was answered with an HTTP error: which (the page may only
        have shown it as text, so the run would otherwise pass for a reply)."""
        if not self.statuses or any(s < 400 for s in self.statuses.values()):
            return None
        flow, status = next(iter(self.statuses.items()))
        return f"the backend answered HTTP {status} to {self.urls.get(flow, 'the request')}"


class RunRecorder:
    def __init__(self, reply_path: str | None) -> None:
        self.tracker = ReplyTracker(reply_path)
        self.costs: dict[Key, SetDataCost] = {}
        self.unapplied: set[Key] = set()
        self.open_http: set[int] = set()
        self.run: RunState | None = None
        self._data_stamps: deque[float] = deque(maxlen=10_000)
        self._pending_bytes = 0
        self._streamed: set[int] = set()
        """Flows whose body came in pieces (chunks, download writes)."""

    def start(self, run: RunState) -> None:
        self.run = run
        self._data_stamps.clear()
        self._pending_bytes = 0
        self.tracker.start_run()

    def finish(self) -> None:
        """The run is over: growth still held back is reported (a reply set in one call)."""
        run = self.run
        for growth in self.tracker.end_run():
            if run is not None:
                self._grew(run, growth)
        if run is not None and self._pending_bytes:
            # bytes that reached the page but never showed as reply text: still moved
            run.emit(
                run_ev.EmptyResponseReceived(time.monotonic(), "response", self._pending_bytes)
            )
        self._pending_bytes = 0
        self.run = None

    def set_data(self, msg: dict[str, Any]) -> None:
        key = (msg["id"], int(msg["seq"]))
        at = float(msg["at"])
        self.costs[key] = SetDataCost(msg["id"], key[1], int(msg.get("bytes", 0)), at)
        if len(self.costs) > MAX_COSTS:
            del self.costs[next(iter(self.costs))]
        self.unapplied.add(key)
        # the page's reaction to data that arrived before it called setData: the earliest
        # arrival not yet attributed is when this text reached the phone (FIFO, monotonic)
        arrived = at
        while self._data_stamps and self._data_stamps[0] <= at:
            arrived = min(arrived, self._data_stamps.popleft())
        run = self.run
        for growth in self.tracker.apply(msg["id"], msg.get("patch") or {}, (key, arrived)):
            if run is not None:
                self._grew(run, growth)

    def applied(self, msg: dict[str, Any]) -> None:
        now = time.monotonic()
        key = (msg["id"], int(msg["seq"]))
        self.unapplied.discard(key)
        changed = bool(msg.get("textChanged"))
        cost = self.costs.get(key)
        if cost is not None:
            self.costs[key] = SetDataCost(cost.id, cost.seq, cost.bytes, cost.at, now, changed)
        run = self.run
        if run is None:
            return
        growth = run.paints.pop(key, None)
        if growth is not None and not changed:
            # the text lives in a component: it shows when that component's render changes
            # text (its setData from the new props comes right after)
            run.unseen.append(growth)
        elif changed:
            for earlier in run.unseen:
                self._painted(run, earlier, now)
            run.unseen.clear()
            if growth is not None:
                self._painted(run, growth, now)

    def _grew(self, run: RunState, growth: Growth) -> None:
        key, arrived = growth.stamp
        run.emit(run_ev.ChunkReceived(arrived, growth.delta, self._pending_bytes))
        self._pending_bytes = 0
        cost = self.costs.get(key)
        if cost is not None and cost.applied_at is not None and cost.text_changed:
            self._painted(run, growth, cost.applied_at)  # the view answered before we decided
        else:
            run.paints[key] = growth

    def _painted(self, run: RunState, growth: Growth, at: float) -> None:
        run.painted += len(growth.delta)
        run.emit(run_ev.CharsPainted(at, len(growth.delta), growth.total))

    def note_reply_id(self, res: Any) -> None:
        """The stub's `X-Reply-Id` from a callback's result: its trace judges the run."""
        run = self.run
        if run is None or run.reply_id is not None or not isinstance(res, dict):
            return
        header = res.get("header")
        if isinstance(header, dict):
            for key, value in header.items():
                if key.lower() == "x-reply-id":
                    run.reply_id = str(value)

    def wx_event(self, event: wx_ev.WxEvent) -> None:
        if isinstance(event, wx_ev.TaskStarted) and event.kind != "socket":
            self.open_http.add(event.flow_id)
        elif isinstance(event, wx_ev.TaskCompleted | wx_ev.TaskFailed):
            self.open_http.discard(event.flow_id)
        if isinstance(event, _DATA_EVENTS):
            self._data_stamps.append(event.at)
            self._pending_bytes += getattr(event, "size", 0)
            self._streamed.add(event.flow_id)
        elif isinstance(event, wx_ev.TaskCompleted) and event.flow_id not in self._streamed:
            # the body came whole in `success` (PC, a plain request): it arrived then
            self._data_stamps.append(event.at)
            self._pending_bytes += event.nbytes
        if isinstance(event, wx_ev.TaskCompleted | wx_ev.TaskFailed):
            self._streamed.discard(event.flow_id)
        run = self.run
        if run is None:
            return
        if isinstance(event, wx_ev.TaskCompleted) and event.flow_id in run.urls:
            run.statuses[event.flow_id] = event.status
        if isinstance(event, wx_ev.TaskStarted):
            run.urls[event.flow_id] = event.url
            kind = "download" if event.kind == "download" else event.kind
            run.emit(run_ev.RequestMade(event.at, kind, event.url))
        elif isinstance(event, wx_ev.HeadersReceived | wx_ev.SocketOpened) and not run.connected:
            run.connected = True
            run.emit(run_ev.ConnectionOpened(event.at, type(event).__name__))
