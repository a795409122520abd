"""Taro-like awaitable calls for Python callers: `await` gives the success result, a failure
raises `CallFailed` (its `.res` is what `fail` received). The task methods stay reachable on
the awaitable, as newer Taro copies them onto its promise (wx-api-semantics §5.1)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from simulator.wx.callbacks import Callback, Result
from simulator.wx.errors import CallFailed

if TYPE_CHECKING:
    from simulator.wx.download import DownloadTask
    from simulator.wx.request import RequestTask
    from simulator.wx.runtime import WxRuntime
    from simulator.wx.socket_task import SocketTask

T = TypeVar("T")


class TaskPromise(Generic[T]):
    """An awaitable result plus the wx task behind it (`.task`, `.abort()`)."""

    def __init__(self, task: T, future: asyncio.Future[Result]) -> None:
        self.task = task
        self._future = future

    def __await__(self) -> Generator[Any, None, Result]:
        return self._future.__await__()

    def abort(self) -> None:
        self.task.abort()  # type: ignore[attr-defined]


def _settle() -> tuple[asyncio.Future[Result], Callback, Callback]:
    future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()

    def ok(res: Result) -> None:
        if not future.done():
            future.set_result(res)

    def bad(res: Result) -> None:
        if not future.done():
            future.set_exception(CallFailed(res))

    return future, ok, bad


class WxAsync:
    """`wx.aio`: the promisified subset a Python transport or test needs."""

    def __init__(self, wx: WxRuntime) -> None:
        self._wx = wx

    def request(self, **options: Any) -> TaskPromise[RequestTask]:
        """`res = await wx.aio.request(url=..., enableChunked=True)`; `.task.onChunkReceived`."""
        future, ok, bad = _settle()
        task = self._wx.request(**options, success=ok, fail=bad)
        return TaskPromise(task, future)

    def downloadFile(self, **options: Any) -> TaskPromise[DownloadTask]:
        future, ok, bad = _settle()
        task = self._wx.downloadFile(**options, success=ok, fail=bad)
        return TaskPromise(task, future)

    async def connectSocket(self, **options: Any) -> SocketTask:
        """Resolves with the task after the call's `success` (not after open), like Taro."""
        future, ok, bad = _settle()
        task = self._wx.connectSocket(**options, success=ok, fail=bad)
        await future
        return task

    async def readFile(self, **options: Any) -> Result:
        return await self._call(self._wx.getFileSystemManager().readFile, options)

    async def writeFile(self, **options: Any) -> Result:
        return await self._call(self._wx.getFileSystemManager().writeFile, options)

    async def sendSocketMessage(self, **options: Any) -> Result:
        return await self._call(self._wx.sendSocketMessage, options)

    async def closeSocket(self, **options: Any) -> Result:
        return await self._call(self._wx.closeSocket, options)

    @staticmethod
    async def _call(fn: Callable[..., object], options: dict[str, Any]) -> Result:
        future, ok, bad = _settle()
        fn(**options, success=ok, fail=bad)
        return await future
