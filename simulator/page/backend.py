"""`PageBackend`: the server page code reaches (see `origin.py` for the mapping onto it).

A stand-in for the session layer's backend ownership (the integrator may swap it): the
embedded stub on a free port, or the user's URL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the stub (FastAPI) is imported only when it is started
    from backend_stub.config import StubConfig
    from backend_stub.embedded import EmbeddedStub


class PageBackend:
    """The embedded stub (started here) or the given URL; `with` stops what it started."""

    def __init__(self, url: str | None = None, stub_config: StubConfig | None = None) -> None:
        self._url = url
        self.stub: EmbeddedStub | None = None
        self._stub_config = stub_config

    def start(self) -> PageBackend:
        if self._url is None and self.stub is None:
            from backend_stub.embedded import EmbeddedStub

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
