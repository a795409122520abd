"""wx.request: the sans-IO core's rules, then the whole call against real servers on loopback."""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable

import pytest

from simulator.wx import WxRuntime
from simulator.wx.errors import NetworkError
from simulator.wx.request import (
    CallChunkReceived,
    CallFail,
    CallHeadersReceived,
    CallSuccess,
    RequestCore,
    RequestOptions,
    RequestWakeup,
)
from tests.helpers.waits import quiet_for
from tests.wx.conftest import Calls
from tests.wx.edge_app import gate

# -- core, no sockets ----------------------------------------------------------------------


def test_core_chunked_exchange_gives_headers_chunks_then_success_with_empty_data() -> None:
    core = RequestCore(RequestOptions(enable_chunked=True))
    core.start(at=0.0)
    core.receive_headers(200, [("Content-Type", "text/event-stream")], at=0.05)
    core.receive_data("你".encode()[:2], at=0.06)
    core.receive_data("你".encode()[2:], at=0.07)
    core.receive_end(at=0.08)
    out = core.callbacks_to_run()
    assert out[0] == RequestWakeup(60.0)
    assert out[1] == CallHeadersReceived(
        {"header": {"Content-Type": "text/event-stream"}, "cookies": [], "statusCode": 200}
    )
    assert out[2:4] == [CallChunkReceived(b"\xe4\xbd"), CallChunkReceived(b"\xa0")]
    assert isinstance(out[4], CallSuccess)
    assert out[4].res["data"] == "" and out[4].res["errMsg"] == "request:ok"


def test_core_without_chunks_delivers_nothing_before_the_body_is_complete() -> None:
    core = RequestCore(RequestOptions(enable_chunked=False))
    core.start(at=0.0)
    core.receive_headers(200, [], at=0.01)
    core.callbacks_to_run()
    core.receive_data(b'{"a": ', at=0.02)
    core.receive_data(b"1}", at=0.03)
    assert core.callbacks_to_run() == []
    core.receive_end(at=0.04)
    (success,) = core.callbacks_to_run()
    assert isinstance(success, CallSuccess) and success.res["data"] == {"a": 1}


def test_core_timeout_fails_once_and_ignores_late_bytes() -> None:
    core = RequestCore(RequestOptions(timeout_ms=1000))
    core.start(at=10.0)
    core.callbacks_to_run()
    core.wake(at=10.5)
    assert core.callbacks_to_run() == []
    core.wake(at=11.0)
    (fail,) = core.callbacks_to_run()
    assert isinstance(fail, CallFail)
    assert fail.res == {"errMsg": "request:fail timeout", "errno": 5}
    core.receive_data(b"late", at=11.1)
    core.receive_end(at=11.2)
    assert core.callbacks_to_run() == []


def test_core_devtools_headers_have_no_status_code() -> None:
    core = RequestCore(RequestOptions(headers_with_status=False))
    core.receive_headers(200, [], at=0.0)
    (headers,) = core.callbacks_to_run()
    assert isinstance(headers, CallHeadersReceived) and "statusCode" not in headers.res


def test_core_error_after_data_is_a_fail_with_the_errmsg() -> None:
    core = RequestCore(RequestOptions(enable_chunked=True))
    core.receive_headers(200, [], at=0.0)
    core.receive_data(b"x", at=0.1)
    core.receive_error(NetworkError("net::ERR_CONNECTION_RESET"), at=0.2)
    out = core.callbacks_to_run()
    assert isinstance(out[-1], CallFail)
    assert out[-1].res == {"errMsg": "request:fail net::ERR_CONNECTION_RESET", "errno": 600001}


# -- against real servers ------------------------------------------------------------------


async def test_post_object_is_sent_as_json_with_default_content_type(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    wx.request(
        url=f"{edge}/echo", method="POST", data={"message": "你好", "n": 1}, **calls.outcome()
    )
    await calls.finished()
    assert calls.names == ["success", "complete"]
    echoed = calls.first("success")["data"]
    assert echoed["method"] == "POST"
    assert json.loads(echoed["body"]) == {"message": "你好", "n": 1}
    assert echoed["headers"]["content-type"] == "application/json"
    assert echoed["headers"]["referer"].startswith("https://servicewechat.com/")


async def test_get_object_becomes_an_encoded_query_string(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    data = {"message": "a b&c", "ok": True, "none": None}
    wx.request(url=f"{edge}/echo", data=data, **calls.outcome())
    await calls.finished()
    assert calls.first("success")["data"]["query"] == "message=a%20b%26c&ok=true&none=null"


async def test_form_content_type_sends_a_query_string_body(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    wx.request(
        url=f"{edge}/echo",
        method="POST",
        data={"a": "1", "b": "x y"},
        header={"content-type": "application/x-www-form-urlencoded"},
        **calls.outcome(),
    )
    await calls.finished()
    assert calls.first("success")["data"]["body"] == "a=1&b=x%20y"


async def test_non_2xx_is_a_success_with_its_status(wx: WxRuntime, edge: str, calls: Calls) -> None:
    wx.request(url=f"{edge}/status/404", **calls.outcome())
    await calls.finished()
    assert calls.names == ["success", "complete"]
    res = calls.first("success")
    assert res["statusCode"] == 404 and res["data"] == "body of 404"
    assert res["errMsg"] == "request:ok"


async def test_text_response_strips_one_bom_and_keeps_non_json_as_string(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    wx.request(url=f"{edge}/text?body=plain&bom=1", **calls.outcome())
    await calls.finished()
    res = calls.first("success")
    assert res["data"] == "plain"
    assert res["cookies"] == ["sid=1; Path=/"]


async def test_arraybuffer_response_is_bytes_and_other_datatype_skips_json(
    wx: WxRuntime, edge: str
) -> None:
    raw, text = Calls(), Calls()
    wx.request(url=f"{edge}/text?body=%7B%7D", responseType="arraybuffer", **raw.outcome())
    wx.request(url=f"{edge}/text?body=%7B%7D", dataType="text", **text.outcome())
    await raw.finished()
    await text.finished()
    assert raw.first("success")["data"] == b"{}"
    assert text.first("success")["data"] == "{}"


async def test_chunked_request_streams_sse_and_success_comes_last_with_empty_data(
    wx: WxRuntime, stub: object, calls: Calls
) -> None:
    base = stub.base_url  # type: ignore[attr-defined]
    task = wx.request(
        url=f"{base}/api/chat/sse?scenario=ttft_ms=0,tps=2000",
        method="POST",
        data={"message": "你好", "userId": "u1"},
        enableChunked=True,
        **calls.outcome(),
    )
    task.onHeadersReceived(calls.cb("headers"))
    task.onChunkReceived(calls.cb("chunk"))
    await calls.finished()
    names = calls.names
    assert names[0] == "headers" and names[-2:] == ["success", "complete"]
    assert set(names[1:-2]) == {"chunk"} and len(names) > 5
    assert calls.first("headers")["statusCode"] == 200
    assert calls.first("success")["data"] == ""
    decoder = codecs.getincrementaldecoder("utf-8")()
    text = "".join(decoder.decode(res["data"]) for res in calls.all("chunk"))
    assert "data:" in text and text.rstrip().endswith("data: [DONE]")


async def test_without_enable_chunked_the_whole_stream_arrives_in_success(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    task = wx.request(url=f'{edge}/chunks?parts=["a","b","c"]', dataType="text", **calls.outcome())
    task.onChunkReceived(calls.cb("chunk"))
    await calls.finished()
    assert calls.names == ["success", "complete"]
    assert calls.first("success")["data"] == "abc"


async def test_abort_calls_fail_then_complete_and_stops_chunks(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    parts = json.dumps(["x"] * 50)
    task = wx.request(
        url=f"{edge}/chunks?parts={parts}&gap=0.02", enableChunked=True, **calls.outcome()
    )

    def on_chunk(res: dict[str, object]) -> None:
        calls.cb("chunk")(res)
        if len(calls.all("chunk")) == 2:
            task.abort()

    task.onChunkReceived(on_chunk)
    await calls.finished()
    assert calls.names == ["chunk", "chunk", "fail", "complete"]
    assert calls.first("fail")["errMsg"] == "request:fail abort"
    await quiet_for(0.05)  # a late chunk would show up here
    assert calls.names.count("chunk") == 2


async def test_abort_before_start_fails_with_abort(wx: WxRuntime, edge: str, calls: Calls) -> None:
    task = wx.request(url=f"{edge}/echo", **calls.outcome())
    task.abort()
    await calls.finished()
    assert calls.names == ["fail", "complete"]
    assert calls.first("fail")["errMsg"] == "request:fail abort"


async def test_timeout_fails_with_timeout_errmsg(wx: WxRuntime, edge: str, calls: Calls) -> None:
    wx.request(url=f"{edge}/slow?delay=3", timeout=100, **calls.outcome())
    await calls.finished()
    assert calls.names == ["fail", "complete"]
    assert calls.first("fail") == {"errMsg": "request:fail timeout", "errno": 5}


async def test_timeout_above_the_cap_is_cut_to_the_cap(
    make_wx: Callable[..., WxRuntime], edge: str, calls: Calls
) -> None:
    wx = make_wx(cap_timeout_ms=150)
    wx.request(url=f"{edge}/slow?delay=3", timeout=300_000, **calls.outcome())
    await calls.finished(timeout=2)
    assert calls.first("fail")["errMsg"] == "request:fail timeout"


async def test_connection_refused_is_a_fail_with_a_net_error(wx: WxRuntime, calls: Calls) -> None:
    wx.request(url="http://127.0.0.1:9/", **calls.outcome())
    await calls.finished()
    res = calls.first("fail")
    assert res["errMsg"].startswith("request:fail net::ERR_CONNECTION_REFUSED")
    assert res["errno"] == 600001


async def test_server_dropping_mid_stream_fails_after_the_chunks(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    next_part = gate("drop")
    task = wx.request(
        url=f'{edge}/chunks?parts=["a","b"]&drop=1&gate=drop', enableChunked=True, **calls.outcome()
    )
    task.onChunkReceived(calls.cb("chunk"))
    task.onChunkReceived(lambda _res: next_part.set())
    await calls.finished()
    assert calls.names == ["chunk", "chunk", "fail", "complete"]
    assert calls.first("fail")["errMsg"].startswith("request:fail net::")


async def test_invalid_url_fails_without_a_request(wx: WxRuntime, calls: Calls) -> None:
    wx.request(url="ftp://example.invalid/x", **calls.outcome())
    await calls.finished()
    assert calls.first("fail") == {"errMsg": "request:fail invalid url", "errno": 600009}


async def test_off_chunk_received_stops_that_listener_only(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    next_part = gate("off")
    url = f'{edge}/chunks?parts=["a","b"]&gate=off'
    task = wx.request(url=url, enableChunked=True, **calls.outcome())
    first, second = calls.cb("one"), calls.cb("two")
    task.onChunkReceived(first)
    task.onChunkReceived(second)
    task.onChunkReceived(lambda _res: next_part.set())
    task.offChunkReceived(first)
    await calls.finished()
    assert "one" not in calls.names and calls.names.count("two") == 2


async def test_callback_that_raises_does_not_break_the_runtime(
    wx: WxRuntime, edge: str, calls: Calls, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(res: dict[str, object]) -> None:
        raise ValueError("page bug")

    wx.request(url=f"{edge}/echo", success=boom, complete=calls.cb("complete"))
    await calls.finished()
    assert "page callback" in caplog.text


class _Page:
    """Stands for the page's state a listener closes over (only a weak reference is kept)."""


async def test_an_ended_request_lets_go_of_its_listeners_and_abort_does_nothing(
    wx: WxRuntime, stub: object, calls: Calls
) -> None:
    import weakref

    base = stub.base_url  # type: ignore[attr-defined]
    page = _Page()
    alive = weakref.ref(page)
    task = wx.request(
        url=f"{base}/api/chat/sse?scenario=ttft_ms=0,tps=2000",
        method="POST",
        data={"message": "你好", "userId": "u1"},
        enableChunked=True,
        **calls.outcome(),
    )
    task.onChunkReceived(lambda res, page=page: calls.log.append(("chunk", res)))
    del page
    await calls.finished()
    assert "chunk" in calls.names
    assert alive() is None  # the ended task holds no page callback
    task.abort()  # after the end: no second fail, no error
    await quiet_for(0.05)  # a second fail would show up here
    assert calls.names.count("complete") == 1 and "fail" not in calls.names
