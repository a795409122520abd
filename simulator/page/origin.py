"""`OriginMap`: the page's hard-coded server origin, mapped onto the selected backend."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_PAGE_ORIGIN = "http://localhost:8082"


@dataclass(frozen=True, slots=True)
class OriginMap:
    """Requests to `page_origin` (http and ws) go to `backend_url` instead."""

    page_origin: str
    backend_url: str

    def map(self, url: str) -> str:
        for src, dst in self._pairs():
            if url == src or url.startswith(src + "/") or url.startswith(src + "?"):
                return dst + url[len(src) :]
        return url

    def _pairs(self) -> list[tuple[str, str]]:
        back = self.backend_url.rstrip("/")
        pairs = []
        for page in _loopback_aliases(self.page_origin.rstrip("/")):
            pairs += [(page, back), (_ws(page), _ws(back))]
        return pairs

    @property
    def backend_ws_url(self) -> str:
        return _ws(self.backend_url.rstrip("/"))


_LOOPBACK = ("localhost", "127.0.0.1")


def _loopback_aliases(origin: str) -> list[str]:
    """`localhost` and `127.0.0.1` name the same machine: a page written for either (the
    framework fixtures say `127.0.0.1:8082`) reaches the backend."""
    parts = urlsplit(origin)
    if parts.hostname not in _LOOPBACK:
        return [origin]
    other = _LOOPBACK[1 - _LOOPBACK.index(parts.hostname)]
    netloc = parts.netloc.replace(parts.hostname, other, 1)
    return [origin, parts._replace(netloc=netloc).geturl()]


def _ws(url: str) -> str:
    scheme = urlsplit(url).scheme
    swapped = {"http": "ws", "https": "wss"}.get(scheme, scheme)
    return swapped + url[len(scheme) :]
