"""A host name that does not resolve is ERR_NAME_NOT_RESOLVED, not a refused connection."""

from __future__ import annotations

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
