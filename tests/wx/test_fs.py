"""FileSystemManager: encodings, ranges, the sandbox and the platform's errMsg strings."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from simulator.wx import FileSystemError, WxRuntime
from tests.wx.conftest import Calls


async def test_write_then_read_with_encodings(wx: WxRuntime) -> None:
    fs = wx.getFileSystemManager()
    path = f"{wx.env.USER_DATA_PATH}/a.txt"
    fs.writeFileSync(path, "你好abc", "utf8")
    assert fs.readFileSync(path) == "你好abc".encode()
    assert fs.readFileSync(path, "utf8") == "你好abc"
    assert fs.readFileSync(path, "hex") == "你好abc".encode().hex()
    assert fs.readFileSync(path, "base64") == "5L2g5aW9YWJj"
    assert fs.readFileSync(path, "utf8", position=6, length=2) == "ab"


async def test_read_file_async_success_and_missing_file_errmsg(wx: WxRuntime) -> None:
    fs = wx.getFileSystemManager()
    path = f"{wx.env.USER_DATA_PATH}/b.txt"
    ok, missing = Calls(), Calls()
    fs.writeFileSync(path, b"\x01\x02")
    fs.readFile(filePath=path, **ok.outcome())
    fs.readFile(filePath=f"{wx.env.USER_DATA_PATH}/nope.txt", encoding="utf8", **missing.outcome())
    assert ok.names == [] and missing.names == []  # never inside the call
    await ok.finished()
    await missing.finished()
    assert ok.first("success") == {"data": b"\x01\x02", "errMsg": "readFile:ok"}
    assert missing.first("fail") == {
        "errMsg": f"readFile:fail no such file or directory, open {wx.env.USER_DATA_PATH}/nope.txt",
        "errno": 1300002,
    }


async def test_read_file_sync_raises_with_the_errmsg(wx: WxRuntime) -> None:
    path = f"{wx.env.USER_DATA_PATH}/missing"
    with pytest.raises(FileSystemError) as info:
        wx.getFileSystemManager().readFileSync(path)
    assert str(info.value) == f"readFileSync:fail no such file or directory, open {path}"
    assert info.value.errno == 1300002


@pytest.mark.parametrize(
    ("position", "length", "errno"),
    [(5, None, 1301009), (-1, None, 1301009), (0, 0, 1301006), (2, 9, 1301006)],
)
async def test_out_of_range_position_and_length(
    wx: WxRuntime, position: int, length: int | None, errno: int
) -> None:
    fs = wx.getFileSystemManager()
    path = f"{wx.env.USER_DATA_PATH}/r.txt"
    fs.writeFileSync(path, "abcde")
    with pytest.raises(FileSystemError) as info:
        fs.readFileSync(path, None, position, length)
    assert info.value.errno == errno


async def test_paths_outside_the_sandbox_are_refused(wx: WxRuntime) -> None:
    fs = wx.getFileSystemManager()
    with pytest.raises(FileSystemError) as escape:
        fs.writeFileSync(f"{wx.env.USER_DATA_PATH}/../../etc/x", "no")
    assert escape.value.errno == 1300013
    with pytest.raises(FileSystemError) as outside:
        fs.readFileSync("/etc/hostname")
    assert outside.value.errno == 1300002


async def test_temp_files_cannot_be_written(wx: WxRuntime) -> None:
    with pytest.raises(FileSystemError) as info:
        wx.getFileSystemManager().writeFileSync("wxfile://tmp_abc.txt", "x")
    assert "permission denied" in str(info.value)


async def test_access_and_unlink(wx: WxRuntime) -> None:
    fs = wx.getFileSystemManager()
    path = f"{wx.env.USER_DATA_PATH}/c.txt"
    fs.writeFileSync(path, "x")
    fs.accessSync(path)
    gone, unlinked = Calls(), Calls()
    fs.unlink(filePath=path, **unlinked.outcome())
    await unlinked.finished()
    assert unlinked.first("success") == {"errMsg": "unlink:ok"}
    fs.access(path=path, **gone.outcome())
    await gone.finished()
    assert gone.first("fail")["errMsg"] == f"access:fail no such file or directory, access {path}"


async def test_devtools_user_data_path_is_http_usr(make_wx: Callable[..., WxRuntime]) -> None:
    wx = make_wx(platform="devtools")
    assert wx.env.USER_DATA_PATH == "http://usr"
    fs = wx.getFileSystemManager()
    fs.writeFileSync("http://usr/d.txt", "ok")
    assert fs.readFileSync("http://usr/d.txt", "utf8") == "ok"


async def test_file_reads_are_events(wx: WxRuntime) -> None:
    seen: list[object] = []
    wx.events.subscribe(seen.append)
    fs = wx.getFileSystemManager()
    fs.writeFileSync(f"{wx.env.USER_DATA_PATH}/e.txt", "abc")
    fs.readFileSync(f"{wx.env.USER_DATA_PATH}/e.txt")
    (event,) = seen
    assert type(event).__name__ == "FileRead" and event.size == 3  # type: ignore[attr-defined]
