"""`res.profile`: the RequestProfile fields (typings' names) from what the connection did.

httpcore reports its phases through the `trace` extension; `ConnectionTrace` stamps them and
`request_profile` turns the stamps into the platform's epoch-millisecond fields.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.wx.host import epoch_ms
from simulator.wx.network import NetworkProfile

PROTOCOLS = {"HTTP/1.1": "http1.1", "HTTP/1.0": "http1.1", "HTTP/2": "h2", "HTTP/3": "quic"}


class ConnectionTrace:
    """The httpcore `trace` callback: the monotonic time each phase was first/last seen."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self.requests = 0

    async def __call__(self, name: str, info: dict[str, Any]) -> None:
        at = self._clock()
        self.first.setdefault(name, at)
        self.last[name] = at
        if name.endswith(".send_request_headers.started"):
            self.requests += 1

    def get(self, name: str, default: float, *, last: bool = False) -> float:
        return (self.last if last else self.first).get(name, default)


def peer_address(extensions: dict[str, Any]) -> tuple[str, int]:
    """The server's IP and port from the response's network stream ("", 0 if unknown)."""
    stream = extensions.get("network_stream")
    addr = stream.get_extra_info("server_addr") if stream is not None else None
    if isinstance(addr, tuple) and len(addr) >= 2:
        return str(addr[0]), int(addr[1])
    return "", 0


def request_profile(
    trace: ConnectionTrace,
    *,
    queued: float,
    started: float,
    ended: float,
    http_version: str,
    peer: tuple[str, int],
    sent: int,
    received: int,
    network: NetworkProfile,
) -> dict[str, Any]:
    """Every RequestProfile field we can fill honestly (see docs/wx-emulation.md)."""
    t = trace.get
    tcp_start = t("connection.connect_tcp.started", started)
    tcp_end = t("connection.connect_tcp.complete", tcp_start)
    reused = "connection.connect_tcp.started" not in trace.first
    tls = "connection.start_tls.started" in trace.first
    req_start = t("http11.send_request_headers.started", started, last=True)
    req_end = t("http11.send_request_body.complete", req_start, last=True)
    resp_start = t("http11.receive_response_headers.complete", req_end, last=True)
    # Our emulated link adds `latency_ms` per round trip; loopback adds the measured connect
    rtt = (
        int((tcp_end - tcp_start) * 1000 + network.latency_ms)
        if not reused
        else int(network.latency_ms)
    )
    seconds = max(ended - resp_start, 1e-6)
    throughput = int(received * 8 / seconds / 1000)
    redirected = trace.requests > 1
    first_req = t("http11.send_request_headers.started", started)
    return {
        "invokeStart": epoch_ms(queued),
        "queueStart": epoch_ms(queued),
        "queueEnd": epoch_ms(started),
        "fetchStart": epoch_ms(started),
        "redirectStart": epoch_ms(first_req) if redirected else 0,
        "redirectEnd": epoch_ms(req_start) if redirected else 0,
        # httpcore resolves inside the TCP connect: the lookup is reported as its start
        "domainLookUpStart": epoch_ms(tcp_start),
        "domainLookUpEnd": epoch_ms(tcp_start),
        "connectStart": epoch_ms(tcp_start),
        "connectEnd": epoch_ms(tcp_end),
        "SSLconnectionStart": epoch_ms(t("connection.start_tls.started", 0)) if tls else 0,
        "SSLconnectionEnd": epoch_ms(t("connection.start_tls.complete", 0)) if tls else 0,
        "requestStart": epoch_ms(req_start),
        "requestEnd": epoch_ms(req_end),
        "responseStart": epoch_ms(resp_start),
        "responseEnd": epoch_ms(ended),
        "rtt": rtt,
        "estimate_nettype": network.estimate_nettype,
        "httpRttEstimate": rtt,
        "transportRttEstimate": rtt,
        "downstreamThroughputKbpsEstimate": int(network.download_kbps or throughput),
        "throughputKbps": throughput,
        "peerIP": peer[0],
        "port": peer[1],
        "protocol": PROTOCOLS.get(http_version, "unknown"),
        "socketReused": reused,
        "sendBytesCount": sent,
        "receivedBytedCount": received,  # [sic], as in the typings
        "usingHighPerformanceMode": False,
    }
