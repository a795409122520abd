"""The Qt-free output watcher: a framework's watch build rewriting files is one change."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from simulator.project.watch import OutputWatcher

pytestmark = pytest.mark.timeout(30)


def touch(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    st = path.stat()  # a coarse-mtime filesystem: the size or a bumped mtime tells
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def test_poll_sees_added_rewritten_and_removed_files_but_not_images(tmp_path: Path) -> None:
    (tmp_path / "app.js").write_text("a", "utf-8")
    (tmp_path / "old.wxss").write_text("x", "utf-8")
    (tmp_path / "node_modules").mkdir()
    watcher = OutputWatcher(tmp_path)
    assert watcher.poll() == []
    touch(tmp_path / "app.js", "ab")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "index.wxml").write_text("<view/>", "utf-8")
    (tmp_path / "old.wxss").unlink()
    (tmp_path / "logo.png").write_bytes(b"png")
    (tmp_path / "node_modules" / "x.js").write_text("x", "utf-8")
    assert watcher.poll() == ["app.js", "old.wxss", os.path.join("pages", "index.wxml")]
    assert watcher.poll() == []


async def test_a_build_writing_several_files_is_one_settled_change(tmp_path: Path) -> None:
    (tmp_path / "app.js").write_text("a", "utf-8")
    watcher = OutputWatcher(tmp_path, interval_s=0.05)
    waiting = asyncio.ensure_future(watcher.next_change())
    for i, name in enumerate(["app.js", "taro.js", "base.wxml"]):
        touch(tmp_path / name, "build" + "!" * i)
        await asyncio.sleep(0)
    changed = await asyncio.wait_for(waiting, 10)
    assert set(changed) <= {"app.js", "taro.js", "base.wxml"} and "app.js" in changed
    assert await watcher.next_change(stop=lambda: True) == []
