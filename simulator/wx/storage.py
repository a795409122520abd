"""`wx.setStorage` and friends: one mini-program's key-value storage, kept across restarts.

The platform's rules (wx.setStorage doc): a key holds at most 1 MB, all keys together at
most 10 MB; data may be a native type, a `Date`, or anything `JSON.stringify` can serialise.
A top-level `Date` comes back as a `Date` (Python `datetime`); nested ones become ISO strings,
as `JSON.stringify` makes them.

Values live in memory and are written through to one SQLite file per project, so they survive
a restart. The size used is a running total, updated on every write: a write costs the same
with 1 key or 5,000 (issue 28 measured a folder rescan per write growing from 0.2 to 34 ms).

One storage per project, as DevTools keeps one per appid and the phone one per app and user:
every runtime of this process on a project's folder shares one copy (`_Store`), so the
window's page and a headless run see each other's writes at once. Another process on the same
folder (a second window, `python -m simulator project`) is seen through SQLite's
`PRAGMA data_version`, which changes when another connection committed: reads and writes look
at it first and re-read the file then. A write takes the file's write lock
(`BEGIN IMMEDIATE`), re-reads if needed and checks the quota against that latest state, so two
writers together stay within the limits; SQLite's transaction makes each write atomic.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from simulator.wx.apicall import js_type
from simulator.wx.errors import InvalidArgument, WxError

MAX_ITEM_BYTES = 1024 * 1024
"""One key's data: "单个 key 允许存储的最大数据长度为 1MB" (wx.setStorage doc)."""
MAX_TOTAL_BYTES = 10 * 1024 * 1024
"""All keys: "所有数据存储上限为 10MB" (same doc; the storage guide says "上限为 10MB")."""
LIMIT_SIZE_KB = MAX_TOTAL_BYTES // 1024
"""`getStorageInfo().limitSize` is in KB."""

DATA_NOT_FOUND = "data not found"
"""`getStorage` of a missing key, iOS's text (alibaba/rax#2060: Android says just `fail`)."""
OVER_LIMIT = "exceed storage limit"
"""No official text is published; this is the one developers' code checks for (community)."""


class StorageFull(WxError):
    """A write over the per-key or total limit."""

    def __init__(self, detail: str = OVER_LIMIT) -> None:
        super().__init__(detail)


@dataclass(frozen=True, slots=True)
class StoredValue:
    """One key's data as kept: its JSON text and whether it was a top-level `Date`."""

    text: str
    is_date: bool
    size: int
    """Bytes counted against the limits: the key's and the JSON text's UTF-8 length."""


def check_key(key: Any) -> str:
    """The platform's parameter check on `key`.

    Raises:
        InvalidArgument: `parameter error: parameter.key should be String instead of …;`.
    """
    if not isinstance(key, str):
        raise InvalidArgument(
            f"parameter error: parameter.key should be String instead of {js_type(key)};"
        )
    return key


def _iso(value: datetime) -> str:
    """`Date.prototype.toJSON`: UTC with milliseconds and a `Z`."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    text = value.astimezone(UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def _jsonable(value: Any, top: bool) -> Any:
    """What `JSON.stringify` keeps: no functions, NaN/Infinity as null, bytes as `{}`."""
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return {}  # an ArrayBuffer has no enumerable keys
    if isinstance(value, list | tuple):
        return [None if callable(v) else _jsonable(v, False) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v, False) for k, v in value.items() if not callable(v)}
    if callable(value) and top:
        raise InvalidArgument("parameter error: parameter.data should be serializable;")
    return str(value)


def encode_value(key: str, data: Any) -> StoredValue:
    """`data` as stored.

    Raises:
        InvalidArgument: data `JSON.stringify` cannot serialise (a function).
    """
    is_date = isinstance(data, datetime)
    text = json.dumps(_jsonable(data, True), ensure_ascii=False, separators=(",", ":"))
    return StoredValue(text, is_date, len(key.encode()) + len(text.encode()))


def decode_value(stored: StoredValue) -> Any:
    value = json.loads(stored.text)
    if stored.is_date:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS storage ("
    "key TEXT PRIMARY KEY, data TEXT NOT NULL, is_date INTEGER NOT NULL, size INTEGER NOT NULL)"
)


class _Store:
    """One storage folder's file and its in-memory copy, shared by this process's `Storage`s
    on that folder (`directory=None`: a private copy in memory only)."""

    def __init__(self, directory: Path | None) -> None:
        self.lock = threading.RLock()
        """Runtimes on other threads (load mode's users) may share the folder."""
        self.items: dict[str, StoredValue] = {}
        self.used = 0
        self.users = 0
        self._version = -1
        self.db: sqlite3.Connection | None = None
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(
                directory / "storage.sqlite3", isolation_level=None, check_same_thread=False
            )
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(_SCHEMA)
            self.fresh()

    def fresh(self) -> None:
        """Re-read the file if another connection committed since we last looked (our own
        commits leave `data_version` as it is)."""
        if self.db is None:
            return
        version = int(self.db.execute("PRAGMA data_version").fetchone()[0])
        if version == self._version:
            return
        self._version = version  # read first: a commit after it makes the next look re-read
        rows = self.db.execute("SELECT key, data, is_date, size FROM storage ORDER BY rowid")
        self.items = {key: StoredValue(t, bool(d), int(n)) for key, t, d, n in rows}
        self.used = sum(item.size for item in self.items.values())  # then kept by each write

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection | None]:
        """The file's write lock held and the copy up to date; committed at the end, rolled
        back (and the copy re-read) on an error."""
        with self.lock:
            db = self.db
            if db is None:
                yield None
                return
            db.execute("BEGIN IMMEDIATE")
            try:
                self.fresh()
                yield db
                db.execute("COMMIT")
            except WxError:  # refused before anything changed (over the limits)
                db.execute("ROLLBACK")
                raise
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                self._version = -1  # the copy may be ahead of the file: re-read it
                self.fresh()
                raise

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


_SHARED: dict[Path, _Store] = {}
_SHARED_LOCK = threading.Lock()


def _open(directory: Path | None) -> _Store:
    if directory is None:
        return _Store(None)
    key = directory.resolve()
    with _SHARED_LOCK:
        store = _SHARED.get(key)
        if store is None:
            store = _SHARED[key] = _Store(directory)
        store.users += 1
        return store


def _release(directory: Path | None, store: _Store) -> None:
    if directory is None:
        store.close()
        return
    with _SHARED_LOCK:
        store.users -= 1
        if store.users == 0:
            store.close()
            _SHARED.pop(directory.resolve(), None)


class Storage:
    """One mini-program's storage: a handle on its folder's shared copy (see the module's
    docstring). `directory=None` keeps it in memory only, for this handle alone."""

    def __init__(
        self,
        directory: Path | None = None,
        *,
        max_item_bytes: int = MAX_ITEM_BYTES,
        max_total_bytes: int = MAX_TOTAL_BYTES,
    ) -> None:
        self.directory = directory
        self.max_item_bytes = max_item_bytes
        self.max_total_bytes = max_total_bytes
        self._store = _open(directory)
        self._closed = False

    @contextmanager
    def _reading(self) -> Iterator[_Store]:
        store = self._store
        with store.lock:
            store.fresh()
            yield store

    @property
    def used_bytes(self) -> int:
        with self._reading() as store:
            return store.used

    def keys(self) -> list[str]:
        with self._reading() as store:
            return list(store.items)

    def set(self, key: Any, data: Any) -> None:
        """Store `data` under `key`, replacing what was there.

        Raises:
            InvalidArgument: a key that is not a string, data that cannot be serialised.
            StorageFull: over the per-key or the total limit (nothing is changed).
        """
        self.set_many([(key, data)])

    def set_many(self, pairs: list[tuple[Any, Any]]) -> None:
        """`batchSetStorage`: all or nothing (one over the limits → none written)."""
        staged: dict[str, StoredValue] = {}
        for key, data in pairs:
            stored = encode_value(check_key(key), data)
            if stored.size > self.max_item_bytes:
                raise StorageFull()
            staged[key] = stored
        store = self._store
        with store.writing() as db:
            used = store.used
            for key, stored in staged.items():
                old = store.items.get(key)
                used += stored.size - (old.size if old else 0)
            if used > self.max_total_bytes:
                raise StorageFull()
            if db is not None:
                db.executemany(
                    "INSERT OR REPLACE INTO storage (key, data, is_date, size) VALUES (?, ?, ?, ?)",
                    [(k, v.text, int(v.is_date), v.size) for k, v in staged.items()],
                )
            store.items.update(staged)
            store.used = used

    def get(self, key: Any) -> Any:
        """The data under `key`.

        Raises:
            InvalidArgument: a key that is not a string.
            KeyError: no such key.
        """
        key = check_key(key)
        with self._reading() as store:
            stored = store.items[key]
        return decode_value(stored)

    def __contains__(self, key: object) -> bool:
        with self._reading() as store:
            return key in store.items

    def remove(self, key: Any) -> None:
        """Remove `key`; a missing key is no error (the platform succeeds)."""
        key = check_key(key)
        store = self._store
        with store.writing() as db:
            old = store.items.pop(key, None)
            if old is None:
                return
            if db is not None:
                db.execute("DELETE FROM storage WHERE key = ?", (key,))
            store.used -= old.size

    def clear(self) -> None:
        store = self._store
        with store.writing() as db:
            if db is not None:
                db.execute("DELETE FROM storage")
            store.items.clear()
            store.used = 0

    def info(self) -> dict[str, Any]:
        """`getStorageInfo`'s fields: keys, currentSize and limitSize in KB."""
        with self._reading() as store:
            keys, used = list(store.items), store.used
        return {
            "keys": keys,
            "currentSize": math.ceil(used / 1024),
            "limitSize": self.max_total_bytes // 1024,
        }

    def close(self) -> None:
        """Let go of the folder (its file closes with the last handle); values read before
        stay readable from this handle."""
        if not self._closed:
            self._closed = True
            _release(self.directory, self._store)


def default_storage_root() -> Path:
    """Where projects' storage lives: the user data directory (platformdirs)."""
    import platformdirs

    return platformdirs.user_data_path("wx-stream-sim", appauthor=False) / "storage"


def project_storage_dir(app_id: str, project: Path, root: Path | None = None) -> Path:
    """One folder per project: its appid and a hash of its resolved path, so two projects
    with the tourist appid (or two checkouts of one app) do not share storage."""
    digest = hashlib.sha256(str(project.resolve()).encode()).hexdigest()[:12]
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", app_id or "touristappid")[:40]
    return (root or default_storage_root()) / f"{safe}-{digest}"
