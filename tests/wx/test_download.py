"""downloadFile / DownloadTask: progress, files, strict vs lenient reads, failures."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from simulator.wx import FileSystemError, WxRuntime
from simulator.wx.download import (
    CallProgress,
    CommitFile,
    DiscardFile,
    DownloadCore,
    DownloadOptions,
    WriteData,
)
from simulator.wx.request import CallFail, CallHeadersReceived, CallSuccess, RequestWakeup
from tests.wx.conftest import Calls
from tests.wx.edge_app import gate


def test_core_progress_with_length_then_commit_before_success() -> None:
    core = DownloadCore(DownloadOptions(result_key="tempFilePath", result_path="wxfile://tmp_a"))
    core.start(at=0.0)
    core.receive_headers(200, [("Content-Length", "4")], at=0.1)
    core.receive_data(b"ab", at=0.2)
    core.receive_end(at=0.3)
    assert core.callbacks_to_run() == [
        RequestWakeup(60.0),
        CallHeadersReceived({"header": {"Content-Length": "4"}}),
        WriteData(b"ab"),
        CallProgress({"progress": 50, "totalBytesWritten": 2, "totalBytesExpectedToWrite": 4}),
        CommitFile(),
        CallSuccess(
            {"tempFilePath": "wxfile://tmp_a", "statusCode": 200, "errMsg": "downloadFile:ok"}
        ),
    ]


def test_core_abort_discards_the_file_with_errno_603105() -> None:
    core = DownloadCore(DownloadOptions())
    core.receive_data(b"x", at=0.0)
    core.callbacks_to_run()
    core.abort(at=0.1)
    out = core.callbacks_to_run()
    assert out[0] == DiscardFile()
    assert isinstance(out[1], CallFail)
    assert out[1].res == {"errMsg": "downloadFile:fail abort", "errno": 603105}


def test_core_over_the_size_limit_fails() -> None:
    core = DownloadCore(DownloadOptions(max_bytes=3))
    core.receive_data(b"abcd", at=0.0)
    out = core.callbacks_to_run()
    assert isinstance(out[-1], CallFail)
    assert out[-1].res == {"errMsg": "downloadFile:fail exceed max file size", "errno": 603301}


async def test_chunked_download_reports_growing_progress_without_a_total(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    parts = json.dumps(["你", "好", "!"])
    task = wx.downloadFile(url=f"{edge}/chunks?parts={parts}", **calls.outcome())
    task.onHeadersReceived(calls.cb("headers"))
    task.onProgressUpdate(calls.cb("progress"))
    await calls.finished()
    assert calls.names[0] == "headers" and calls.names[-2:] == ["success", "complete"]
    written = [p["totalBytesWritten"] for p in calls.all("progress")]
    assert written == sorted(written) and written[-1] == len("你好!".encode())
    assert {p["totalBytesExpectedToWrite"] for p in calls.all("progress")} == {0}
    res = calls.first("success")
    assert res["statusCode"] == 200 and res["tempFilePath"].startswith("wxfile://tmp_")
    fs = wx.getFileSystemManager()
    assert fs.readFileSync(res["tempFilePath"], "utf8") == "你好!"


async def test_progress_reaches_100_with_content_length(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    task = wx.downloadFile(url=f'{edge}/chunks?parts=["ab","cd"]&length=1', **calls.outcome())
    task.onProgressUpdate(calls.cb("progress"))
    await calls.finished()
    last = calls.all("progress")[-1]
    assert last == {"progress": 100, "totalBytesWritten": 4, "totalBytesExpectedToWrite": 4}


async def test_download_to_file_path_reports_file_path(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    path = f"{wx.env.USER_DATA_PATH}/reply.txt"
    wx.downloadFile(url=f"{edge}/text?body=hello", filePath=path, **calls.outcome())
    await calls.finished()
    res = calls.first("success")
    assert res["filePath"] == path and "tempFilePath" not in res
    assert wx.getFileSystemManager().readFileSync(path, "utf8") == "hello"


async def test_404_body_is_written_and_success_fires(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    wx.downloadFile(url=f"{edge}/status/404", **calls.outcome())
    await calls.finished()
    res = calls.first("success")
    assert res["statusCode"] == 404
    assert wx.getFileSystemManager().readFileSync(res["tempFilePath"], "utf8") == "body of 404"


async def test_download_is_always_a_get(wx: WxRuntime, edge: str, calls: Calls) -> None:
    wx.downloadFile(url=f"{edge}/echo", method="POST", data={"a": 1}, **calls.outcome())
    await calls.finished()
    path = calls.first("success")["tempFilePath"]
    echoed = json.loads(wx.getFileSystemManager().readFileSync(path, "utf8"))
    assert echoed["method"] == "GET"


async def _read_during_download(
    wx: WxRuntime, url: str, path: str, after_read: Callable[[], None] | None = None
) -> list[Any]:
    fs = wx.getFileSystemManager()
    seen: list[Any] = []
    calls = Calls()

    def on_progress(res: dict[str, Any]) -> None:
        try:
            seen.append(fs.readFileSync(path, "utf8"))
        except FileSystemError as exc:
            seen.append(str(exc))
        if after_read is not None:
            after_read()

    task = wx.downloadFile(url=url, filePath=path, **calls.outcome())
    task.onProgressUpdate(on_progress)
    await calls.finished()
    assert calls.names[0] == "success"
    return seen


async def test_strict_mode_hides_the_file_until_success(wx: WxRuntime, edge: str) -> None:
    path = f"{wx.env.USER_DATA_PATH}/partial.txt"
    seen = await _read_during_download(wx, f'{edge}/chunks?parts=["ab","cd"]', path)
    assert seen and all("readFileSync:fail no such file or directory" in s for s in seen)
    assert wx.getFileSystemManager().readFileSync(path, "utf8") == "abcd"


async def test_lenient_mode_lets_partial_content_be_read(
    make_wx: Callable[..., WxRuntime], edge: str
) -> None:
    wx = make_wx(download_fidelity="lenient")
    path = f"{wx.env.USER_DATA_PATH}/partial.txt"
    next_part = gate("lenient")
    url = f'{edge}/chunks?parts=["ab","cd"]&gate=lenient'
    seen = await _read_during_download(wx, url, path, after_read=next_part.set)
    assert seen == ["ab", "abcd"]


async def test_abort_mid_download_fails_and_leaves_no_file(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    path = f"{wx.env.USER_DATA_PATH}/aborted.txt"
    parts = json.dumps(["x"] * 40)
    task = wx.downloadFile(
        url=f"{edge}/chunks?parts={parts}&gap=0.02", filePath=path, **calls.outcome()
    )
    task.onProgressUpdate(lambda res: task.abort() if res["totalBytesWritten"] >= 2 else None)
    await calls.finished()
    assert calls.first("fail") == {"errMsg": "downloadFile:fail abort", "errno": 603105}
    with pytest.raises(FileSystemError):
        wx.getFileSystemManager().readFileSync(path)


async def test_download_timeout_fails_with_timeout(wx: WxRuntime, edge: str, calls: Calls) -> None:
    wx.downloadFile(url=f"{edge}/slow?delay=3", timeout=100, **calls.outcome())
    await calls.finished()
    assert calls.first("fail") == {"errMsg": "downloadFile:fail timeout", "errno": 5}


async def test_file_path_outside_the_user_directory_is_refused(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    wx.downloadFile(url=f"{edge}/text?body=x", filePath="/etc/passwd", **calls.outcome())
    await calls.finished()
    res = calls.first("fail")
    assert res["errMsg"].startswith("downloadFile:fail") and res["errno"] == 603303


async def test_seed_miniapp_stream_download_reads_back_the_reply(
    wx: WxRuntime, stub: object, calls: Calls
) -> None:
    base = stub.base_url  # type: ignore[attr-defined]
    url = f"{base}/api/chat/miniapp-stream?message=hi&userId=u&scenario=ttft_ms=0,tps=2000"
    task = wx.downloadFile(url=url, **calls.outcome())
    task.onProgressUpdate(calls.cb("progress"))
    await calls.finished()
    text = wx.getFileSystemManager().readFileSync(calls.first("success")["tempFilePath"], "utf8")
    assert isinstance(text, str) and len(text) > 10
    assert len(calls.all("progress")) > 1


async def test_a_url_too_long_for_the_client_fails_instead_of_hanging(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    # A 1 MB message in the query string: httpx refuses the URL (InvalidURL, not an HTTPError).
    wx.downloadFile(url=f"{edge}/text?body={'x' * 1_000_000}", **calls.outcome())
    await calls.finished()
    assert calls.first("fail") == {"errMsg": "downloadFile:fail invalid url", "errno": 600009}
