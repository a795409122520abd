"""`wx.downloadFile`: the platform's rules for one download (sans-IO core) and `DownloadTask`.

    core = DownloadCore(DownloadOptions(result_key="tempFilePath", result_path="wxfile://tmp_1"))
    core.start(at=0.0); core.receive_headers(200, [("content-length", "4")], at=0.1)
    core.receive_data(b"ab", at=0.2)   # -> WriteData(b"ab"), CallProgress({progress: 50, ...})
    core.receive_end(at=0.3)           # -> CommitFile(), CallSuccess({"tempFilePath": ..., ...})

The shell writes what `WriteData` says before it runs the progress callbacks, and makes the
file visible on `CommitFile` (strict) or all along (lenient).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from simulator.wx.callbacks import Callback, Listeners, Result, release_task
from simulator.wx.errors import Aborted, WxError
from simulator.wx.payload import header_dict
from simulator.wx.request import (
    CallFail,
    CallHeadersReceived,
    CallSuccess,
    RequestWakeup,
    TimedCore,
)

MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024  # "单个文件大小上限为 200MB" (downloadFile doc)


@dataclass(frozen=True, slots=True)
class DownloadOptions:
    timeout_ms: int = 60_000
    result_key: str = "tempFilePath"
    """"filePath" when the call gave one, else "tempFilePath"."""
    result_path: str = ""
    """The wx path reported in `success`."""
    max_bytes: int = MAX_DOWNLOAD_BYTES


@dataclass(frozen=True, slots=True)
class WriteData:
    data: bytes


@dataclass(frozen=True, slots=True)
class CommitFile:
    """The download succeeded: make the file whole and visible."""


@dataclass(frozen=True, slots=True)
class DiscardFile:
    """The download failed: drop what was written."""


@dataclass(frozen=True, slots=True)
class CallProgress:
    res: Result


DownloadOutput = (
    RequestWakeup
    | CallHeadersReceived
    | WriteData
    | CallProgress
    | CommitFile
    | DiscardFile
    | CallSuccess
    | CallFail
)


class DownloadCore(TimedCore[DownloadOutput]):
    """One download: headers, writes with progress, then success (any status) or fail.

    After every input, drain `callbacks_to_run()`; the shell runs `complete` after
    success/fail.
    """

    def __init__(self, options: DownloadOptions) -> None:
        super().__init__(options.timeout_ms)
        self.options = options
        self.expected = 0

    def receive_headers(self, status: int, raw: list[tuple[str, str]], at: float) -> None:
        if self.done:
            return
        self.status = status
        header, _ = header_dict(raw)
        length = next((v for k, v in raw if k.lower() == "content-length"), None)
        # No Content-Length (a chunked body): the platform is silent; we report 0 expected
        # and let totalBytesWritten grow, never inventing a total.
        self.expected = int(length) if length and length.isdigit() else 0
        self._out.append(CallHeadersReceived({"header": header}))

    def receive_data(self, data: bytes, at: float) -> None:
        if self.done or not data:
            return
        self.received += len(data)
        if self.received > self.options.max_bytes:
            self.receive_error(WxError("exceed max file size", 603301), at)
            return
        progress = min(100, self.received * 100 // self.expected) if self.expected else 0
        self._out.append(WriteData(data))
        self._out.append(
            CallProgress(
                {
                    "progress": progress,
                    "totalBytesWritten": self.received,
                    "totalBytesExpectedToWrite": self.expected,
                }
            )
        )

    def receive_end(self, at: float, extra: Result | None = None) -> None:
        """Whatever the status, the body is the file and `success` runs (downloadFile doc)."""
        if self.done:
            return
        self.done = True
        res: Result = {
            self.options.result_key: self.options.result_path,
            "statusCode": self.status,
            "errMsg": "downloadFile:ok",
        }
        if extra:
            res.update(extra)
        self._out.append(CommitFile())
        self._out.append(CallSuccess(res))

    def receive_error(self, error: WxError, at: float) -> None:
        if self.done:
            return
        self.done = True
        self._out.append(DiscardFile())
        self._out.append(CallFail(error.fail_result("downloadFile"), error))

    def abort(self, at: float) -> None:
        self.receive_error(Aborted(errno=603105), at)  # errno 603105 "abort download task"


class DownloadTask:
    """What `wx.downloadFile` returns: `abort` and the progress/header listeners."""

    def __init__(self, flow_id: int, abort: Callable[[], None]) -> None:
        self.flow_id = flow_id
        self.progress_listeners = Listeners()
        self.headers_listeners = Listeners()
        self._abort = abort

    def abort(self) -> None:
        """Stop the download: `fail({"errMsg": "downloadFile:fail abort"})` then `complete`."""
        self._abort()

    def _release(self) -> None:
        """The download ended: see `release_task`."""
        release_task(self, self.progress_listeners, self.headers_listeners)

    def onProgressUpdate(self, callback: Callback) -> None:
        """`callback({"progress", "totalBytesWritten", "totalBytesExpectedToWrite"})`."""
        self.progress_listeners.on(callback)

    def offProgressUpdate(self, callback: Callback | None = None) -> None:
        self.progress_listeners.off(callback)

    def onHeadersReceived(self, callback: Callback) -> None:
        """`callback({"header"})` (the typings give downloads no statusCode here)."""
        self.headers_listeners.on(callback)

    def offHeadersReceived(self, callback: Callback | None = None) -> None:
        self.headers_listeners.off(callback)
