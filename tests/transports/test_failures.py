"""Failures are typed at the wx boundary: the platform's errMsg/errno → one FailureKind."""

from __future__ import annotations

import pytest

from simulator.transports.failures import FailureKind, http_failure, wx_failure
from simulator.wx.errors import Aborted, InvalidArgument, NetworkError, TimedOut, WxError


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (TimedOut(), FailureKind.TIMEOUT),
        (Aborted(), FailureKind.ABORTED),
        (NetworkError("net::ERR_CONNECTION_REFUSED"), FailureKind.REFUSED),
        (NetworkError("net::ERR_INTERNET_DISCONNECTED"), FailureKind.UNREACHABLE),
        (NetworkError("net::ERR_INCOMPLETE_CHUNKED_ENCODING"), FailureKind.DROPPED),
        (NetworkError("net::ERR_CONNECTION_RESET"), FailureKind.DROPPED),
        (InvalidArgument("invalid url", 600009), FailureKind.INVALID_REQUEST),
    ],
)
def test_wx_fail_results_get_their_kind_and_errno(error: WxError, kind: FailureKind) -> None:
    res = error.fail_result("request")
    failure = wx_failure(res, "connect failed: ")
    assert failure.kind is kind
    assert failure.errno == res.get("errno")
    assert failure.detail == f"connect failed: {res['errMsg']}"


def test_a_size_limit_status_is_too_large_not_a_generic_error() -> None:
    assert http_failure(413, "too big").kind is FailureKind.TOO_LARGE
    failure = http_failure(503, "busy")
    assert failure.kind is FailureKind.HTTP_STATUS and failure.status == 503
    assert failure.reason == "busy" and failure.detail == "HTTP 503: busy"


def test_auto_does_not_fall_back_where_another_tier_cannot_help() -> None:
    assert not FailureKind.ABORTED.falls_back and not FailureKind.INVALID_REQUEST.falls_back
    assert FailureKind.REFUSED.falls_back and FailureKind.UNSUPPORTED_BY_BACKEND.falls_back
