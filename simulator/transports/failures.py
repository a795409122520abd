"""Why a run failed, as a kind the UI, `auto` and the bench can decide on (not prose)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class FailureKind(StrEnum):
    """What went wrong, from the page's side; the UI maps each to one translated headline."""

    UNREACHABLE = "unreachable"
    """No route to the backend: offline, name not resolved, network changed."""
    REFUSED = "refused"
    """The host answered but nothing listens there."""
    TIMEOUT = "timeout"
    """The call, the connect, or the idle watchdog ran out of time."""
    HTTP_STATUS = "http_status"
    """The backend answered with an error status (`status` says which)."""
    DROPPED = "dropped"
    """The connection broke in the middle of the reply (reset, truncated body, socket closed)."""
    PROTOCOL = "protocol"
    """The exchange broke the wire contract (lost/missing chunks, no end-of-reply event)."""
    MALFORMED = "malformed"
    """The backend sent bytes the page cannot read as a reply."""
    TOO_LARGE = "too_large"
    """The message or reply exceeds a limit (413, close code 1009)."""
    ABORTED = "aborted"
    """The task was aborted (not by the user's Stop, which is `RunStopped`)."""
    BACKEND_ERROR = "backend_error"
    """The backend reported an error of its own inside a successful exchange."""
    UNSUPPORTED_BY_BACKEND = "unsupported_by_backend"
    """The backend profile has no endpoint for this transport."""
    INVALID_REQUEST = "invalid_request"
    """The wx runtime rejected the call's options (bad URL, bad data)."""
    UNKNOWN = "unknown"
    """Anything else (a bug, an exception the transport did not expect)."""

    @property
    def falls_back(self) -> bool:
        """`auto` may try the next tier after this failure (when no text was shown yet)."""
        return self not in _NO_FALLBACK


_NO_FALLBACK = frozenset({FailureKind.ABORTED, FailureKind.INVALID_REQUEST})
"""Another tier cannot help: the task was aborted, or the call itself is wrong."""


@dataclass(frozen=True, slots=True)
class Failure:
    """A classified failure: its kind, the raw detail, and what the platform/backend said."""

    kind: FailureKind
    detail: str
    """The run's one-line error (errMsg, close code, the parser's complaint)."""
    status: int | None = None
    """HTTP status (or WebSocket close code) when there was one."""
    errno: int | None = None
    """The wx errno when the failure came from a wx `fail` callback."""
    reason: str = ""
    """The backend's own reason text (its error body's message), when it gave one."""


# errno / platform text → kind, first match wins; the platform's errMsg is all the page gets.
_WX_TEXT_KINDS = (
    ("timeout", FailureKind.TIMEOUT),
    ("time out", FailureKind.TIMEOUT),
    ("abort", FailureKind.ABORTED),
    ("ERR_CONNECTION_TIMED_OUT", FailureKind.TIMEOUT),
    ("timed out", FailureKind.TIMEOUT),
    ("ERR_CONNECTION_REFUSED", FailureKind.REFUSED),
    ("ERR_INTERNET_DISCONNECTED", FailureKind.UNREACHABLE),
    ("ERR_NAME_NOT_RESOLVED", FailureKind.UNREACHABLE),
    ("ERR_NAME_RESOLUTION_FAILED", FailureKind.UNREACHABLE),
    ("ERR_ADDRESS_UNREACHABLE", FailureKind.UNREACHABLE),
    ("specified hostname could not be found", FailureKind.UNREACHABLE),  # iOS: DNS
    ("appears to be offline", FailureKind.UNREACHABLE),  # iOS: no network
    ("network change", FailureKind.UNREACHABLE),
    ("invalid url", FailureKind.INVALID_REQUEST),
    ("serialization failed", FailureKind.INVALID_REQUEST),
    ("ERR_INCOMPLETE_CHUNKED_ENCODING", FailureKind.DROPPED),
    ("ERR_EMPTY_RESPONSE", FailureKind.DROPPED),
    ("ERR_CONNECTION_RESET", FailureKind.DROPPED),
    ("Invalid HTTP status", FailureKind.HTTP_STATUS),
    ("ERR_RESPONSE_HEADERS_TOO_BIG", FailureKind.TOO_LARGE),
    ("exceed max response size", FailureKind.TOO_LARGE),
    ("exceed max file size", FailureKind.TOO_LARGE),
    ("message too big", FailureKind.TOO_LARGE),
    ("invalid frame payload data", FailureKind.MALFORMED),
)
_WX_ERRNO_KINDS = {5: FailureKind.TIMEOUT, 600009: FailureKind.INVALID_REQUEST}


def wx_failure(res: Mapping[str, Any], prefix: str = "") -> Failure:
    """A wx `fail` result (`{errMsg, errno}`) as a failure; `prefix` goes before the errMsg."""
    err_msg = str(res.get("errMsg", "fail"))
    errno = res.get("errno")
    errno = errno if isinstance(errno, int) else None
    kind = _WX_ERRNO_KINDS.get(errno) if errno is not None else None
    if kind is None:
        lowered = err_msg.lower()
        kind = next(
            (k for text, k in _WX_TEXT_KINDS if text.lower() in lowered), FailureKind.DROPPED
        )
    return Failure(kind, f"{prefix}{err_msg}", errno=errno)


def http_failure(status: int, reason: str) -> Failure:
    """An error status with the backend's reason (413 is a size limit, not a generic error)."""
    kind = FailureKind.TOO_LARGE if status == 413 else FailureKind.HTTP_STATUS
    return Failure(kind, f"HTTP {status}: {reason or 'no body'}", status=status, reason=reason)


PLATFORM_SIZE_LIMITS = ("exceed max response size", "exceed max file size", "message too big")
"""errMsg texts of the runtime's size bounds, which `RunSettings.run_budget_mb` sets."""


def over_budget(budget: int, shown: int, cause: str) -> Failure:
    """The run's reply went over its memory budget: names the limit, its size, what came
    (`cause`) and how much of it the page had (`shown` bytes, kept)."""
    detail = (
        f"reply over the run's memory budget ({_mib(budget)}, run_budget_mb; a reply may be"
        f" half of it, {_mib(budget // 2)}): {cause};"
        f" {_mib(shown)} of text had reached the page and is kept"
    )
    return Failure(FailureKind.TOO_LARGE, detail)


def _mib(nbytes: int) -> str:
    return f"{nbytes / (1 << 20):.1f} MiB"
