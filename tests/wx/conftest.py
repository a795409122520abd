"""Fixtures for the wx runtime: a runtime per test, the edge-case app, a callback recorder."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from backend_stub import ServerThread
from simulator.wx import WxConfig, WxRuntime
from tests.helpers.timing import seconds
from tests.wx.edge_app import create_edge_app


class Calls:
    """Records a wx call's callbacks in order; `await calls.finished()` waits for `complete`."""

    def __init__(self) -> None:
        self.log: list[tuple[str, dict[str, Any]]] = []
        self._done = asyncio.Event()
        self._waiters: list[tuple[Callable[[], bool], asyncio.Event]] = []

    def cb(self, name: str) -> Callable[[dict[str, Any]], None]:
        def record(res: dict[str, Any]) -> None:
            self.log.append((name, res))
            if name == "complete":
                self._done.set()
            for cond, event in self._waiters:
                if cond():
                    event.set()

        return record

    def outcome(self) -> dict[str, Callable[[dict[str, Any]], None]]:
        return {
            "success": self.cb("success"),
            "fail": self.cb("fail"),
            "complete": self.cb("complete"),
        }

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.log]

    def first(self, name: str) -> dict[str, Any]:
        return next(res for n, res in self.log if n == name)

    def all(self, name: str) -> list[dict[str, Any]]:
        return [res for n, res in self.log if n == name]

    async def finished(self, timeout: float = 5) -> None:
        await asyncio.wait_for(self._done.wait(), seconds(timeout))

    async def until(self, cond: Callable[[], bool], timeout: float = 5) -> None:
        """Wait until `cond()` holds after some callback."""
        if cond():
            return
        event = asyncio.Event()
        self._waiters.append((cond, event))
        await asyncio.wait_for(event.wait(), seconds(timeout))


def started(wx: WxRuntime) -> bool:
    """A request or download of `wx` is on its way (past its admission turn)."""
    return any(x.started_at is not None for x in wx._host.pending_http.values())


@pytest.fixture(scope="session")
def edge() -> Iterator[str]:
    """Base URL (http://127.0.0.1:PORT) of the edge-case app."""
    server = ServerThread(create_edge_app()).start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.stop()


@pytest.fixture
def edge_ws(edge: str) -> str:
    return edge.replace("http://", "ws://")


@pytest.fixture
async def make_wx(tmp_path: Path) -> AsyncIterator[Callable[..., WxRuntime]]:
    """Build runtimes with config overrides; all are closed after the test."""
    made: list[WxRuntime] = []

    def make(**overrides: Any) -> WxRuntime:
        overrides.setdefault("user_data_dir", tmp_path / f"usr{len(made)}")
        overrides["user_data_dir"].mkdir(parents=True, exist_ok=True)
        runtime = WxRuntime(WxConfig(**overrides))
        made.append(runtime)
        return runtime

    yield make
    for runtime in made:
        await runtime.aclose()


@pytest.fixture
async def wx(make_wx: Callable[..., WxRuntime]) -> WxRuntime:
    return make_wx()


@pytest.fixture
def calls() -> Calls:
    return Calls()


MakeNative = Callable[..., WxRuntime]


@pytest.fixture
async def make_native(tmp_path: Path) -> AsyncIterator[MakeNative]:
    """`make_native(config=WxConfig(...), **NativeOptions fields)`; all closed after the test."""
    from simulator.wx.native import NativeOptions

    made: list[WxRuntime] = []

    def make(config: WxConfig | None = None, **native: Any) -> WxRuntime:
        cfg = config or WxConfig(user_data_dir=tmp_path / f"native{len(made)}")
        runtime = WxRuntime(cfg, NativeOptions(**native))
        made.append(runtime)
        return runtime

    yield make
    for runtime in made:
        await runtime.aclose()
