"""One run's timeline: collect its RunEvents, then measure it (never estimate)."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from simulator.metrics.arrival import judge_arrival
from simulator.metrics.trace import EmissionTrace
from simulator.transports.events import (
    CharsPainted,
    ChunkReceived,
    ConnectionOpened,
    EmptyResponseReceived,
    FallbackTaken,
    MessageSent,
    ReplyCompleted,
    RequestMade,
    RunEvent,
    RunFailed,
    RunStopped,
)
from simulator.transports.failures import FailureKind

BUFFERED_SPREAD_RATIO = 0.2
"""Arrival spread below this share of the emission spread means something held the stream back."""


@dataclass(frozen=True, slots=True)
class RunMetrics:
    """Figures of one run; times are seconds after `send_at`, None when the run never got there."""

    transport: str
    send_at: float
    connected_s: float | None
    first_byte_s: float | None
    """First reply text reached the page's code (after decoding/parsing)."""
    first_paint_s: float | None
    last_byte_s: float | None
    last_paint_s: float | None
    end_s: float | None
    """The run's terminal event (completed, failed or stopped)."""
    gaps: tuple[float, ...]
    """Seconds between consecutive text arrivals."""
    delivery_delays: tuple[float, ...]
    """Per emitted chunk: arrival of its last character at the page − backend emission stamp."""
    requests: int
    bytes: int
    chars: int
    chunks: int
    empty_responses: int
    fallbacks: int
    completed: bool
    failed: bool
    stopped: bool
    error: str | None
    text: str
    reply_id: str | None
    emission_spread_s: float | None = None
    """Last − first emission stamp (from the trace), None without one."""
    error_kind: FailureKind | None = None
    """What kind of failure ended the run (None unless it failed)."""

    @property
    def arrival_spread_s(self) -> float | None:
        """Last byte − first byte at the page."""
        if self.first_byte_s is None or self.last_byte_s is None:
            return None
        return self.last_byte_s - self.first_byte_s

    @property
    def buffered(self) -> bool | None:
        """True when the backend spread its chunks out but they reached the page (almost) at once.

        That is what a buffering proxy, a non-streaming backend or a strict download looks
        like. None when there is no emission trace to compare with.
        """
        spread = self.arrival_spread_s
        if self.emission_spread_s is None or spread is None or self.emission_spread_s <= 0.05:
            return None
        return spread < BUFFERED_SPREAD_RATIO * self.emission_spread_s

    @property
    def buffered_seen(self) -> bool | None:
        """`buffered` when the backend stamped its emissions, else judged from the arrival
        pattern alone (`metrics.arrival`: spread of the reads vs the wait for the last one)."""
        if self.buffered is not None or self.first_byte_s is None:
            return self.buffered
        arrivals = list(itertools.accumulate(self.gaps, initial=self.first_byte_s))
        return judge_arrival(arrivals).buffered


@dataclass
class RunTimeline:
    """Collects the events of one run; pass it (or its `add`) as a transport's `emit`.

    Listeners added with `subscribe` see every event after it is recorded (the UI's live panel).
    """

    events: list[RunEvent] = field(default_factory=list)
    _listeners: tuple[Callable[[RunEvent], None], ...] = ()
    """Replaced, not mutated, on (un)subscribe: `add` (once per chunk) iterates it as is, and a
    listener added or removed during `add` takes effect from the next event."""

    def __call__(self, event: RunEvent) -> None:
        self.add(event)

    def add(self, event: RunEvent) -> None:
        self.events.append(event)
        for listener in self._listeners:
            listener(event)

    def subscribe(self, listener: Callable[[RunEvent], None]) -> Callable[[], None]:
        """Call `listener` for each new event; returns the unsubscribe function."""
        self._listeners = (*self._listeners, listener)

        def unsubscribe() -> None:
            kept = list(self._listeners)
            kept.remove(listener)
            self._listeners = tuple(kept)

        return unsubscribe

    @property
    def finished(self) -> bool:
        return any(isinstance(e, ReplyCompleted | RunFailed | RunStopped) for e in self.events)

    @property
    def text(self) -> str:
        """The reply text the page holds so far."""
        return "".join(e.text for e in self.events if isinstance(e, ChunkReceived))

    def metrics(self, trace: EmissionTrace | None = None) -> RunMetrics:
        """Measure the run; with `trace`, delivery delays come from the backend's emission stamps.

        Raises:
            ValueError: no `MessageSent` was recorded.
        """
        sent = next((e for e in self.events if isinstance(e, MessageSent)), None)
        if sent is None:
            raise ValueError("a run timeline starts with MessageSent")
        t0 = sent.at
        chunks = [e for e in self.events if isinstance(e, ChunkReceived) and e.text]
        paints = [e for e in self.events if isinstance(e, CharsPainted) and e.count > 0]
        connected = next((e for e in self.events if isinstance(e, ConnectionOpened)), None)
        end = next(
            (e for e in self.events if isinstance(e, ReplyCompleted | RunFailed | RunStopped)), None
        )
        text = _held_text(chunks, end)
        wire = sum(
            e.nbytes for e in self.events if isinstance(e, ChunkReceived | EmptyResponseReceived)
        )
        return RunMetrics(
            transport=sent.transport,
            send_at=t0,
            connected_s=_rel(connected.at if connected else None, t0),
            first_byte_s=_rel(chunks[0].at if chunks else None, t0),
            first_paint_s=_rel(paints[0].at if paints else None, t0),
            last_byte_s=_rel(chunks[-1].at if chunks else None, t0),
            last_paint_s=_rel(paints[-1].at if paints else None, t0),
            end_s=_rel(end.at if end else None, t0),
            gaps=tuple(b.at - a.at for a, b in itertools.pairwise(chunks)),
            delivery_delays=_delivery_delays(chunks, trace),
            requests=sum(1 for e in self.events if isinstance(e, RequestMade)),
            bytes=wire,
            chars=len(text),
            chunks=len(chunks),
            empty_responses=sum(1 for e in self.events if isinstance(e, EmptyResponseReceived)),
            fallbacks=sum(1 for e in self.events if isinstance(e, FallbackTaken)),
            completed=isinstance(end, ReplyCompleted),
            failed=isinstance(end, RunFailed),
            stopped=isinstance(end, RunStopped),
            error=end.error if isinstance(end, RunFailed) else None,
            text=text,
            reply_id=end.reply_id if isinstance(end, ReplyCompleted) else None,
            emission_spread_s=_emission_spread(trace),
            error_kind=end.kind if isinstance(end, RunFailed) else None,
        )


def _held_text(
    chunks: list[ChunkReceived], end: ReplyCompleted | RunFailed | RunStopped | None
) -> str:
    """The chunks' text joined; the end event's own copy when it is that text (a long reply
    is then held twice, not three times: its pieces and one whole)."""
    held = end.text if isinstance(end, ReplyCompleted) else end.partial_text if end else None
    if (
        held is not None
        and len(held) == sum(len(c.text) for c in chunks)
        and (not chunks or (held.startswith(chunks[0].text) and held.endswith(chunks[-1].text)))
    ):
        return held
    return "".join(c.text for c in chunks)


def _rel(at: float | None, t0: float) -> float | None:
    return None if at is None else at - t0


CLOCK_SLACK_S = 0.002
"""How far before its emission a chunk may seem to arrive (stamps rounded, same clock)."""


def _emission_spread(trace: EmissionTrace | None) -> float | None:
    stamps = [c.emitted_at for c in trace.chunks if c.text] if trace else []
    return stamps[-1] - stamps[0] if len(stamps) >= 2 else None


def _delivery_delays(
    chunks: Iterable[ChunkReceived], trace: EmissionTrace | None
) -> tuple[float, ...]:
    """Arrival − emission per emitted chunk.

    With a trace, match by character offset: an emitted chunk has arrived when the page holds
    all characters up to its end, whatever the framing re-cut (polling snapshots, re-sliced
    bytes, a download read at the end). Without a trace, use the stamps the frames carried.
    """
    chunks = list(chunks)
    if trace is None:
        return tuple(c.at - c.emitted_at for c in chunks if c.emitted_at is not None)
    arrived_text = "".join(c.text for c in chunks)
    ends: list[int] = []
    times: list[float] = []
    total = 0
    for c in chunks:
        total += len(c.text)
        ends.append(total)
        times.append(c.at)
    delays: list[float] = []
    offset = 0
    for emitted in trace.chunks:
        if not emitted.text:
            continue
        offset += len(emitted.text)
        if arrived_text[offset - len(emitted.text) : offset] != emitted.text:
            break  # the page's text diverges from what was emitted: stop matching honestly
        i = bisect.bisect_left(ends, offset)
        if i == len(ends):
            break
        delays.append(times[i] - emitted.emitted_at)
    if delays and min(delays) < -CLOCK_SLACK_S:
        # Arrived before it was emitted: this trace is another reply's (a page that made two
        # requests with the same text). No figure is better than a false one.
        return ()
    return tuple(delays)
