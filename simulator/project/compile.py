"""A project's WXML and WXSS compiled by WeChat's own compilers (npm `miniprogram-compiler`).

`wcc -d` turns every .wxml/.wxs reachable from the pages and components (their `import`,
`include` and `<wxs src>`) into one script defining `$gwx(path)(data, {}, {})` → a virtual tree;
`wcsc -js` turns each .wxss (with its `@import`s on the same command line) into a script that
emits the CSS with rpx resolved from the device width. Outputs are cached by content hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

JS_DIR = Path(__file__).parent / "js"
COMPILER_PACKAGE = JS_DIR / "node_modules" / "miniprogram-compiler"
_PLATFORM_DIRS = {"linux": "linux", "darwin": "mac", "win32": "windows"}
_TIMEOUT_S = 60.0

# `<import src="…"/>`, `<include src="…"/>`, `<wxs src="…" module="…"/>`: the files a template pulls
# in, which wcc must see on the same command line.
_WXML_REF = re.compile(r"<\s*(?:import|include|wxs)\b[^>]*?\bsrc\s*=\s*[\"']([^\"'{}]+)[\"']", re.I)
_WXS_REQUIRE = re.compile(r"\brequire\s*\(\s*[\"']([^\"']+\.wxs)[\"']\s*\)")
_WXSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*[\"']([^\"']+)[\"']")
_WCC_ERROR = re.compile(r"^(?P<file>[^:\n]+?):(?P<line>\d+):(?P<col>\d+):\s*(?P<msg>.*)$", re.M)
_WCSC_ERROR = re.compile(r"ERR:\s*(?P<file>[^\s(]+)\((?P<line>\d+):(?P<col>\d+)\):\s*(?P<msg>.*)")


class CompileError(Exception):
    """WXML/WXSS the platform's compiler rejects, or a file it needs that is missing."""

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        where = ":".join(str(p) for p in (file, line, column) if p is not None)
        super().__init__(f"{where}: {message}" if where else message)


class CompilerUnavailable(CompileError):
    """`miniprogram-compiler` is not installed (scripts/bootstrap installs it)."""


@dataclass(frozen=True, slots=True)
class CompiledView:
    """What the view's `boot` message carries."""

    gwx: str
    styles: dict[str, str]
    """`<path without extension>` (`app`, `pages/chat/index`, …) → wcsc script."""
    wxml_files: tuple[str, ...]
    seconds: float
    """Compile time; 0 when every output came from the cache."""


def compiler(name: str) -> Path:
    """The path of `wcc` or `wcsc` for this platform, made executable.

    Raises:
        CompilerUnavailable: the npm package is missing.
    """
    sub = _PLATFORM_DIRS.get(sys.platform, "linux")
    exe = COMPILER_PACKAGE / "bin" / sub / (name + (".exe" if sub == "windows" else ""))
    if not exe.exists():
        raise CompilerUnavailable(
            f"WeChat's {name} is missing ({exe}); run scripts/bootstrap (npm ci in {JS_DIR})"
        )
    mode = exe.stat().st_mode
    if not mode & stat.S_IXUSR:
        exe.chmod(mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return exe


def _resolve(root: Path, source: str, ref: str) -> str:
    """A reference inside `source` (relative, or `/`-absolute from the project root) → its path."""
    base = Path(source).parent if not ref.startswith("/") else Path()
    target = os.path.normpath(base / ref.lstrip("/")).replace(os.sep, "/")
    if target.startswith("../"):
        raise CompileError(f"`{ref}` points outside the project", source)
    return target


def view_files(root: Path, entries: Iterable[str]) -> list[str]:
    """Every .wxml/.wxs reachable from `entries` (paths without extension), entries first.

    Raises:
        CompileError: an entry's .wxml or a referenced file is missing.
    """
    seen: dict[str, None] = {}
    todo = [f"{e}.wxml" for e in entries]
    referrer: dict[str, str] = {}
    while todo:
        rel = todo.pop(0)
        if rel in seen:
            continue
        path = root / rel
        if not path.is_file():
            raise CompileError(f"`{rel}` not found", referrer.get(rel, rel))
        seen[rel] = None
        text = path.read_text(encoding="utf-8", errors="replace")
        refs = _WXS_REQUIRE.findall(text) if rel.endswith(".wxs") else _WXML_REF.findall(text)
        for ref in refs:
            target = _resolve(root, rel, ref)
            if not target.endswith((".wxml", ".wxs")):
                target += ".wxml"
            referrer.setdefault(target, rel)
            todo.append(target)
    return list(seen)


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(args, cwd=cwd, capture_output=True, timeout=_TIMEOUT_S, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise CompilerUnavailable(f"{Path(args[0]).name} did not run: {exc}") from exc


def _error_from(text: str, fallback_file: str) -> CompileError:
    match = _WCC_ERROR.search(text) or _WCSC_ERROR.search(text)
    if match is None:
        return CompileError(text.strip() or "the compiler failed without a message", fallback_file)
    file = match["file"]
    return CompileError(match["msg"].strip(), file, int(match["line"]), int(match["col"]))


def compile_wxml(root: Path, files: list[str]) -> str:
    """One `$gwx` script for `files` (paths relative to `root`).

    Raises:
        CompileError: with the compiler's message, file, line and column.
    """
    proc = _run([str(compiler("wcc")), "-d", *files], root)
    if proc.returncode != 0:
        raise _error_from(proc.stderr.decode(errors="replace"), files[0] if files else "")
    return proc.stdout.decode()


def wxss_files(root: Path, rel: str) -> list[str]:
    """`rel` and every .wxss it `@import`s (transitively): wcsc needs them on one command line."""
    out: dict[str, None] = {}
    todo = [rel]
    while todo:
        cur = todo.pop(0)
        if cur in out:
            continue
        path = root / cur
        if not path.is_file():
            raise CompileError(f"@import `{cur}` not found", rel)
        out[cur] = None
        for ref in _WXSS_IMPORT.findall(path.read_text(encoding="utf-8", errors="replace")):
            todo.append(_resolve(root, cur, ref))
    return list(out)


def compile_wxss(root: Path, rel: str) -> str:
    """The wcsc `-js` script of one stylesheet.

    Raises:
        CompileError: with the compiler's message, file, line and column.
    """
    proc = _run([str(compiler("wcsc")), "-js", *wxss_files(root, rel)], root)
    if proc.returncode != 0:
        err = (proc.stderr or proc.stdout).decode(errors="replace")
        raise _error_from(err, rel)
    # wcsc leaves a printf placeholder on a line of its own; evaluated, it reads an undefined `s`.
    return re.sub(r"^%s$", "", proc.stdout.decode(), count=1, flags=re.M)


def _digest(root: Path, files: Iterable[str], salt: str) -> str:
    h = hashlib.sha256(salt.encode())
    for rel in files:
        h.update(rel.encode() + b"\0")
        h.update((root / rel).read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:32]


class CompileCache:
    """Compiled outputs by content hash, in memory and optionally on disk (`directory`)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self._memory: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        if key in self._memory:
            return self._memory[key]
        if self.directory is not None:
            path = self.directory / f"{key}.js"
            if path.is_file():
                self._memory[key] = text = path.read_text(encoding="utf-8")
                return text
        return None

    def put(self, key: str, text: str) -> None:
        self._memory[key] = text
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
            tmp = self.directory / f"{key}.tmp{os.getpid()}"
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(self.directory / f"{key}.js")


def default_cache() -> CompileCache:
    import platformdirs

    return CompileCache(platformdirs.user_cache_path("wx-stream-sim", appauthor=False) / "wxml")


_COMPILER_TAG = "miniprogram-compiler@0.2.3/1"


def compile_project(
    root: Path, entries: Iterable[str], cache: CompileCache | None = None
) -> CompiledView:
    """Compile pages and components (`entries`: paths without extension, relative to `root`).

    Styles: `app.wxss` if present, and each entry's .wxss if present.

    Raises:
        CompileError: the first file the compilers reject, with file and line.
    """
    root = Path(root)
    entries = list(dict.fromkeys(entries))
    cache = cache if cache is not None else CompileCache()
    started = time.perf_counter()
    files = view_files(root, entries)
    key = _digest(root, files, _COMPILER_TAG + "wcc" + json.dumps(files))
    todo: dict[str, tuple[str, str]] = {}  # name → (cache key, .wxss path) still to compile
    gwx = cache.get(key)
    if gwx is None:
        todo["$gwx"] = (key, "")
    styles: dict[str, str] = {}
    for name in ["app", *entries]:
        rel = f"{name}.wxss"
        if not (root / rel).is_file():
            continue
        key = _digest(root, wxss_files(root, rel), _COMPILER_TAG + "wcsc")
        css = cache.get(key)
        if css is None:
            todo[name] = (key, rel)
        else:
            styles[name] = css
    if todo:
        # one wcc and the wcsc calls side by side: each is a short-lived native process
        with ThreadPoolExecutor(max_workers=min(4, len(todo))) as pool:
            jobs = {
                name: pool.submit(compile_wxml, root, files)
                if name == "$gwx"
                else pool.submit(compile_wxss, root, rel)
                for name, (_, rel) in todo.items()
            }
            for name, job in jobs.items():
                out = job.result()  # the first failure, in entry order, is raised
                cache.put(todo[name][0], out)
                if name == "$gwx":
                    gwx = out
                else:
                    styles[name] = out
    worked = bool(todo)
    assert gwx is not None
    styles = {n: styles[n] for n in ["app", *entries] if n in styles}
    seconds = time.perf_counter() - started if worked else 0.0
    return CompiledView(gwx, styles, tuple(files), seconds)
