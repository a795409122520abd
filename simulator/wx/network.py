"""Emulated network conditions: throttling profiles, and re-slicing of received bytes.

Both are sans-IO: `Slicer.feed(data)` returns the pieces a device's network reads would
have produced, `Pacer.due(nbytes, read_at)` returns when a piece reaches the page. The
shell (`delivery.py`) holds the pieces until then. Randomness comes from a `random.Random`
seeded per flow, so a run is repeatable for a seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class NetworkProfile:
    """A throttling profile like DevTools' network switch, plus jitter and loss.

    `latency_ms` is the round trip added: half before a request (or frame) leaves, half on
    every piece received, so a request-response pays it once and a stream pays the one-way
    half per piece, as on a real link.
    """

    name: str
    latency_ms: float = 0.0
    download_kbps: float | None = None
    """None = unlimited."""
    upload_kbps: float | None = None
    jitter_ms: float = 0.0
    """Extra delay per received piece, uniform in [0, jitter_ms]; order is kept."""
    loss: float = 0.0
    """Probability that a piece is lost once and waits for a retransmission."""
    retransmit_ms: float = 200.0
    """What a loss costs (TCP's minimum retransmission timeout)."""
    offline: bool = False
    """No network at all: every task fails at once (DevTools' "none" switch)."""
    estimate_nettype: int = 5
    """`res.profile.estimate_nettype`: NQE's effective connection type as cronet reports it
    (0 unknown, 1 offline, 2 slow-2g, 3 2g, 4 3g, 5 4g or better)."""
    label: str = ""
    """English label; the UI translates it in context "Networks" ("" shows the name)."""
    signal_bars: int = 4
    """The phone status bar's filled signal bars, out of 4."""
    cell_label: str = ""
    """Beside the bars: the cell generation, "" for none (UI context "Networks")."""
    wifi_icon: bool = False
    """The status bar shows the Wi-Fi icon."""
    unusual: bool = True
    """Slower than an everyday link: the window's conditions chip is highlighted."""
    network_type: str = "unknown"
    """`wx.getNetworkType().networkType`: wifi | 2g | 3g | 4g | 5g | unknown | none."""

    @property
    def passthrough(self) -> bool:
        """True when the profile changes nothing, so bytes can be handed on at once."""
        return (
            not self.offline
            and self.latency_ms == 0
            and self.download_kbps is None
            and self.upload_kbps is None
            and self.jitter_ms == 0
            and self.loss == 0
        )


# WeChat DevTools names its switch states wifi/4g/3g/2g/none but publishes no numbers
# (wx-api-semantics §6). These are WebPageTest's connectivity presets (2G, 3G, 4G) and
# Chrome DevTools' former "WiFi" preset; they are documented as our choice in docs/wx-emulation.md.
NETWORK_PROFILES: dict[str, NetworkProfile] = {
    p.name: p
    for p in (
        NetworkProfile(
            "none", label="unthrottled", wifi_icon=True, unusual=False, network_type="wifi"
        ),
        NetworkProfile(
            "wifi", latency_ms=2, download_kbps=30_000, upload_kbps=15_000,
            label="Wi-Fi", wifi_icon=True, unusual=False, network_type="wifi",
        ),
        NetworkProfile(
            "4g", latency_ms=170, download_kbps=9_000, upload_kbps=9_000,
            label="4G", cell_label="4G", network_type="4g",
        ),
        NetworkProfile(
            "3g", latency_ms=300, download_kbps=1_600, upload_kbps=768, estimate_nettype=4,
            label="3G", signal_bars=3, cell_label="3G", network_type="3g",
        ),
        NetworkProfile(
            "2g", latency_ms=800, download_kbps=280, upload_kbps=256, estimate_nettype=3,
            label="2G", signal_bars=1, cell_label="2G", network_type="2g",
        ),
        NetworkProfile(
            "offline", offline=True, estimate_nettype=1,
            label="offline", signal_bars=0, cell_label="No service", network_type="none",
        ),
    )
}  # fmt: skip
"""Keyed by name, in the order the settings show them."""


@dataclass(frozen=True, slots=True)
class ChunkSlicing:
    """How received bytes are re-cut before `onChunkReceived` / progress / frames of text.

    Cut points are offsets in the byte stream (fixed `size`, or random in
    [`min_size`, `size`]), so they fall inside UTF-8 characters and SSE lines whatever the
    server wrote. A read that ends between cut points is handed on at once (a real read
    never waits for more bytes), unless `merge` holds its tail back to join the next read,
    which gives two server events in one callback.
    """

    mode: Literal["fixed", "random"] = "fixed"
    size: int = 7
    """Fixed: every piece's size. Random: the largest piece."""
    min_size: int = 1
    """Random only: the smallest piece."""
    merge: float = 0.0
    """Probability that a read's tail waits for the next read (the "two packets" quirk)."""
    whole_chars: bool = False
    """Never cut inside a UTF-8 character (a what-if: the platform does cut, so this is off
    unless a check asks how a page fares without that trap)."""
    replayable: bool = False
    """Anchor cuts to the content so a seed replays against a backend whose numbers and ids
    vary from run to run (the stub stamps each SSE event with its emission time and reply
    id): offsets count every byte but ASCII letters and digits, and whether a read's tail
    waits is decided by the seed and that offset, not by how many reads came before (`check`
    uses this)."""

    def __post_init__(self) -> None:
        if self.size < 1 or self.min_size < 1 or self.min_size > self.size:
            raise ValueError(f"bad slice sizes: min_size={self.min_size}, size={self.size}")
        if not 0.0 <= self.merge <= 1.0:
            raise ValueError(f"merge must be a probability, got {self.merge}")


class Slicer:
    """Re-cuts one flow's byte stream.

    Call `feed(data)` for every network read and hand on what it returns; at end of
    stream call `flush()` for bytes a merge still held.
    """

    def __init__(self, slicing: ChunkSlicing | None, rng: random.Random) -> None:
        self._slicing = slicing
        self._rng = rng
        # merges draw from their own copy of the sequence, so they do not shift the sizes
        self._merge_rng = random.Random()
        self._merge_rng.setstate(rng.getstate())
        self._merge_key = self._merge_rng.getrandbits(48)
        self._seen = 0
        """Counted bytes fed so far (replayable slicing)."""
        self._held = b""
        self._to_cut = self._next_size()

    def feed(self, data: bytes) -> list[bytes]:
        """The pieces to deliver for one network read, in order."""
        slicing = self._slicing
        if slicing is None:
            return [data] if data else []
        if slicing.replayable:
            self._seen += _counted(data)
        data, self._held = self._held + data, b""
        pieces: list[bytes] = []
        pos = 0
        while (cut := self._cut_after(data, pos)) is not None:
            if slicing.whole_chars:
                whole = _whole_char_cut(data, pos, cut)
                if whole is None:
                    break  # the rest is one incomplete character
                cut = whole
            pieces.append(data[pos:cut])
            pos = cut
            self._to_cut = self._next_size()
        rest = data[pos:]
        if rest and slicing.whole_chars:  # an incomplete last character waits for its bytes
            end = _last_whole(data, pos)
            rest, self._held = data[pos:end], data[end:]
        if rest:
            if slicing.merge and self._merge_draw(slicing) < slicing.merge:
                self._held = rest + self._held
            else:
                pieces.append(rest)
                self._to_cut -= _counted(rest) if slicing.replayable else len(rest)
        return pieces

    def _cut_after(self, data: bytes, pos: int) -> int | None:
        """Where the current piece ends in `data` (from `pos`), None when it goes on."""
        assert self._slicing is not None
        if not self._slicing.replayable:
            end = pos + self._to_cut
            return end if end <= len(data) else None
        count = 0
        for i in range(pos, len(data)):
            if data[i] not in _ALNUM:
                count += 1
                if count == self._to_cut:
                    return i + 1
        return None

    def _merge_draw(self, slicing: ChunkSlicing) -> float:
        if slicing.replayable:
            return random.Random(self._merge_key * 1_000_003 + self._seen).random()
        return self._merge_rng.random()

    @property
    def holding(self) -> bool:
        """A merge holds a read's tail back for the next read."""
        return bool(self._held)

    def flush(self) -> list[bytes]:
        """Bytes held back for a merge (at end of stream, or when no read came in time)."""
        held, self._held = self._held, b""
        slicing = self._slicing
        if held and slicing is not None:  # delivered alone: the next cut stays where it was
            self._to_cut -= _counted(held) if slicing.replayable else len(held)
        return [held] if held else []

    def _next_size(self) -> int:
        slicing = self._slicing
        if slicing is None:
            return 0
        if slicing.mode == "fixed":
            return slicing.size
        return self._rng.randint(slicing.min_size, slicing.size)


_ALNUM = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ALNUM_BYTES = bytes(sorted(_ALNUM))


def _counted(data: bytes) -> int:
    """Bytes that are not ASCII letters or digits (replayable slicing's unit)."""
    return len(data.translate(None, _ALNUM_BYTES))


def _utf8_len(lead: int) -> int:
    return 1 if lead < 0x80 else 2 if lead >> 5 == 0b110 else 3 if lead >> 4 == 0b1110 else 4


def _last_whole(data: bytes, pos: int) -> int:
    """Where `data[pos:]` stops being whole characters (its length if it ends whole)."""
    start = len(data) - 1
    while start > pos and data[start] & 0xC0 == 0x80:
        start -= 1
    if start < pos:
        return len(data)
    return len(data) if start + _utf8_len(data[start]) <= len(data) else start


def _whole_char_cut(data: bytes, pos: int, cut: int) -> int | None:
    """`cut` moved back to a character's start; forward past one character when that would
    leave an empty piece; None when the character at `pos` is not complete yet."""
    if cut >= len(data):
        cut = _last_whole(data, pos)
    while pos < cut < len(data) and data[cut] & 0xC0 == 0x80:
        cut -= 1
    if cut > pos:
        return cut
    end = pos + _utf8_len(data[pos])
    return end if end <= len(data) else None


class Pacer:
    """When each piece of one flow reaches the page under a `NetworkProfile`.

    Times are monotonic seconds passed in by the caller; `due` never goes backwards, so
    jitter and loss delay pieces without reordering them.
    """

    def __init__(self, profile: NetworkProfile, rng: random.Random) -> None:
        self._profile = profile
        self._rng = rng
        self._link_free_at = 0.0
        self._last_due = 0.0

    def uplink_delay(self, nbytes: int) -> float:
        """Seconds before `nbytes` sent now reach the server."""
        p = self._profile
        serialize = nbytes * 8 / (p.upload_kbps * 1000) if p.upload_kbps else 0.0
        return p.latency_ms / 2000 + serialize

    def due(self, nbytes: int, read_at: float) -> float:
        """When a piece of `nbytes` read from the socket at `read_at` reaches the page."""
        p = self._profile
        start = max(read_at, self._link_free_at)
        serialize = nbytes * 8 / (p.download_kbps * 1000) if p.download_kbps else 0.0
        self._link_free_at = start + serialize
        delay = p.latency_ms / 2000
        if p.jitter_ms:
            delay += self._rng.uniform(0.0, p.jitter_ms) / 1000
        if p.loss and self._rng.random() < p.loss:
            delay += p.retransmit_ms / 1000
        due = max(self._link_free_at + delay, self._last_due)
        self._last_due = due
        return due
