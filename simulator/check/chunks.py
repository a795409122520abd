"""Per-chunk records of one cell: what each read handed the page, and what the page did.

The window's network panel shows these (raw bytes, where a read cut a character or an SSE
line, which page callback got the bytes, the setData it caused); `check --json` prints them
for non-exact cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.wx import events as wx_ev

CALLBACK_BY_EVENT = {
    wx_ev.ChunkReceived: "RequestTask.onChunkReceived",
    wx_ev.FrameReceived: "SocketTask.onMessage",
}


@dataclass(frozen=True, slots=True)
class SetDataRecord:
    at: float
    bytes: int | None = None
    """Serialized size: UTF-8 bytes of the call's JSON (as both layers measure it)."""
    applied_ms: float | None = None
    """Sent → applied in the view (project mode)."""


@dataclass(frozen=True, slots=True)
class ChunkRecord:
    index: int
    flow_id: int
    at: float
    """When the page's callback got it (monotonic)."""
    read_at: float
    """When the network read it."""
    data: bytes
    offset: int
    """Where it starts in its flow's body."""
    callback: str
    cuts_char: bool
    """It ends inside a UTF-8 character."""
    cuts_line: bool
    """It ends inside an SSE line (not after a newline)."""
    set_data: tuple[SetDataRecord, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index, "flow": self.flow_id, "at": self.at, "read_at": self.read_at,
            "offset": self.offset, "size": len(self.data), "hex": self.data.hex(" "),
            "text": self.data.decode("utf-8", "replace"), "callback": self.callback,
            "cuts_char": self.cuts_char, "cuts_line": self.cuts_line,
            "set_data": [
                {"at": s.at, "bytes": s.bytes, "applied_ms": s.applied_ms} for s in self.set_data
            ],
        }  # fmt: skip


def ends_inside_char(data: bytes) -> bool:
    """The last bytes begin a UTF-8 character they do not finish."""
    for back in range(1, min(4, len(data)) + 1):
        b = data[-back]
        if b & 0xC0 == 0x80:
            continue
        need = 1 if b < 0x80 else 2 if b >> 5 == 0b110 else 3 if b >> 4 == 0b1110 else 4
        return need > back
    return False


class ChunkLog:
    """Collects the data events of one runtime (subscribe `on_event`)."""

    def __init__(self) -> None:
        self.events: list[wx_ev.ChunkReceived | wx_ev.FrameReceived] = []

    def on_event(self, event: wx_ev.WxEvent) -> None:
        if isinstance(event, wx_ev.ChunkReceived | wx_ev.FrameReceived):
            self.events.append(event)

    def main_flow(self) -> int | None:
        """The flow that carried most chunks (the reply's)."""
        counts: dict[int, int] = {}
        for e in self.events:
            counts[e.flow_id] = counts.get(e.flow_id, 0) + 1
        return max(counts, key=lambda k: counts[k]) if counts else None

    def body(self) -> tuple[bytes | None, list[int]]:
        """The main flow's bytes as the page got them, and the read boundaries (offsets)."""
        flow = self.main_flow()
        if flow is None:
            return None, []
        parts = [_raw(e) for e in self.events if e.flow_id == flow]
        bounds, pos = [], 0
        for p in parts:
            pos += len(p)
            bounds.append(pos)
        return b"".join(parts), bounds

    def records(self, set_data: Sequence[SetDataRecord]) -> list[ChunkRecord]:
        """Every chunk, with the setData calls made after it and before the next one."""
        out: list[ChunkRecord] = []
        offsets: dict[int, int] = {}
        stamps = sorted(set_data, key=lambda s: s.at)
        for i, e in enumerate(self.events):
            data = _raw(e)
            nxt = self.events[i + 1].at if i + 1 < len(self.events) else float("inf")
            caused = tuple(s for s in stamps if e.at <= s.at < nxt)
            offset = offsets.get(e.flow_id, 0)
            offsets[e.flow_id] = offset + len(data)
            out.append(
                ChunkRecord(
                    i, e.flow_id, e.at, e.read_at, data, offset,
                    CALLBACK_BY_EVENT.get(type(e), "?"), ends_inside_char(data),
                    bool(data) and not data.endswith(b"\n"), caused,
                )
            )  # fmt: skip
        return out


def _raw(e: wx_ev.ChunkReceived | wx_ev.FrameReceived) -> bytes:
    data = e.data
    if data is None:
        return b""
    return data.encode() if isinstance(data, str) else data
