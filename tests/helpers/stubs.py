"""A stub of its own for a test module: the embedded stub on a scenario, stopped afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from backend_stub import EmbeddedStub, StubConfig


@contextmanager
def running_stub(scenario: str, **config: Any) -> Iterator[EmbeddedStub]:
    """The embedded stub with `scenario` as its default (and any other `StubConfig` field)."""
    server = EmbeddedStub(StubConfig(scenario=scenario, **config)).start()
    try:
        yield server
    finally:
        server.stop()
