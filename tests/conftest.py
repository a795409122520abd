"""Shared fixtures: the real stub backend on 127.0.0.1, port 0, once per test run."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest

from backend_stub import EmbeddedStub, StubConfig  # no Qt, no user directory: safe first

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The window's settings and recent projects (QSettings), the run history and the projects'
# storage go to this test process's own directory: not the user's, and not the one another
# pytest process (an xdist worker, a second run) writes at the same time. Child processes
# inherit it. The compile cache (XDG_CACHE_HOME) stays shared: its writes are atomic.
_STATE = tempfile.mkdtemp(prefix="wx-sim-tests-")
atexit.register(shutil.rmtree, _STATE, ignore_errors=True)
for _name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):
    os.environ[_name] = os.path.join(_STATE, _name.lower())

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
