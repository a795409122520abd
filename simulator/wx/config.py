"""Settings of the emulated runtime; every default is what the current platform does."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from simulator.wx.download import MAX_DOWNLOAD_BYTES as DOWNLOAD_LIMIT
from simulator.wx.network import NETWORK_PROFILES, ChunkSlicing, NetworkProfile

Platform = Literal["device", "devtools", "pc"]
OverLimit = Literal["queue", "fail"]
DownloadFidelity = Literal["strict", "lenient"]
Delivery = Literal["device", "ideal"]

DEVICE_SLICING = ChunkSlicing(mode="random", min_size=64, size=1460, merge=0.3)
"""Chunk boundaries a phone produces: cuts at TCP-segment-sized offsets (1460 = the MSS of a
1500-byte MTU, so cuts land inside UTF-8 characters and SSE lines) and "有概率一次事件收到 2
个包" (xiaweiss/miniprogram-bug-report#304) as a 30 % chance that a read waits for the next.
The platform publishes no figures; these are our documented choice (docs/wx-emulation.md)."""

RUN_BUDGET_BYTES = 64 * 1024 * 1024
"""One run's memory budget. A run holds its reply twice (the pieces as they arrived, for the
timeline, and the whole text), so the reply may be half of it (`reply_limit`)."""


def reply_limit(budget: int) -> int:
    """The reply bytes a run of `budget` may receive: half (see `RUN_BUDGET_BYTES`)."""
    return budget // 2


MAX_RESPONSE_BYTES = reply_limit(RUN_BUDGET_BYTES)
"""Body bound for `wx.request` (decompressed, buffered or chunked): the reply limit. The
platform documents none for request (only downloadFile's 200 MB); 32 MiB is far above any
chat reply."""
MAX_DOWNLOAD_BYTES = DOWNLOAD_LIMIT
"""downloadFile's documented bound ("单个文件大小上限为 200MB")."""
MAX_SOCKET_MESSAGE_BYTES = 16 * 1024 * 1024
"""Largest WebSocket message accepted; bigger ones close the socket with 1009."""
CHUNK_BACKLOG_BYTES = 4 * 1024 * 1024
"""Received bytes waiting for the page (throttled link); reading pauses above it, as a full
TCP receive window would make the sender wait."""


@dataclass(frozen=True, slots=True)
class NetworkTimeout:
    """`app.json` `networkTimeout`, in ms (platform default 60000 each); a call's `timeout` wins."""

    request: int = 60_000
    connectSocket: int = 60_000
    downloadFile: int = 60_000


@dataclass(frozen=True, slots=True)
class WxConfig:
    """How the emulated wx runtime behaves.

    Where sources disagree over time the current platform is the default and the older
    behaviour a setting (wx-api-semantics §7).
    """

    network: NetworkProfile = NETWORK_PROFILES["none"]
    """Throttling applied to every task (request, socket, download)."""
    delivery: Delivery = "device"
    """device: on `platform="device"` chunks merge and split like a phone's (DEVICE_SLICING);
    ideal: every network read is one callback (loopback: one server write each)."""
    slicing: ChunkSlicing | None = None
    """Explicit re-cutting of received bytes; wins over `delivery` when set."""
    seed: int = 0
    """Seeds slicing, jitter and loss, per flow."""
    base_library_version: str = "3.6.5"
    """Decides `canIUse` and which task methods exist (onChunkReceived needs 2.20.1)."""
    download_fidelity: DownloadFidelity = "strict"
    """strict: the file appears when the download succeeds; lenient: readable while it grows."""
    platform: Platform = "device"
    """device | devtools (no statusCode in onHeadersReceived, http://usr) | pc (no chunks)."""
    max_requests: int = 10
    """Concurrent request + downloadFile tasks (one limit covers both)."""
    max_sockets: int = 5
    """Concurrent WebSockets (>= base library 1.7.0; older docs said 2)."""
    over_limit: OverLimit = "queue"
    """Newer base libraries queue (profile.queueStart/End); older ones failed with 600007."""
    cap_timeout_ms: int | None = 60_000
    """Timeouts above this are cut to it (old docs: "最大超时时间 60s"); None = no cap."""
    network_timeout: NetworkTimeout = field(default_factory=NetworkTimeout)
    user_data_dir: Path | None = None
    """Backs `wx.env.USER_DATA_PATH`; None = a temporary directory owned by the runtime."""
    check_domain: bool = False
    """True: only https/wss URLs, as a release build would demand (DevTools can skip it);
    others fail `url not in domain list` (600002)."""
    allowed_domains: tuple[str, ...] = ()
    """With `check_domain`: the request/socket/download domain list; empty = any host."""
    max_flows: int = 500
    """How many flow records the network log keeps."""
    flow_events: int = 0
    """Events each flow record keeps for the network panel's detail and HAR (0: figures only)."""
    app_id: str = "touristappid"
    """Used in the fixed Referer header the platform sends."""
    max_user_storage_bytes: int = 200 * 1024 * 1024
    """User files (`USER_DATA_PATH`) quota: "≤ 200 MB"; over it → 1300202."""
    run_budget_bytes: int = RUN_BUDGET_BYTES
    """The memory budget of one run: a transport lets the page hold `reply_limit` of it
    (across all its tasks: polls, socket messages); `RunSettings` sets the bounds below from it."""
    max_response_bytes: int = MAX_RESPONSE_BYTES
    """`wx.request` body bound; over it → `request:fail exceed max response size` (600000)."""
    max_download_bytes: int = min(MAX_RESPONSE_BYTES, MAX_DOWNLOAD_BYTES)
    """downloadFile bound: the platform's 200 MB, or the reply limit when smaller; over it →
    `downloadFile:fail exceed max file size` (603301)."""
    max_socket_message_bytes: int = MAX_SOCKET_MESSAGE_BYTES
    """WebSocket message bound; over it → onError, onClose 1009."""
    chunk_backlog_bytes: int = CHUNK_BACKLOG_BYTES
    """Bytes held for the page before reading pauses (memory stays bounded on slow links)."""
    background_interrupt_ms: int = 5_000
    """After `simulate_app_hide`, tasks are interrupted once the app has been in the
    background this long ("超过 5 秒", NET-old, wx-api-semantics §1.6)."""
    ios_later_chunked_only: bool = False
    """iOS WeChat 8.0.54: with two concurrent chunked requests only the later one gets
    `onChunkReceived` (forum report, wx-api-semantics §1.9); off by default."""

    @property
    def effective_slicing(self) -> ChunkSlicing | None:
        """The re-cutting tasks get: explicit `slicing`, else the device's, else none."""
        if self.slicing is not None:
            return self.slicing
        if self.delivery == "device" and self.platform == "device":
            return DEVICE_SLICING
        return None
