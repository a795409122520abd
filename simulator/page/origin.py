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
        page = self.page_origin.rstrip("/")
        back = self.backend_url.rstrip("/")
        return [(page, back), (_ws(page), _ws(back))]

    @property
    def backend_ws_url(self) -> str:
        return _ws(self.backend_url.rstrip("/"))


def _ws(url: str) -> str:
    scheme = urlsplit(url).scheme
    swapped = {"http": "ws", "https": "wss"}.get(scheme, scheme)
    return swapped + url[len(scheme) :]
