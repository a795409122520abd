"""Forwarding headers (`Forwarded`, `X-Forwarded-For`): believed only from configured proxies.

The client address keys the stub's budgets, so a header that rewrites it is a way around them:
by default no peer is trusted, not even loopback (uvicorn trusts 127.0.0.1 unless told
otherwise; the stub turns that off and does the job here, for every way of serving it).
With `--trust-proxy ADDRS`, a request whose direct peer is one of ADDRS gets its client address
from the header: the rightmost hop that is not itself a trusted proxy, as uvicorn's
`forwarded_allow_ips` does.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class ProxyTrust:
    """Which peers may speak for someone else: addresses, networks (CIDR), or `*` for any."""

    def __init__(self, addresses: Iterable[str]):
        self.any = False
        self.networks: list[Network] = []
        for raw in addresses:
            item = raw.strip()
            if not item:
                continue
            if item == "*":
                self.any = True
                continue
            try:
                self.networks.append(ipaddress.ip_network(item.strip("[]"), strict=False))
            except ValueError:
                raise ValueError(f"--trust-proxy: {item!r} is not an address or network") from None

    @classmethod
    def parse(cls, spec: str) -> ProxyTrust:
        """`"127.0.0.1, 10.0.0.0/8"` (comma-separated; empty trusts no one)."""
        return cls(spec.split(","))

    def __bool__(self) -> bool:
        return self.any or bool(self.networks)

    def trusts(self, host: str) -> bool:
        if self.any:
            return True
        try:
            address = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def client_of(self, peer: str, headers: list[tuple[bytes, bytes]]) -> str | None:
        """The client a trusted `peer` forwards for, or None (untrusted peer, no header)."""
        if not self.trusts(peer):
            return None
        hops = _forwarded_for(headers)
        if not hops:
            return None
        for hop in reversed(hops):
            if not self.trusts(hop):
                return hop
        return hops[0]


def _forwarded_for(headers: list[tuple[bytes, bytes]]) -> list[str]:
    """The hops of `Forwarded` (RFC 7239 `for=`), else of `X-Forwarded-For`, oldest first."""
    forwarded: list[str] = []
    x_forwarded: list[str] = []
    for name, value in headers:
        if name == b"forwarded":
            for element in value.decode("latin-1").split(","):
                for pair in element.split(";"):
                    key, _, raw = pair.strip().partition("=")
                    if key.lower() == "for" and raw:
                        forwarded.append(_node(raw.strip().strip('"')))
        elif name == b"x-forwarded-for":
            x_forwarded += [
                hop.strip() for hop in value.decode("latin-1").split(",") if hop.strip()
            ]
    return forwarded or x_forwarded


def _node(raw: str) -> str:
    """A `Forwarded` node without its port: `[2001:db8::1]:47` -> `2001:db8::1`."""
    if raw.startswith("["):
        return raw[1:].partition("]")[0]
    if raw.count(":") == 1:
        return raw.partition(":")[0]
    return raw


class TrustedProxies:
    """ASGI middleware: rewrites `scope["client"]` from a trusted proxy's forwarding header."""

    def __init__(self, app: ASGIApp, trust: ProxyTrust):
        self.app = app
        self.trust = trust

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.trust and scope["type"] in ("http", "websocket") and scope.get("client"):
            peer = scope["client"][0]
            client = self.trust.client_of(peer, scope["headers"])
            if client is not None:
                scope = dict(scope, client=(client, 0))
        await self.app(scope, receive, send)
