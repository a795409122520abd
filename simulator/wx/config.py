"""Settings of the emulated runtime; every default is what the current platform does."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from simulator.wx.network import NETWORK_PROFILES, ChunkSlicing, NetworkProfile

Platform = Literal["device", "devtools", "pc"]
OverLimit = Literal["queue", "fail"]
DownloadFidelity = Literal["strict", "lenient"]


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
    slicing: ChunkSlicing | None = None
    """Re-cut received bytes; None hands network reads on as they come."""
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
    """True: only https/wss URLs, as a release build would demand (DevTools can skip it)."""
    max_flows: int = 500
    """How many flow records the network log keeps."""
    app_id: str = "touristappid"
    """Used in the fixed Referer header the platform sends."""
