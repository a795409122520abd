"""The network log: one bounded list of flow records built from the runtime's events."""

from __future__ import annotations

import dataclasses
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from simulator.wx import events as ev

logger = logging.getLogger(__name__)

FlowChange = Literal["added", "updated"]
FlowObserver = Callable[[FlowChange, "Flow"], None]


@dataclass(frozen=True, slots=True)
class Flow:
    """One request, download or socket as a log view shows it; a new record on every change."""

    id: int
    """The `flow_id` of the runtime events."""
    kind: str
    """"request" | "download" | "socket"."""
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


class FlowLog:
    """Keeps the newest `limit` flows, updated from `EventStream` events.

    Feed it with `log.handle(event)` (subscribe it to the runtime's stream); observers get
    ("added", flow) once and ("updated", flow) on every later change of that flow.
    """

    def __init__(self, limit: int = 500) -> None:
        self._limit = limit
        self._flows: OrderedDict[int, Flow] = OrderedDict()
        self._observers: list[FlowObserver] = []

    def flows(self) -> list[Flow]:
        """Every kept flow, oldest first."""
        return list(self._flows.values())

    def get(self, flow_id: int) -> Flow | None:
        return self._flows.get(flow_id)

    def observe(self, fn: FlowObserver) -> Callable[[], None]:
        """Call `fn(change, flow)` on every change; returns the function that stops it."""
        self._observers.append(fn)
        return lambda: self._observers.remove(fn) if fn in self._observers else None

    def handle(self, event: ev.WxEvent) -> None:
        """Apply one runtime event."""
        if isinstance(event, ev.TaskStarted):
            flow = Flow(event.flow_id, event.kind, event.method, event.url, event.at)
            self._flows[flow.id] = flow
            while len(self._flows) > self._limit:
                self._flows.popitem(last=False)
            self._notify("added", flow)
            return
        old = self._flows.get(event.flow_id)
        if old is None:
            return  # a file read, or a flow already dropped from the log
        new = _apply(old, event)
        if new is not old:
            self._flows[new.id] = new
            self._notify("updated", new)

    def _notify(self, change: FlowChange, flow: Flow) -> None:
        for fn in tuple(self._observers):
            try:
                fn(change, flow)
            except Exception:
                logger.exception("! flow observer %r failed", fn)


def _apply(flow: Flow, event: ev.WxEvent) -> Flow:
    replace = dataclasses.replace
    match event:
        case ev.TaskQueued():
            return replace(flow, queued_at=event.at, state="queued")
        case ev.HeadersReceived():
            return replace(flow, headers_at=event.at, status=event.status, state="open")
        case ev.ChunkReceived() | ev.FrameReceived():
            return replace(
                flow,
                first_byte_at=flow.first_byte_at or event.at,
                last_byte_at=event.at,
                bytes_received=flow.bytes_received + event.size,
                chunks=flow.chunks + 1,
            )
        case ev.SocketOpened():
            return replace(flow, headers_at=event.at, state="open")
        case ev.FrameSent():
            return replace(
                flow, bytes_sent=flow.bytes_sent + event.size, frames_sent=flow.frames_sent + 1
            )
        case ev.SocketClosed():
            return replace(flow, ended_at=event.at, status=event.code, state="closed")
        case ev.TaskFailed():
            ended = flow.ended_at if flow.kind == "socket" else event.at
            return replace(flow, ended_at=ended, error=event.err_msg, state="failed")
        case ev.TaskCompleted():
            return replace(
                flow,
                ended_at=event.at,
                status=event.status,
                bytes_received=max(flow.bytes_received, event.nbytes),
                state="done",
            )
    return flow
