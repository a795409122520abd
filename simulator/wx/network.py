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
        self._held = b""
        self._to_cut = self._next_size()

    def feed(self, data: bytes) -> list[bytes]:
        """The pieces to deliver for one network read, in order."""
        slicing = self._slicing
        if slicing is None:
            return [data] if data else []
        data, self._held = self._held + data, b""
        pieces: list[bytes] = []
        pos = 0
        while len(data) - pos >= self._to_cut:
            pieces.append(data[pos : pos + self._to_cut])
            pos += self._to_cut
            self._to_cut = self._next_size()
        rest = data[pos:]
        if rest:
            if slicing.merge and self._rng.random() < slicing.merge:
                self._held = rest
            else:
                pieces.append(rest)
                self._to_cut -= len(rest)
        return pieces

    @property
    def holding(self) -> bool:
        """A merge holds a read's tail back for the next read."""
        return bool(self._held)

    def flush(self) -> list[bytes]:
        """Bytes held back for a merge (at end of stream, or when no read came in time)."""
        held, self._held = self._held, b""
        return [held] if held else []

    def _next_size(self) -> int:
        slicing = self._slicing
        if slicing is None:
            return 0
        if slicing.mode == "fixed":
            return slicing.size
        return self._rng.randint(slicing.min_size, slicing.size)


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
