"""`ViewPort`: how the native host talks to a view layer; `HeadlessView`: the Node one.

The host `post()`s protocol messages (docs: the project protocol, host → view) and gets the
view's messages at `on_message`. Requests that carry a `q` (tap, input, query, text) are answered
with `done`/`result`; `ask()` sends one and waits for its answer, which does not reach
`on_message`. The window's view (simulator/ui/phone/page_view.py) implements the same class
over QtWebEngine with the same renderer (js/view/).

Beyond the protocol note (notes/project-protocol.md), the renderer also speaks:
- view → host: `ready` (process up; consumed here), `booted`, `warn {message, file}` (an
  undeclared tag, a failed image), `log {level, message}` ($gwx/WXS console output), `navigate
  {id, url, openType, delta}` (a `<navigator>` tap: the logic layer runs the navigation),
  `openType {id, openType}` (a button's open-type), `applied` also has `mutations` (DOM writes)
  and `ms` (apply time), and `error` when setData's render failed; `event` for input controls
  carries `nodeRef` (for `inputReturn`).
- host → view: `tap {handler}` (the first element whose tap runs it) and `tap {long: true}`,
  `input {confirm: true}` (then bindconfirm), `query` fields id, dataset, tagName, text, wxml,
  outerWxml, attributes, style, html, value, properties, instance, bindings, rect, size,
  scrollOffset, scrollIntoView; `tree` / `highlight {nid}` (WXML panel), `styles` (CSS per
  stylesheet), `showError {message, file, line, column}` (message null hides it), `device
  {device}`, `fullRender {on}` (benchmark baseline), `stats` (headless: rss, heapUsed, nodes).
- `boot` may carry `options: {<component path>: {styleIsolation, addGlobalClass,
  externalClasses}}` (component .json); `componentReady` may carry `options` and
  `externalClasses` (from `Component()`), and `base` (URL prefix for project images).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.page.node import end_child, find_node
from simulator.project.compile import CompiledView

logger = logging.getLogger("simulator.project.view")

VIEW_JS = Path(__file__).resolve().parent.parent / "js" / "view"
HEADLESS = VIEW_JS / "headless.mjs"
RENDERER_FILES: tuple[str, ...] = tuple(json.loads((VIEW_JS / "files.json").read_text()))
"""The renderer's classic scripts, in load order (shared by the headless and the browser view)."""

Message = dict[str, Any]
_ANSWERS = frozenset({"done", "result"})


class ViewError(Exception):
    """The view process could not start, or ended, or a request failed."""


class ViewPort(ABC):
    """One view layer: `await start()`, `post()` messages, `on_message` gets the view's."""

    def __init__(self, on_message: Callable[[Message], None] | None = None) -> None:
        self.on_message = on_message
        self._q = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[Message]] = {}
        self.ended: str | None = None
        """Why the view is gone (None while it runs)."""

    @abstractmethod
    async def start(self) -> None: ...

    @abstractmethod
    def post(self, msg: Message) -> None: ...

    @abstractmethod
    async def stop(self) -> None: ...

    async def ask(self, msg: Message, timeout: float = 10.0) -> Message:
        """Send a request (`tap`, `input`, `query`, `text`, …) and return its `done`/`result`.

        Raises:
            ViewError: no answer in time, or the view ended.
        """
        if self.ended is not None:
            raise ViewError(self.ended)
        q = next(self._q)
        fut: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
        self._waiting[q] = fut
        self.post({**msg, "q": q})
        try:
            return await asyncio.wait_for(fut, timeout)
        except TimeoutError as exc:
            raise ViewError(f"the view did not answer {msg.get('t')!r} in {timeout} s") from exc
        finally:
            self._waiting.pop(q, None)

    async def text(self) -> str:
        """The shown page's visible text (the `rendered_text` of headless runs)."""
        return str((await self.ask({"t": "text"}))["value"])

    async def query(
        self, selector: str, fields: list[str], *, all: bool = False, id: int | str | None = None
    ) -> Any:
        msg: Message = {"t": "query", "selector": selector, "fields": fields, "all": all}
        if id is not None:
            msg["id"] = id
        return (await self.ask(msg))["value"]

    def _deliver(self, msg: Message) -> None:
        """Route one message from the view: an answer to its waiter, the rest to on_message."""
        if msg.get("t") in _ANSWERS and isinstance(msg.get("q"), int):
            fut = self._waiting.get(msg["q"])
            if fut is not None and not fut.done():
                fut.set_result(msg)
                return
        if self.on_message is not None:
            self.on_message(msg)

    def _fail_waiters(self, why: str) -> None:
        self.ended = why
        for fut in self._waiting.values():
            if not fut.done():
                fut.set_exception(ViewError(why))


class HeadlessView(ViewPort):
    """The renderer over linkedom in a Node child process (JSON lines on stdio)."""

    def __init__(
        self,
        on_message: Callable[[Message], None] | None = None,
        node: str | None = None,
        memory_mb: int = 512,
    ) -> None:
        super().__init__(on_message)
        self.node = node
        self.memory_mb = memory_mb
        self._proc: asyncio.subprocess.Process | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._ready: asyncio.Future[None] | None = None
        self._stderr: list[str] = []
        self._stopping = False

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    async def start(self) -> None:
        """Spawn the view and wait until it listens.

        Raises:
            NodeUnavailable: no usable Node.
            ViewError: the renderer did not start (e.g. linkedom missing: run scripts/bootstrap).
        """
        node = await asyncio.to_thread(find_node, self.node)
        self.ended = None
        self._stopping = False
        loop = asyncio.get_running_loop()
        self._ready = loop.create_future()
        self._proc = await asyncio.create_subprocess_exec(
            node.path, f"--max-old-space-size={self.memory_mb}", str(HEADLESS),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, limit=64 * 1024 * 1024, cwd=str(VIEW_JS),
        )  # fmt: skip
        self._tasks = [
            loop.create_task(self._read_stdout(), name="view-stdout"),
            loop.create_task(self._read_stderr(), name="view-stderr"),
        ]
        try:
            await asyncio.wait_for(asyncio.shield(self._ready), 30.0)
        except TimeoutError as exc:
            await self.stop()
            raise ViewError("the headless view did not start in 30 s") from exc

    def post(self, msg: Message) -> None:
        proc = self._proc
        if proc is None or proc.stdin is None or proc.stdin.is_closing():
            return
        proc.stdin.write(json.dumps(msg, ensure_ascii=False).encode() + b"\n")

    async def stop(self) -> None:
        self._stopping = True
        await end_child(self._proc, self._tasks)
        self._fail_waiters("the view stopped")

    def memory_rss(self) -> int | None:
        """Resident memory of the view process in bytes."""
        if self.pid is None:
            return None
        import psutil

        with contextlib.suppress(psutil.Error):
            return int(psutil.Process(self.pid).memory_info().rss)
        return None

    async def _read_stdout(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        stdout = self._proc.stdout
        while line := await stdout.readline():
            try:
                msg = json.loads(line)
            except ValueError:
                logger.warning("view: %s", line.decode(errors="replace").rstrip())
                continue
            if msg.get("t") == "ready":
                if self._ready is not None and not self._ready.done():
                    self._ready.set_result(None)
                continue
            try:
                self._deliver(msg)
            except Exception:
                logger.exception("view message handler failed on %s", msg.get("t"))
        await self._proc.wait()
        tail = "\n".join(self._stderr[-20:])
        why = f"the headless view ended (exit {self._proc.returncode})" + (
            f": {tail}" if tail else ""
        )
        if self._ready is not None and not self._ready.done():
            self._ready.set_exception(ViewError(why))
        self._fail_waiters(why)
        if not self._stopping and self.on_message is not None:
            self.on_message({"t": "error", "message": why, "fatal": True})

    async def _read_stderr(self) -> None:
        assert self._proc is not None and self._proc.stderr is not None
        while line := await self._proc.stderr.readline():
            self._stderr.append(line.decode(errors="replace").rstrip())
            del self._stderr[:-50]


def boot_message(
    compiled: CompiledView,
    components: dict[str, dict[str, str]],
    device: dict[str, Any],
    window: dict[str, Any] | None = None,
    base: str = "",
) -> Message:
    """The `boot` message for a compiled project.

    `components`: owner path → {tag → component path} (the loader's usingComponents, resolved);
    `device`: windowWidth, windowHeight, pixelRatio (and `platform` to round rpx as iOS does);
    `base`: URL prefix for project-relative image paths (e.g. `file:///…/project/`).
    """
    return {
        "t": "boot", "gwx": compiled.gwx, "styles": compiled.styles, "components": components,
        "device": device, "window": window or {}, "base": base,
    }  # fmt: skip
