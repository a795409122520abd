"""`OutputWatcher`: notices when a mini-program folder changed on disk (Qt-free, polling).

For a framework's watch build (`taro build --type weapp --watch`, `uni -p mp-weixin`): a saved
`.tsx`/`.vue` makes the CLI rewrite several output files over a few hundred milliseconds, so a
change is reported once the folder has stopped changing (two equal snapshots in a row), and
then the project is reopened. Polling mtimes and sizes: no dependency, and it sees editors
that replace files (rename over) as well as in-place writes.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

WATCHED = (".js", ".ts", ".json", ".wxml", ".wxss", ".wxs")
"""What a mini-program's output is made of (images and maps do not reload the page)."""
SKIPPED_DIRS = ("node_modules", ".git")

Snapshot = dict[str, tuple[int, int]]


def snapshot(root: Path) -> Snapshot:
    """Relative path → (mtime_ns, size) of every watched file under `root`."""
    out: Snapshot = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        for name in files:
            if not name.endswith(WATCHED):
                continue
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
            except OSError:
                continue  # removed between the listing and the stat
            out[os.path.relpath(path, root)] = (st.st_mtime_ns, st.st_size)
    return out


def changed_files(before: Snapshot, after: Snapshot) -> list[str]:
    """Added, removed or rewritten files, sorted."""
    keys = before.keys() | after.keys()
    return sorted(k for k in keys if before.get(k) != after.get(k))


@dataclass
class OutputWatcher:
    """Poll `root` every `interval_s`; `await next_change()` returns the files of one settled
    change (a build that wrote many files is one change)."""

    root: Path
    interval_s: float = 0.25
    _last: Snapshot = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._last = snapshot(self.root)

    def poll(self) -> list[str]:
        """Files changed since the last poll (no settling: for a caller with its own timer)."""
        now = snapshot(self.root)
        changed = changed_files(self._last, now)
        self._last = now
        return changed

    async def next_change(self, stop: Callable[[], bool] = lambda: False) -> list[str]:
        """Wait for a change, then for the folder to settle; [] when `stop()` said so."""
        files: set[str] = set()
        while not stop():
            await asyncio.sleep(self.interval_s)
            step = await asyncio.to_thread(self.poll)
            if step:
                files.update(step)
            elif files:
                return sorted(files)
        return []
