"""A host name that does not resolve is ERR_NAME_NOT_RESOLVED, not a refused connection."""

from __future__ import annotations

import pytest

from simulator.transports.failures import FailureKind, wx_failure
from simulator.wx import WxRuntime
from tests.wx.conftest import Calls

NO_SUCH_HOST = "no-such-host.invalid"
""".invalid never resolves (RFC 6761): the resolver fails without any network."""


async def test_request_to_an_unresolvable_host(wx: WxRuntime, calls: Calls) -> None:
    wx.request(
        url=f"http://{NO_SUCH_HOST}/api",
        success=calls.cb("success"),
        fail=calls.cb("fail"),
        complete=calls.cb("complete"),
    )
    await calls.finished(timeout=15)
    res = calls.first("fail")
    assert res["errMsg"] == "request:fail net::ERR_NAME_NOT_RESOLVED"
    assert wx_failure(res).kind is FailureKind.UNREACHABLE


async def test_socket_to_an_unresolvable_host(wx: WxRuntime, calls: Calls) -> None:
    task = wx.connectSocket(url=f"ws://{NO_SUCH_HOST}/ws")
    task.onError(calls.cb("error"))
    await calls.until(lambda: bool(calls.all("error")), timeout=15)
    res = calls.first("error")
    assert "ERR_NAME_NOT_RESOLVED" in res["errMsg"], res
    assert wx_failure(res).kind is FailureKind.UNREACHABLE


@pytest.mark.parametrize(
    ("err_msg", "kind"),
    [
        ("request:fail net::ERR_NAME_NOT_RESOLVED", FailureKind.UNREACHABLE),
        ("request:fail net::ERR_NAME_RESOLUTION_FAILED", FailureKind.UNREACHABLE),
        ("request:fail net::ERR_ADDRESS_UNREACHABLE", FailureKind.UNREACHABLE),
        (
            "request:fail A server with the specified hostname could not be found.",
            FailureKind.UNREACHABLE,
        ),
        ("request:fail The Internet connection appears to be offline.", FailureKind.UNREACHABLE),
        ("request:fail net::ERR_CONNECTION_TIMED_OUT", FailureKind.TIMEOUT),
        ("request:fail net::ERR_CONNECTION_REFUSED", FailureKind.REFUSED),
    ],
)
def test_platform_texts_for_no_route_are_not_refusals(err_msg: str, kind: FailureKind) -> None:
    assert wx_failure({"errMsg": err_msg}).kind is kind
