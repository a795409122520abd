"""`OriginMap`: the page's hard-coded server origin, mapped onto the selected backend."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DEFAULT_PAGE_ORIGIN = "http://localhost:8082"


@dataclass(frozen=True, slots=True)
class OriginMap:
    """Requests to `page_origin` (http and ws) go to `backend_url` instead.

    `scenario` gives the stub scenario those requests carry (read at each request, so the
    window's scenario picker applies to the next one): a `scenario` query parameter, which
    every stub endpoint takes under the body's fields, unless the page's URL has its own.
    """

    page_origin: str
    backend_url: str
    scenario: Callable[[], str | None] | None = None

    def map(self, url: str) -> str:
        for src, dst in self._pairs():
            if url == src or url.startswith(src + "/") or url.startswith(src + "?"):
                return self._with_scenario(dst + url[len(src) :])
        return url

    def _with_scenario(self, url: str) -> str:
        spec = self.scenario() if self.scenario is not None else None
        if not spec:
            return url
        parts = urlsplit(url)
        if any(key == "scenario" for key, _ in parse_qsl(parts.query, keep_blank_values=True)):
            return url  # the page chose its own
        query = "&".join(q for q in (parts.query, urlencode({"scenario": spec})) if q)
        return urlunsplit(parts._replace(query=query))

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
