"""`PageBackend`: the server page code reaches, and the page-origin mapping onto it.

A stand-in for the session layer's backend ownership (the integrator may swap it): the
embedded stub on a free port, or the user's URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from backend_stub.config import StubConfig
from backend_stub.embedded import EmbeddedStub

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


class PageBackend:
    """The embedded stub (started here) or the given URL; `with` stops what it started."""

    def __init__(self, url: str | None = None, stub_config: StubConfig | None = None) -> None:
        self._url = url
        self.stub: EmbeddedStub | None = None
        self._stub_config = stub_config

    def start(self) -> PageBackend:
        if self._url is None and self.stub is None:
            self.stub = EmbeddedStub(self._stub_config).start()
        return self

    @property
    def base_url(self) -> str:
        if self._url is not None:
            return self._url.rstrip("/")
        if self.stub is None:
            raise RuntimeError("PageBackend is not started")
        return self.stub.base_url

    def stop(self) -> None:
        if self.stub is not None:
            self.stub.stop()
            self.stub = None

    def __enter__(self) -> PageBackend:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
