"""`wx.setStorage` and friends: one mini-program's key-value storage, kept across restarts.

The platform's rules (wx.setStorage doc): a key holds at most 1 MB, all keys together at
most 10 MB; data may be a native type, a `Date`, or anything `JSON.stringify` can serialise.
A top-level `Date` comes back as a `Date` (Python `datetime`); nested ones become ISO strings,
as `JSON.stringify` makes them.

Values live in memory (reads never touch the disk) and are written through to one SQLite
file per project, so they survive a restart. The size used is a running total, updated on
every write: a write costs the same with 1 key or 5,000 (issue 28 measured a folder rescan
per write growing from 0.2 to 34 ms).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sqlite3
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


class Storage:
    """One mini-program's storage. `directory=None` keeps it in memory only.

    Not thread-safe: the runtime calls it from its loop only.
    """

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
        self._items: dict[str, StoredValue] = {}
        self._db: sqlite3.Connection | None = None
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(directory / "storage.sqlite3", isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
            for key, text, is_date, size in self._db.execute(
                "SELECT key, data, is_date, size FROM storage ORDER BY rowid"
            ):
                self._items[key] = StoredValue(text, bool(is_date), int(size))
        self._used = sum(item.size for item in self._items.values())
        """The running total: counted once at open, then kept by every write."""

    @property
    def used_bytes(self) -> int:
        return self._used

    def keys(self) -> list[str]:
        return list(self._items)

    def set(self, key: Any, data: Any) -> None:
        """Store `data` under `key`, replacing what was there.

        Raises:
            InvalidArgument: a key that is not a string, data that cannot be serialised.
            StorageFull: over the per-key or the total limit (nothing is changed).
        """
        key = check_key(key)
        stored = encode_value(key, data)
        if stored.size > self.max_item_bytes:
            raise StorageFull()
        old = self._items.get(key)
        used = self._used - (old.size if old else 0) + stored.size
        if used > self.max_total_bytes:
            raise StorageFull()
        if self._db is not None:
            self._db.execute(
                "INSERT OR REPLACE INTO storage (key, data, is_date, size) VALUES (?, ?, ?, ?)",
                (key, stored.text, int(stored.is_date), stored.size),
            )
        self._items[key] = stored
        self._used = used

    def set_many(self, pairs: list[tuple[Any, Any]]) -> None:
        """`batchSetStorage`: all or nothing (one over the limits → none written)."""
        staged: dict[str, StoredValue] = {}
        for key, data in pairs:
            stored = encode_value(check_key(key), data)
            if stored.size > self.max_item_bytes:
                raise StorageFull()
            staged[key] = stored
        used = self._used
        for key, stored in staged.items():
            old = self._items.get(key)
            used += stored.size - (old.size if old else 0)
        if used > self.max_total_bytes:
            raise StorageFull()
        for key, stored in staged.items():
            if self._db is not None:
                self._db.execute(
                    "INSERT OR REPLACE INTO storage (key, data, is_date, size) VALUES (?, ?, ?, ?)",
                    (key, stored.text, int(stored.is_date), stored.size),
                )
            self._items[key] = stored
        self._used = used

    def get(self, key: Any) -> Any:
        """The data under `key`.

        Raises:
            InvalidArgument: a key that is not a string.
            KeyError: no such key.
        """
        return decode_value(self._items[check_key(key)])

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def remove(self, key: Any) -> None:
        """Remove `key`; a missing key is no error (the platform succeeds)."""
        key = check_key(key)
        old = self._items.pop(key, None)
        if old is None:
            return
        if self._db is not None:
            self._db.execute("DELETE FROM storage WHERE key = ?", (key,))
        self._used -= old.size

    def clear(self) -> None:
        if self._db is not None:
            self._db.execute("DELETE FROM storage")
        self._items.clear()
        self._used = 0

    def info(self) -> dict[str, Any]:
        """`getStorageInfo`'s fields: keys, currentSize and limitSize in KB."""
        return {
            "keys": self.keys(),
            "currentSize": math.ceil(self._used / 1024),
            "limitSize": self.max_total_bytes // 1024,
        }

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


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
