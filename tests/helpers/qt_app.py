"""Window fixtures for every folder (a pytest plugin named by the root conftest, so there is one
session loop however many folders drive the window): a qasync loop driven by pytest-qt's event
processing (tests stay sync) and the whole app on the session's stub."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import qasync
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from backend_stub import EmbeddedStub
from simulator.history import HistoryStore
from simulator.ui.kit.tasks import running_tasks, spawn
from simulator.ui.shell.app import AppParts, build_app, make_application, shutdown
from tests.helpers.timing import seconds
from tests.ui.stub_app import TIMEOUT_MS, app_settings


@pytest.fixture(scope="session")
def session_loop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """One qasync loop for the session: it runs whenever Qt processes events.

    A second QEventLoop on the same QApplication never runs its callbacks, so there is one,
    marked as already running (pytest-qt's waitUntil/waitSignal pump the Qt events).
    """
    make_application()
    loop = qasync.QEventLoop(qapp, already_running=True)
    yield loop
    _delete_web_views(qapp)
    loop.stop()
    asyncio.events._set_running_loop(None)
    loop.close()


def _delete_web_views(qapp: QApplication) -> None:
    """Web views the tests left (a window's phone page) go before the QApplication: Chromium's
    profile outliving a page prints "Release of profile requested but WebEnginePage still not
    deleted" at exit, as the app itself avoids (`run_qt_main`)."""
    from PySide6.QtWebEngineWidgets import QWebEngineView

    views = [w for w in qapp.allWidgets() if isinstance(w, QWebEngineView)]
    for view in views:
        view.deleteLater()
    if views:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qapp.processEvents()


@pytest.fixture
def qloop(session_loop: qasync.QEventLoop, qtbot: QtBot) -> Iterator[qasync.QEventLoop]:
    """The loop, with every task a test spawned finished or cancelled afterwards."""
    asyncio.events._set_running_loop(session_loop)
    yield session_loop
    for task in running_tasks():
        task.cancel()
    qtbot.waitUntil(lambda: not running_tasks(), timeout=int(seconds(5) * 1000))
    asyncio.events._set_running_loop(None)


@contextmanager
def running_app(
    qtbot: QtBot, backend_url: str, history: HistoryStore | None = None
) -> Iterator[AppParts]:
    """The whole app (window, controller, backend) on `backend_url` ("" = its own embedded
    stub), in English, shown; shut down afterwards. Needs the `qloop` fixture."""
    parts = build_app(app_settings(backend_url), remember=False, history=history)
    qtbot.addWidget(parts.window)
    parts.window.show()
    try:
        yield parts
    finally:
        done = spawn(shutdown(parts), name="test-shutdown")
        qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)
        done.result()


@pytest.fixture
def parts(qtbot: QtBot, qloop: object, stub: EmbeddedStub) -> Iterator[AppParts]:
    """The whole app on the session's stub, in English."""
    with running_app(qtbot, stub.base_url) as parts:
        yield parts
