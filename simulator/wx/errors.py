"""Why a wx call failed; each becomes `fail({"errMsg": "<api>:fail <detail>", "errno": ...})`.

The tree (only the wx boundary turns these into callback dicts; `*Sync` calls and the
awaitable style raise them):

    WxError                       detail + errno; `err_msg(api)` gives the platform string
    ├── NetworkError              the transport failed (refused, reset, offline)
    ├── TimedOut                  the task outlived its timeout          "timeout", errno 5
    ├── Aborted                   `task.abort()` was called              "abort"
    ├── TaskLimitExceeded         over the concurrency limit, fail mode  errno 600007
    ├── NotConnected              socket call with no open socket
    ├── InvalidArgument           the call's options are wrong (bad close code, bad URL)
    ├── FileSystemError           FileSystemManager errors, errno 13xxxxx
    └── CallFailed                raised by `simulator.wx.aio` with the whole `fail` result
"""

from __future__ import annotations

from typing import Any


class WxError(Exception):
    """A failure with the text that follows `<api>:fail ` and the platform's errno."""

    default_errno: int | None = None

    def __init__(self, detail: str, errno: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errno = errno if errno is not None else self.default_errno
        self.api: str | None = None
        """Set when raised to the page (a `*Sync` call): `str()` is then the full errMsg."""

    def __str__(self) -> str:
        return self.err_msg(self.api) if self.api else self.detail

    def err_msg(self, api: str) -> str:
        """The errMsg as the platform writes it, e.g. `request:fail timeout`."""
        return f"{api}:fail {self.detail}"

    def fail_result(self, api: str) -> dict[str, Any]:
        """The dict a `fail` callback receives."""
        res: dict[str, Any] = {"errMsg": self.err_msg(api)}
        if self.errno is not None:
            res["errno"] = self.errno
        return res


class NetworkError(WxError):
    """The connection could not be made or broke; errno 600001 (cronet/net error)."""

    default_errno = 600001


class TimedOut(WxError):
    """The timeout (per call, app default, or the 60 s cap) ran out; errno 5 "time out"."""

    default_errno = 5

    def __init__(self, detail: str = "timeout", errno: int | None = None) -> None:
        super().__init__(detail, errno)


class Aborted(WxError):
    """`abort()` ended the task.

    The platform documents no errno for an aborted request; 600003 ("network interrupted") is
    the nearest documented one. Downloads use 603105 ("abort download task").
    """

    default_errno = 600003

    def __init__(self, detail: str = "abort", errno: int | None = None) -> None:
        super().__init__(detail, errno)


class TaskLimitExceeded(WxError):
    """More tasks than the platform runs at once, with `over_limit="fail"`."""

    default_errno = 600007

    def __init__(self, detail: str = "exceed max task count", errno: int | None = None) -> None:
        super().__init__(detail, errno)


class NotConnected(WxError):
    """A socket call needs an open socket (device text: `WebSocket is not connected`)."""

    def __init__(
        self, detail: str = "WebSocket is not connected", errno: int | None = None
    ) -> None:
        super().__init__(detail, errno)


class InvalidArgument(WxError):
    """The call's options break a platform rule; errno 1001 is not used by the platform here."""


class FileSystemError(WxError):
    """A FileSystemManager error; `detail` reads like `no such file or directory, open <path>`."""


class CallFailed(WxError):
    """An awaited wx call ended in `fail`; `res` is the dict `fail` received."""

    def __init__(self, res: dict[str, Any]) -> None:
        msg = str(res.get("errMsg", "fail"))
        errno = res.get("errno")
        super().__init__(msg, errno if isinstance(errno, int) else None)
        self.res = res

    def err_msg(self, api: str) -> str:
        return self.detail
