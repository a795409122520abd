"""The one scenario sink: writes a reply's frames onto any route and applies its faults there.

Every route (SSE, plain text, OpenAI, both WebSocket framings) forwards a reply through a
`ScenarioSink`: its framer shapes the frames, its writer puts them on the connection, and the
faults of the scenario (`malformed_at`, `drop_after`, `slice_bytes`, a failed reply with or
without an in-band error) are applied here only.
"""

from __future__ import annotations

from typing import Protocol

from backend_stub.replies.inflight import ChunkRecord, Reply
from backend_stub.wire.framing import Frame, Framer


class FrameWriter(Protocol):
    """One connection's side of a sink; every method returns without blocking."""

    byte_stream: bool
    """True when bytes frames join into one stream (an HTTP body), so `slice_bytes` may cut
    them; False when each frame is a message of its own (WebSocket)."""

    def write(self, frame: Frame) -> None: ...

    def drop(self) -> None:
        """Cut the connection without a goodbye (scenario `drop_after`, no in-band error)."""

    def finish(self) -> None:
        """The reply ended on this connection (after its last frame was written)."""


class ScenarioSink:
    """Forwards one reply to one writer; a `ReplySink`, so it runs inside the scheduler tick.

    `resumed` marks a connection that picked the reply up again (WebSocket resume): it gets
    chunks from `from_seq` on, no `start` frame, and neither `malformed_at` nor `drop_after`,
    so a resume can always finish.
    """

    def __init__(
        self,
        writer: FrameWriter,
        framer: Framer,
        reply: Reply,
        *,
        resumed: bool = False,
        from_seq: int = 0,
    ):
        self.writer = writer
        self.framer = framer
        self.reply = reply
        self.resumed = resumed
        self.from_seq = from_seq
        self.written = 0
        """Chunks written (counts towards `drop_after`)."""
        scenario = reply.scenario
        self._slice = scenario.slice_bytes if writer.byte_stream else None
        self._malformed_at = None if resumed else scenario.malformed_at
        self._drop_after = None if resumed else scenario.drop_after

    def open(self) -> None:
        """Write the opening frame, then attach to the reply (or drop at once: `drop_after=0`)."""
        if not self.resumed:
            start = self.framer.start(self.reply)
            if start is not None:
                self._write(start)
        if self._drop_after == 0:
            self.writer.drop()
            return
        self.reply.attach(self, self.from_seq)

    def close(self) -> None:
        """Stop listening (the connection went away)."""
        self.reply.detach(self)

    def on_chunk(self, reply: Reply, record: ChunkRecord) -> None:
        if record.seq < self.from_seq:  # resumed ahead of the generation: skip what they have
            return
        if record.seq == self._malformed_at:
            self._write(self.framer.malformed(reply, record))
        self._write(self.framer.chunk(reply, record))
        self.written += 1
        if self._drop_after is not None and self.written >= self._drop_after:
            reply.detach(self)
            self.writer.drop()

    def on_end(self, reply: Reply) -> None:
        if reply.error is None:
            frame = self.framer.done(reply)
        else:
            frame = self.framer.error(reply, *reply.error)
            if frame is None:  # the format has no in-band error: cutting is the only signal
                self.writer.drop()
                return
        if frame is not None:
            self._write(frame)
        self.writer.finish()

    def _write(self, frame: Frame) -> None:
        step = self._slice
        if not frame:
            return
        if step is None or not isinstance(frame, bytes) or len(frame) <= step:
            self.writer.write(frame)
            return
        for start in range(0, len(frame), step):
            self.writer.write(frame[start : start + step])
