"""The network log: one bounded list of flow records built from the runtime's events."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from simulator.wx import events as ev

logger = logging.getLogger(__name__)

FlowChange = Literal["added", "updated"]
FlowObserver = Callable[[FlowChange, "Flow"], None]


@dataclass(slots=True)
class Flow:
    """One request, download, socket or file read as a log view shows it.

    Only `FlowLog` changes it (in place, like mitmproxy's flows); observers are told each time.
    """

    id: int
    """The `flow_id` of the runtime events."""
    kind: str
    """"request" | "download" | "socket" | "file" (a `readFile`: done when it starts; HAR
    skips it, having no `TaskStarted`)."""
    method: str
    url: str
    started_at: float
    """Monotonic seconds of the wx call."""
    queued_at: float | None = None
    """When the concurrency limit made it wait, if it did."""
    headers_at: float | None = None
    """Response headers (or socket open) reached the page."""
    first_byte_at: float | None = None
    last_byte_at: float | None = None
    ended_at: float | None = None
    status: int | None = None
    """HTTP status, or the socket's close code."""
    bytes_received: int = 0
    bytes_sent: int = 0
    chunks: int = 0
    """Body pieces or received frames delivered to the page."""
    frames_sent: int = 0
    error: str | None = None
    """The errMsg of a failure."""
    state: str = "started"
    """"started" | "queued" | "open" | "done" | "failed" | "closed"."""
    text_altered: bool = False
    """The success text was not a clean decode of the body (see `TaskCompleted`)."""
    lane: str = ""
    """Who made it (a transport's lane, `page`, …): set by whoever owns the runtime's log."""
    events: list[ev.WxEvent] = field(default_factory=list)
    """Its runtime events in order, when the log keeps them (the panel's detail, HAR)."""
    events_dropped: int = 0
    """Events past the log's per-flow bound (counted, not kept)."""


class FlowLog:
    """The one record of a runtime's requests, sockets, downloads and file reads: the newest
    `limit` flows, updated from `EventStream` events (mitmproxy's flows with many views: the
    network panel, HAR export and the bench read these records, nothing else keeps its own;
    the session gathers its lanes' logs in one `FlowBook`).

    Feed it with `log.handle(event)` (subscribe it to the runtime's stream); observers get
    ("added", flow) once and ("updated", flow) on every later change of that flow. With
    `keep_events`, each flow also keeps up to that many of its events (0: figures only, as a
    load run's thousand users want).
    """

    def __init__(self, limit: int = 500, keep_events: int = 0, lane: str = "") -> None:
        self._limit = limit
        self.keep_events = keep_events
        self.lane = lane
        """Stamped on every new flow (the session names each runtime's lane)."""
        self._flows: OrderedDict[int, Flow] = OrderedDict()
        self._observers: list[FlowObserver] = []

    def flows(self) -> list[Flow]:
        """Every kept flow, oldest first."""
        return list(self._flows.values())

    def __len__(self) -> int:
        return len(self._flows)

    def get(self, flow_id: int) -> Flow | None:
        return self._flows.get(flow_id)

    def observe(self, fn: FlowObserver) -> Callable[[], None]:
        """Call `fn(change, flow)` on every change; returns the function that stops it."""
        self._observers.append(fn)
        return lambda: self._observers.remove(fn) if fn in self._observers else None

    def handle(self, event: ev.WxEvent) -> None:
        """Apply one runtime event."""
        if isinstance(event, ev.TaskStarted | ev.FileRead):
            flow = _new_flow(event)
            flow.lane = self.lane
            if self.keep_events:
                flow.events.append(event)
            self._flows[flow.id] = flow
            while len(self._flows) > self._limit:
                self._flows.popitem(last=False)
            self._notify("added", flow)
            return
        old = self._flows.get(event.flow_id)
        if old is None:
            return  # a file read, or a flow already dropped from the log
        if self.keep_events:
            if len(old.events) < self.keep_events:
                old.events.append(event)
            else:
                old.events_dropped += 1
        if isinstance(event, _PIECES):
            _add_piece(old, event)  # once per chunk: skip the match below
        elif not _apply(old, event):
            return
        if self._observers:
            self._notify("updated", old)

    def _notify(self, change: FlowChange, flow: Flow) -> None:
        for fn in tuple(self._observers):
            try:
                fn(change, flow)
            except Exception:
                logger.exception("! flow observer %r failed", fn)


_PIECES = (ev.FrameReceived, ev.ChunkReceived)


def _new_flow(event: ev.TaskStarted | ev.FileRead) -> Flow:
    if isinstance(event, ev.TaskStarted):
        return Flow(event.flow_id, event.kind, event.method, event.url, event.at)
    # a file read is whole when it is reported: one finished record, for the panel's file rows
    return Flow(
        event.flow_id,
        "file",
        "",
        event.path,
        event.at,
        ended_at=event.at,
        bytes_received=event.size,
        state="done",
    )


def _apply(flow: Flow, event: ev.WxEvent) -> bool:
    """Update `flow` in place; False when the event changes nothing in it."""
    match event:
        case ev.TaskQueued():
            flow.queued_at, flow.state = event.at, "queued"
        case ev.HeadersReceived():
            flow.headers_at, flow.status, flow.state = event.at, event.status, "open"
        case ev.ChunkReceived() | ev.FrameReceived():
            _add_piece(flow, event)
        case ev.SocketOpened():
            flow.headers_at, flow.state = event.at, "open"
        case ev.FrameSent():
            flow.bytes_sent += event.size
            flow.frames_sent += 1
        case ev.SocketClosed():
            flow.ended_at, flow.status, flow.state = event.at, event.code, "closed"
        case ev.TaskFailed():
            if flow.kind != "socket":
                flow.ended_at = event.at
            flow.error, flow.state = event.err_msg, "failed"
        case ev.TaskCompleted():
            flow.ended_at, flow.status, flow.state = event.at, event.status, "done"
            flow.text_altered = event.text_altered
            flow.bytes_received = max(flow.bytes_received, event.nbytes)
        case _:
            return False
    return True


def _add_piece(flow: Flow, event: ev.ChunkReceived | ev.FrameReceived) -> None:
    """A body piece or a frame reached the page (counts only: the payload is not kept)."""
    if flow.first_byte_at is None:
        flow.first_byte_at = event.at
    flow.last_byte_at = event.at
    flow.bytes_received += event.size
    flow.chunks += 1
