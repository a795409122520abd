"""`wx.getFileSystemManager()`: readFile/writeFile/access/unlink in a sandboxed user directory.

wx paths map to two real directories: `USER_DATA_PATH` (`wxfile://usr`, `http://usr` in
DevTools) is the writable user directory; temp files (`wxfile://tmp_…`) are made only by
downloads and are read-only to the page, as the file-system guide says.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from pathlib import Path
from typing import Any

from simulator.wx import events as ev
from simulator.wx.callbacks import Callback, Outcome, Result
from simulator.wx.errors import FileSystemError
from simulator.wx.host import Host
from simulator.wx.options import object_form

ENCODINGS = {
    "utf8": "utf-8", "utf-8": "utf-8", "ascii": "ascii", "latin1": "latin-1", "binary": "latin-1",
    "ucs2": "utf-16-le", "ucs-2": "utf-16-le", "utf16le": "utf-16-le", "utf-16le": "utf-16-le",
    "base64": "base64", "hex": "hex",
}  # fmt: skip


def decode(data: bytes, encoding: str) -> str:
    codec = ENCODINGS[encoding]
    if codec == "base64":
        return base64.b64encode(data).decode("ascii")
    if codec == "hex":
        return data.hex()
    return data.decode(codec, errors="replace")


def encode(data: str | bytes, encoding: str) -> bytes:
    if isinstance(data, bytes):
        return data
    codec = ENCODINGS[encoding]
    try:
        if codec == "base64":
            return base64.b64decode(data)
        if codec == "hex":
            return bytes.fromhex(data)
        return data.encode(codec, errors="replace")
    except (binascii.Error, ValueError) as exc:
        raise FileSystemError("encode error", 1300203) from exc


USER_STORAGE_BYTES = 200 * 1024 * 1024
"""User files of one mini-program: "≤ 200 MB" (file-system guide, wx-api-semantics §4)."""


class Sandbox:
    """Maps wx paths to real paths, refusing anything outside the two directories.

    The temp directory (and the runtime's staging files) live outside the user directory,
    so no `wxfile://usr/...` path can reach them; symlinks are resolved before the check.
    """

    def __init__(
        self, user_dir: Path, temp_dir: Path, devtools: bool, quota: int = USER_STORAGE_BYTES
    ) -> None:
        self.user_dir = user_dir.resolve()
        self.temp_dir = temp_dir.resolve()
        self.quota = quota
        self._used: int | None = None
        self.user_prefix = "http://usr" if devtools else "wxfile://usr"
        self.temp_prefix = "http://tmp/" if devtools else "wxfile://tmp_"

    def new_temp_path(self, suffix: str) -> str:
        return f"{self.temp_prefix}{secrets.token_hex(8)}{suffix}"

    def resolve(self, wx_path: str, *, write: bool = False, op: str = "open") -> Path:
        """The real path of `wx_path`.

        Raises:
            FileSystemError: not a sandbox path (1300002), outside it or a temp file opened
                for writing (1300013).
        """
        if not isinstance(wx_path, str) or not wx_path or "\0" in wx_path:
            # A NUL byte cannot name a file anywhere: the platform's "no such file"
            shown = wx_path.replace("\0", "\\0") if isinstance(wx_path, str) else wx_path
            raise FileSystemError(f"no such file or directory, {op} {shown}", 1300002)
        if wx_path == self.user_prefix or wx_path.startswith(self.user_prefix + "/"):
            real = (self.user_dir / wx_path[len(self.user_prefix) :].lstrip("/")).resolve()
            if real != self.user_dir and self.user_dir not in real.parents:
                raise FileSystemError(f"permission denied, {op} {wx_path}", 1300013)
            return real
        if wx_path.startswith(self.temp_prefix):
            if write:
                raise FileSystemError(f"permission denied, {op} {wx_path}", 1300013)
            name = wx_path[len(self.temp_prefix) :]
            if not name or "/" in name or name.startswith("."):
                raise FileSystemError(f"no such file or directory, {op} {wx_path}", 1300002)
            real = (self.temp_dir / name).resolve()
            if real.parent != self.temp_dir:  # a symlink planted in the temp directory
                raise FileSystemError(f"permission denied, {op} {wx_path}", 1300013)
            return real
        raise FileSystemError(f"no such file or directory, {op} {wx_path}", 1300002)

    @property
    def used(self) -> int:
        """Bytes in the user directory: counted once (files left by an earlier run), then a
        running total kept by every write, unlink and download (a rescan per write cost
        0.2 → 34 ms at 1 → 5,000 files, issue 28)."""
        if self._used is None:
            self._used = sum(p.stat().st_size for p in self.user_dir.rglob("*") if p.is_file())
        return self._used

    def check_quota(self, real: Path, new_size: int) -> None:
        """Refuse a write that would take the user directory over its quota (1300202)."""
        replaced = real.stat().st_size if real.is_file() else 0
        if self.used - replaced + new_size > self.quota:
            raise FileSystemError("the maximum size of the file storage limit is exceeded", 1300202)

    def changed(self, real: Path, before: int, after: int) -> None:
        """A user file went from `before` to `after` bytes (0 = absent)."""
        if self._used is not None and (real == self.user_dir or self.user_dir in real.parents):
            self._used += after - before


def _os_error(exc: OSError, wx_path: str, op: str = "open") -> FileSystemError:
    if isinstance(exc, FileNotFoundError):
        return FileSystemError(f"no such file or directory, {op} {wx_path}", 1300002)
    if isinstance(exc, IsADirectoryError):
        return FileSystemError(f"illegal operation on a directory, {op} {wx_path}", 1300021)
    if isinstance(exc, PermissionError):
        return FileSystemError(f"permission denied, {op} {wx_path}", 1300013)
    return FileSystemError(f"{exc.strerror or exc}, {op} {wx_path}", 1300001)


class FileSystemManager:
    """The page's file API. Async forms call back on the next loop turn; `*Sync` forms raise
    `FileSystemError` whose `str()` is the platform's errMsg."""

    def __init__(self, host: Host, sandbox: Sandbox) -> None:
        self._host = host
        self.sandbox = sandbox

    # -- readFile ------------------------------------------------------------------------
    @object_form
    def readFileSync(
        self,
        filePath: str,
        encoding: str | None = None,
        position: int | None = None,
        length: int | None = None,
    ) -> str | bytes:
        """The file's bytes (no encoding) or text. Raises `FileSystemError` like the platform."""
        data: str | bytes = _raising(
            "readFileSync", lambda: self._read(filePath, encoding, position, length)
        )
        return data

    @object_form
    def readFile(
        self,
        filePath: str,
        encoding: str | None = None,
        position: int | None = None,
        length: int | None = None,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> None:
        """`success({"data": str | bytes, "errMsg": "readFile:ok"})` or `fail({"errMsg"...})`."""
        self._async(
            "readFile",
            lambda: {"data": self._read(filePath, encoding, position, length)},
            Outcome(success, fail, complete),
        )

    def _read(
        self, wx_path: str, encoding: str | None, position: int | None, length: int | None
    ) -> str | bytes:
        if encoding is not None and encoding not in ENCODINGS:
            raise FileSystemError(f"invalid encoding: {encoding}", 1300022)
        real = self.sandbox.resolve(wx_path)
        try:
            data = real.read_bytes()
        except OSError as exc:
            raise _os_error(exc, wx_path) from exc
        if position is not None or length is not None:
            start = 0 if position is None else position
            if not 0 <= start < max(len(data), 1):
                raise FileSystemError("the value of position is out of range", 1301009)
            count = len(data) - start if length is None else length
            if not 1 <= count <= len(data) - start:
                raise FileSystemError("the value of length is out of range", 1301006)
            data = data[start : start + count]
        self._host.emit(
            ev.FileRead(self._host.next_flow_id(), self._host.now(), wx_path, len(data))
        )
        return data if encoding is None else decode(data, encoding)

    # -- writeFile -----------------------------------------------------------------------
    @object_form
    def writeFileSync(self, filePath: str, data: str | bytes, encoding: str = "utf8") -> None:
        _raising("writeFileSync", lambda: self._write(filePath, data, encoding))

    @object_form
    def writeFile(
        self,
        filePath: str,
        data: str | bytes,
        encoding: str = "utf8",
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> None:
        self._async(
            "writeFile",
            lambda: self._write(filePath, data, encoding),
            Outcome(success, fail, complete),
        )

    def _write(self, wx_path: str, data: str | bytes, encoding: str) -> dict[str, Any]:
        if encoding not in ENCODINGS:
            raise FileSystemError(f"invalid encoding: {encoding}", 1300022)
        real = self.sandbox.resolve(wx_path, write=True)
        payload = encode(data, encoding)
        before = real.stat().st_size if real.is_file() else 0
        self.sandbox.check_quota(real, len(payload))
        try:
            real.write_bytes(payload)
        except OSError as exc:
            raise _os_error(exc, wx_path) from exc
        self.sandbox.changed(real, before, len(payload))
        return {}

    # -- access / unlink -----------------------------------------------------------------
    @object_form
    def accessSync(self, path: str) -> None:
        _raising("accessSync", lambda: self._access(path))

    @object_form
    def access(
        self,
        path: str,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> None:
        self._async("access", lambda: self._access(path), Outcome(success, fail, complete))

    def _access(self, wx_path: str) -> dict[str, Any]:
        if not self.sandbox.resolve(wx_path, op="access").exists():
            raise FileSystemError(f"no such file or directory, access {wx_path}", 1300002)
        return {}

    @object_form
    def unlinkSync(self, filePath: str) -> None:
        _raising("unlinkSync", lambda: self._unlink(filePath))

    @object_form
    def unlink(
        self,
        filePath: str,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> None:
        self._async("unlink", lambda: self._unlink(filePath), Outcome(success, fail, complete))

    def _unlink(self, wx_path: str) -> dict[str, Any]:
        real = self.sandbox.resolve(wx_path, write=True, op="unlink")
        try:
            if real.is_dir():
                raise FileSystemError(f"operation not permitted, unlink {wx_path}", 1300001)
            size = real.stat().st_size
            real.unlink()
        except OSError as exc:
            raise _os_error(exc, wx_path, "unlink") from exc
        self.sandbox.changed(real, size, 0)
        return {}

    # -- helpers -------------------------------------------------------------------------
    def _async(self, api: str, op: Any, outcome: Outcome) -> None:
        try:
            res: Result = dict(op())
        except FileSystemError as exc:
            self._host.call_soon(outcome.failed, exc.fail_result(api))
            return
        res["errMsg"] = f"{api}:ok"
        self._host.call_soon(outcome.succeed, res)


def _raising(api: str, op: Any) -> Any:
    try:
        return op()
    except FileSystemError as exc:
        exc.api = api
        raise


class DownloadSink:
    """Where a download's bytes go. Strict: a hidden staging file renamed into place on
    success. Lenient: the target itself, flushed on every write so readers see it grow."""

    def __init__(self, final: Path, staging: Path | None, sandbox: Sandbox | None = None) -> None:
        self.final = final
        self.staging = staging
        self._file: Any = None
        self._sandbox = sandbox
        """Told the file's size change, so its running quota total stays right."""
        self._before = final.stat().st_size if sandbox is not None and final.is_file() else 0

    def write(self, data: bytes) -> None:
        if self._file is None:
            path = self.staging or self.final
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(path, "wb")  # noqa: SIM115 - held open across writes
        self._file.write(data)
        if self.staging is None:
            self._file.flush()

    def commit(self) -> None:
        self._close()
        if self.staging is not None:
            if self.staging.exists():
                os.replace(self.staging, self.final)
            else:
                self.final.write_bytes(b"")
        elif not self.final.exists():
            self.final.write_bytes(b"")
        if self._sandbox is not None:
            self._sandbox.changed(self.final, self._before, self.final.stat().st_size)

    def discard(self) -> None:
        self._close()
        (self.staging or self.final).unlink(missing_ok=True)
        if self._sandbox is not None and self.staging is None:
            self._sandbox.changed(self.final, self._before, 0)  # lenient: the target itself

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
