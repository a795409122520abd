"""A run's figures updated event by event: a live refresh costs the same at any length."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.metrics import percentile
from simulator.transports.events import (
    CharsPainted,
    ChunkReceived,
    ConnectionOpened,
    EmptyResponseReceived,
    MessageSent,
    ReplyCompleted,
    RequestMade,
    RunEvent,
    RunFailed,
    RunStopped,
)

Point = tuple[float, int]


@dataclass
class LiveFigures:
    """The same notions as `RunMetrics` (times relative to `MessageSent`), updated per event.

    `RunTimeline.metrics()` recomputes everything from the event list: right for the final
    figures, too slow to call a few times a second on a 50,000-character reply (~20 ms).
    """

    send_at: float | None = None
    connected_s: float | None = None
    first_byte_s: float | None = None
    last_byte_s: float | None = None
    first_paint_s: float | None = None
    last_paint_s: float | None = None
    end_s: float | None = None
    requests: int = 0
    bytes: int = 0
    chars: int = 0
    gaps: list[float] = field(default_factory=list)
    delivery_delays: list[float] = field(default_factory=list)
    """From the emission stamps that frames carried (the trace refines them at the end)."""
    arrived: list[Point] = field(default_factory=list)
    painted: list[Point] = field(default_factory=list)
    emitted: list[Point] = field(default_factory=list)
    _last_chunk_at: float | None = None
    _emitted_chars: int = 0

    def add(self, event: RunEvent) -> None:
        """Account for one event."""
        if isinstance(event, MessageSent):
            self.send_at = event.at
            self.arrived.append((0.0, 0))
            self.painted.append((0.0, 0))
            return
        t0 = self.send_at
        if t0 is None:
            return
        rel = event.at - t0
        if isinstance(event, RequestMade):
            self.requests += 1
        elif isinstance(event, ConnectionOpened):
            if self.connected_s is None:
                self.connected_s = rel
        elif isinstance(event, ChunkReceived):
            self.bytes += event.nbytes
            if not event.text:
                return
            if self._last_chunk_at is not None:
                self.gaps.append(event.at - self._last_chunk_at)
            self._last_chunk_at = event.at
            if self.first_byte_s is None:
                self.first_byte_s = rel
            self.last_byte_s = rel
            self.chars += len(event.text)
            self.arrived.append((rel, self.chars))
            if event.emitted_at is not None:
                self.delivery_delays.append(event.at - event.emitted_at)
                self._emitted_chars += len(event.text)
                self.emitted.append((event.emitted_at - t0, self._emitted_chars))
        elif isinstance(event, EmptyResponseReceived):
            self.bytes += event.nbytes
        elif isinstance(event, CharsPainted) and event.count:
            if self.first_paint_s is None:
                self.first_paint_s = rel
            self.last_paint_s = rel
            self.painted.append((rel, event.total))
        elif isinstance(event, ReplyCompleted | RunFailed | RunStopped):
            self.end_s = rel

    def gap_p50(self) -> float | None:
        return percentile(self.gaps, 50)

    def delivery_p50(self) -> float | None:
        return percentile(self.delivery_delays, 50)
