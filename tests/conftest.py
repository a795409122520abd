"""Shared fixtures: the real stub backend on 127.0.0.1, port 0, once per test run."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from backend_stub import EmbeddedStub, StubConfig

# One definition of the window fixtures (qloop, parts) for ui, e2e, page, probe and the rest.
pytest_plugins = ("tests.helpers.qt_app",)


@pytest.fixture(scope="session")
def stub() -> Iterator[EmbeddedStub]:
    """The embedded stub with its defaults; tests choose scenarios per request, never globally."""
    server = EmbeddedStub(StubConfig()).start()
    try:
        yield server
    finally:
        server.stop()
