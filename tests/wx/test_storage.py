"""wx storage: sync and async forms, errMsgs, the 1 MB / 10 MB limits, Dates, persistence across
runtimes, and the running quota total (no rescans per write)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from simulator.wx import CallFailed, WxError, WxRuntime
from simulator.wx.storage import MAX_ITEM_BYTES, Storage, project_storage_dir
from tests.wx.conftest import Calls, MakeNative

MB = 1024 * 1024


async def test_sync_set_get_remove_clear(make_native: MakeNative) -> None:
    wx = make_native()
    wx.setStorageSync("token", "abc")
    wx.setStorageSync("user", {"id": 7, "tags": ["a", None], "ok": True})
    assert wx.getStorageSync("token") == "abc"
    assert wx.getStorageSync("user") == {"id": 7, "tags": ["a", None], "ok": True}
    assert wx.getStorageSync("missing") == ""  # the platform gives "", no exception
    wx.removeStorageSync("token")
    wx.removeStorageSync("token")  # removing a missing key is no error
    assert wx.getStorageSync("token") == ""
    assert wx.getStorageInfoSync()["keys"] == ["user"]
    wx.clearStorageSync()
    assert wx.getStorageInfoSync() == {"keys": [], "currentSize": 0, "limitSize": 10240}


async def test_async_forms_call_back_later_success_then_complete(make_native: MakeNative) -> None:
    wx = make_native()
    put, got, missing = Calls(), Calls(), Calls()
    wx.setStorage(key="k", data=[1, 2], **put.outcome())
    assert wx.getStorageSync("k") == [1, 2]  # written at once
    wx.getStorage({"key": "k", **got.outcome()})
    wx.getStorage({"key": "nope", **missing.outcome()})
    assert put.names == got.names == missing.names == []  # never inside the call
    for c in (put, got, missing):
        await c.finished()
    assert put.log == [
        ("success", {"errMsg": "setStorage:ok"}),
        ("complete", {"errMsg": "setStorage:ok"}),
    ]
    assert got.names == ["success", "complete"]
    assert got.first("success") == {"data": [1, 2], "errMsg": "getStorage:ok"}
    assert missing.log == [
        ("fail", {"errMsg": "getStorage:fail data not found"}),
        ("complete", {"errMsg": "getStorage:fail data not found"}),
    ]


async def test_promise_style_without_callbacks(make_native: MakeNative) -> None:
    wx = make_native()
    assert await wx.setStorage(key="a", data=1) == {"errMsg": "setStorage:ok"}
    info = await wx.getStorageInfo()
    assert info["keys"] == ["a"] and info["errMsg"] == "getStorageInfo:ok"
    with pytest.raises(CallFailed) as failed:
        await wx.getStorage(key="b")
    assert failed.value.res == {"errMsg": "getStorage:fail data not found"}


async def test_key_must_be_a_string(make_native: MakeNative) -> None:
    wx = make_native()
    with pytest.raises(WxError) as raised:
        wx.setStorageSync(12, "x")
    assert str(raised.value) == (
        "setStorageSync:fail parameter error: parameter.key should be String instead of Number;"
    )
    calls = Calls()
    wx.setStorage(data="x", **calls.outcome())
    await calls.finished()
    assert calls.first("fail")["errMsg"] == (
        "setStorage:fail parameter error: parameter.key should be String instead of Undefined;"
    )


async def test_per_key_limit_is_one_megabyte(make_native: MakeNative) -> None:
    wx = make_native()
    fits = "x" * (MAX_ITEM_BYTES - len("k") - 2)  # the key and the JSON quotes count
    wx.setStorageSync("k", fits)
    with pytest.raises(WxError) as raised:
        wx.setStorageSync("k", fits + "x")
    assert str(raised.value) == "setStorageSync:fail exceed storage limit"
    assert wx.getStorageSync("k") == fits  # the failed write changed nothing
    calls = Calls()
    wx.setStorage(key="big", data="中" * (MB // 3 + 1), **calls.outcome())
    await calls.finished()
    assert calls.log[0] == ("fail", {"errMsg": "setStorage:fail exceed storage limit"})


async def test_total_limit_is_ten_megabytes_and_replacing_counts_once(
    make_native: MakeNative,
) -> None:
    wx = make_native()
    chunk = "x" * (MB - 100)
    for i in range(10):
        wx.setStorageSync(f"k{i}", chunk)
    for _ in range(3):
        wx.setStorageSync("k0", chunk)  # replacing a key does not add its size again
    assert wx.getStorageInfoSync()["currentSize"] <= 10240
    with pytest.raises(WxError, match="exceed storage limit"):
        wx.setStorageSync("k10", chunk)
    wx.removeStorageSync("k0")
    wx.setStorageSync("k10", chunk)  # room again
    assert wx.storage.used_bytes == sum(
        len(k) + len(chunk) + 2 for k in wx.getStorageInfoSync()["keys"]
    )


async def test_date_round_trips_at_top_level_and_is_a_string_inside(
    make_native: MakeNative,
) -> None:
    wx = make_native()
    when = datetime(2024, 5, 1, 8, 30, 0, 123000, tzinfo=UTC)
    wx.setStorageSync("when", when)
    wx.setStorageSync("obj", {"at": when, "nan": float("nan"), "fn": print})
    assert wx.getStorageSync("when") == when
    assert wx.getStorageSync("obj") == {"at": "2024-05-01T08:30:00.123Z", "nan": None}


async def test_storage_persists_across_two_runtimes(
    make_native: MakeNative, tmp_path: Path
) -> None:
    folder = project_storage_dir("wx123", tmp_path / "proj", root=tmp_path / "store")
    first = make_native(storage_dir=folder)
    first.setStorageSync("token", "t-1")
    first.setStorageSync("n", 3)
    first.removeStorageSync("n")
    await first.aclose()
    second = make_native(storage_dir=folder)
    assert second.getStorageSync("token") == "t-1"
    assert second.getStorageSync("n") == ""
    assert second.storage.used_bytes == first.storage.used_bytes > 0
    other = make_native(
        storage_dir=project_storage_dir("wx123", tmp_path / "other", root=tmp_path / "store")
    )
    assert other.getStorageSync("token") == ""  # another project, another storage


def test_running_total_matches_a_recount_and_survives_reopen(tmp_path: Path) -> None:
    store = Storage(tmp_path)
    for i in range(200):
        store.set(f"key{i % 50}", {"i": i, "text": "字" * (i % 7)})
    store.remove("key3")
    recount = sum(len(k.encode()) + len(t.encode()) for k, t in _rows(tmp_path))
    assert store.used_bytes == recount
    store.close()
    assert Storage(tmp_path).used_bytes == recount


def _rows(folder: Path) -> list[tuple[str, str]]:
    import sqlite3

    with sqlite3.connect(folder / "storage.sqlite3") as db:
        return list(db.execute("SELECT key, data FROM storage"))


async def test_fs_quota_keeps_a_running_total_without_rescanning(
    wx: WxRuntime, monkeypatch: pytest.MonkeyPatch
) -> None:
    fs = wx.getFileSystemManager()
    root = wx.env.USER_DATA_PATH
    fs.writeFileSync(f"{root}/first.txt", "x" * 10)  # counts the folder once
    scans = []
    real_rglob = Path.rglob
    monkeypatch.setattr(Path, "rglob", lambda self, *a: scans.append(self) or real_rglob(self, *a))
    for i in range(20):
        fs.writeFileSync(f"{root}/f{i}.txt", "y" * 100)
    fs.writeFileSync(f"{root}/f0.txt", "z" * 50)  # replaced: 100 → 50
    fs.unlinkSync(f"{root}/f1.txt")
    assert scans == []  # no rescan per write (issue 28)
    sandbox = fs.sandbox
    on_disk = sum(p.stat().st_size for p in real_rglob(sandbox.user_dir, "*") if p.is_file())
    assert sandbox.used == on_disk == 10 + 19 * 100 - 50


async def test_fs_quota_refuses_over_the_running_total(make_wx: object) -> None:
    wx = make_wx(max_user_storage_bytes=1000)  # type: ignore[operator]
    fs = wx.getFileSystemManager()
    root = wx.env.USER_DATA_PATH
    fs.writeFileSync(f"{root}/a", "x" * 600)
    with pytest.raises(WxError, match="storage limit is exceeded"):
        fs.writeFileSync(f"{root}/b", "x" * 500)
    fs.unlinkSync(f"{root}/a")
    fs.writeFileSync(f"{root}/b", "x" * 500)  # the unlink gave the room back
    await asyncio.sleep(0)


async def test_batch_forms_are_all_or_nothing(make_native: MakeNative) -> None:
    wx = make_native()
    wx.batchSetStorageSync([{"key": "a", "value": 1}, {"key": "b", "value": {"x": [2]}}])
    assert wx.batchGetStorageSync(["a", "b", "c"]) == [1, {"x": [2]}, ""]
    with pytest.raises(WxError, match="exceed storage limit"):
        wx.batchSetStorageSync([{"key": "c", "value": 3}, {"key": "d", "value": "x" * MB}])
    assert wx.getStorageSync("c") == ""  # nothing of the failed batch was written
    res = await wx.batchGetStorage(keyList=["b"])
    assert res == {"dataList": [{"x": [2]}], "errMsg": "batchGetStorage:ok"}
    assert await wx.batchSetStorage(kvList=[{"key": "e", "value": True}]) == {
        "errMsg": "batchSetStorage:ok"
    }
    with pytest.raises(CallFailed) as failed:
        await wx.batchSetStorage(kvList="nope")
    assert failed.value.res["errMsg"] == (
        "batchSetStorage:fail parameter error: parameter.kvList should be Array instead of String;"
    )
