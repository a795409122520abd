"""Record what a backend sent, as seen by the page, into the stub's cassette format.

A stream seen once on a user's own server (any kind: the profile's transport parsed it) can
then be replayed through the stub on every transport: `python -m backend_stub --replay FILE`.
Qt-free; it uses only `backend_stub`'s public cassette API (file format: docs/replay.md).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from backend_stub import CassetteWriter, RecordedReply, from_arrivals, public_url
from simulator.metrics import RunTimeline
from simulator.transports.events import ChunkReceived, MessageSent, ReplyCompleted, RunFailed


def reply_from_pieces(
    prompt: str,
    pieces: Iterable[tuple[float, str]],
    *,
    sent_at: float,
    **meta: object,
) -> RecordedReply:
    """A cassette entry from `(arrival_time, text)` pieces; times on one clock with `sent_at`."""
    return from_arrivals(prompt, pieces, sent_at=sent_at, source="client", **meta)


def reply_from_timeline(
    timeline: RunTimeline, *, backend: str, **meta: object
) -> RecordedReply | None:
    """The entry of one finished run, prompt from its `MessageSent`: each `ChunkReceived` is
    one chunk, its arrival relative to the send; a failed run keeps its error. None for a run
    that never sent, was stopped or is still running."""
    sent = next((e for e in timeline.events if isinstance(e, MessageSent)), None)
    if sent is None:
        return None
    failed = next((e for e in timeline.events if isinstance(e, RunFailed)), None)
    if failed is None and not any(isinstance(e, ReplyCompleted) for e in timeline.events):
        return None
    pieces = [(e.at, e.text) for e in timeline.events if isinstance(e, ChunkReceived)]
    if failed is not None:
        meta["error"] = ("upstream_error", failed.error)
    return reply_from_pieces(
        sent.text,
        pieces,
        sent_at=sent.at,
        backend=public_url(backend),
        transport=sent.transport,
        **meta,
    )


class RunRecorder:
    """Appends finished runs to a cassette file (`bench --record FILE`)."""

    def __init__(self, path: str | os.PathLike[str]):
        self._writer = CassetteWriter(path)

    def add(self, timeline: RunTimeline, *, backend: str) -> bool:
        """Record the run; False when it had nothing to record (stopped, never sent)."""
        reply = reply_from_timeline(timeline, backend=backend)
        if reply is None:
            return False
        self._writer.write(reply)
        return True
