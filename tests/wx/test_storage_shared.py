"""One storage per project: two runtimes on one folder (window and headless, two windows)
see each other's writes, in one process and across processes, and two writers together keep
the file whole and the quota right."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from simulator.wx import WxError
from simulator.wx.storage import Storage, StorageFull, project_storage_dir
from tests.helpers.timing import seconds
from tests.wx.conftest import Calls, MakeNative

pytestmark = pytest.mark.timeout(120)
ITEM = "x" * 200
LIMIT = 40_000
"""Small enough that two writers fill it in a moment, ~190 items of ~210 bytes."""


async def test_two_runtimes_on_one_folder_share_one_storage(
    make_native: MakeNative, tmp_path: Path
) -> None:
    folder = project_storage_dir("wx123", tmp_path / "proj", root=tmp_path / "store")
    window, headless = make_native(storage_dir=folder), make_native(storage_dir=folder)
    window.setStorageSync("token", "t-1")
    assert headless.getStorageSync("token") == "t-1"  # at once, no reopen
    got = Calls()
    headless.setStorage(key="draft", data={"text": "半句"}, **Calls().outcome())
    window.getStorage({"key": "draft", **got.outcome()})
    await got.finished()
    assert got.first("success")["data"] == {"text": "半句"}
    headless.removeStorageSync("token")
    assert window.getStorageSync("token") == ""
    assert window.getStorageInfoSync() == headless.getStorageInfoSync()
    assert (
        window.storage.used_bytes
        == headless.storage.used_bytes
        == len("draft") + len('{"text":"半句"}'.encode())
    )
    await window.aclose()  # the other keeps the folder open and working
    headless.setStorageSync("after", 1)
    assert make_native(storage_dir=folder).getStorageSync("after") == 1


def _child_set(folder: str, pairs: list[tuple[str, Any]], remove: list[str]) -> None:
    store = Storage(Path(folder))
    try:
        for key, value in pairs:
            store.set(key, value)
        for key in remove:
            store.remove(key)
    finally:
        store.close()


def _in_child(target: Any, *args: Any) -> None:
    ctx = multiprocessing.get_context("spawn")
    child = ctx.Process(target=target, args=args)
    child.start()
    child.join(seconds(60))
    assert child.exitcode == 0


async def test_another_process_writes_are_read_by_an_open_runtime(
    make_native: MakeNative, tmp_path: Path
) -> None:
    folder = project_storage_dir("wx123", tmp_path / "proj", root=tmp_path / "store")
    here = make_native(storage_dir=folder)
    here.setStorageSync("mine", "a")
    here.setStorageSync("gone", "b")
    assert here.getStorageSync("theirs") == ""
    _in_child(_child_set, str(folder), [("theirs", {"n": 2}), ("mine", "overwritten")], ["gone"])
    assert here.getStorageSync("theirs") == {"n": 2}
    assert here.getStorageSync("mine") == "overwritten"
    assert sorted(here.getStorageInfoSync()["keys"]) == ["mine", "theirs"]
    assert here.storage.used_bytes == _recount(folder)
    here.setStorageSync("later", True)  # and the other way round: a new process reads it
    assert Storage(folder).get("later") is True


def _fill(folder: str, tag: str, barrier: Any, results: Any) -> None:
    """Write items until the storage is full; also rewrite one shared key at changing sizes."""
    store = Storage(Path(folder), max_total_bytes=LIMIT)
    # one item each before the race (room for both): a busy machine may let one process fill
    # the rest before the other is scheduled, and both must still have written
    store.set(f"{tag}-first", ITEM)
    written: list[str] = [f"{tag}-first"]
    barrier.wait()
    try:
        for i in range(10_000):
            try:
                store.set("shared", "y" * (i % 50))
                store.set(f"{tag}{i}", ITEM)
            except StorageFull:
                break
            written.append(f"{tag}{i}")
    finally:
        store.close()
        results.put((tag, written))


def test_two_processes_filling_one_storage_keep_the_file_whole_and_the_quota(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "store"
    Storage(folder).close()  # the file and its table exist before the race
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    children = [ctx.Process(target=_fill, args=(str(folder), t, barrier, results)) for t in "ab"]
    for child in children:
        child.start()
    written = dict(results.get(timeout=seconds(60)) for _ in children)
    for child in children:
        child.join(seconds(30))
        assert child.exitcode == 0
    assert written["a"] and written["b"]  # both wrote, then raced for the same room
    with sqlite3.connect(folder / "storage.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store = Storage(folder, max_total_bytes=LIMIT)
    assert set(store.keys()) == {"shared", *written["a"], *written["b"]}
    used = _recount(folder)
    assert store.used_bytes == used
    # each writer saw the other's items: together they stayed within the limit, and filled it
    assert LIMIT - 2 * (len(ITEM) + 60) < used <= LIMIT
    with pytest.raises(WxError):
        store.set("one-more", ITEM)


def _recount(folder: Path) -> int:
    with sqlite3.connect(folder / "storage.sqlite3") as db:
        rows = db.execute("SELECT key, data FROM storage").fetchall()
    return sum(len(k.encode()) + len(t.encode()) for k, t in rows)
