"""A stand-in view layer for the logic-layer tests (the real one renders WXML into a DOM).

It speaks the view protocol with the least a page run needs: pages and statically placed
custom components are created from the WXML's tags, `{{key}}` props follow the owner's data,
`input`/`tap` find the element by a simple selector (tag, #id, tag.class) in the page's or its
components' markup and send the event named by its `bind…` attribute, and every `setData` is
acknowledged with `textChanged` when a string in the data changed. No rendering.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.project.reply import set_path, strings

_TAG = re.compile(r"<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*\"[^\"]*\")?)*)\s*/?>")
_ATTR = re.compile(r"([^\s=>/]+)(?:\s*=\s*\"([^\"]*)\")?")
_BIND = re.compile(r"^(?:bind|catch|capture-bind|capture-catch|mut-bind):?(.+)$")


def elements(wxml: str) -> list[tuple[str, dict[str, str]]]:
    return [(t, {k: v for k, v in _ATTR.findall(a)}) for t, a in _TAG.findall(wxml)]


def matches(selector: str, tag: str, attrs: dict[str, str]) -> bool:
    for one in (s.strip() for s in selector.split(",")):
        if one.startswith("#") and attrs.get("id") == one[1:]:
            return True
        name, _, cls = one.partition(".")
        if name and name != tag:
            continue
        if not cls or cls in attrs.get("class", "").split():
            return True
    return False


class FakeView:
    def __init__(self, root: Path, *, text_changed: bool | None = None) -> None:
        self.root = root
        self.on_message: Callable[[dict[str, Any]], None] | None = None
        self.components: dict[str, dict[str, str]] = {}
        self.pages: list[int] = []
        self.owners: dict[Any, str] = {}  # instance id → template path
        self.data: dict[Any, dict[str, Any]] = {}
        self.props: dict[Any, dict[str, str]] = {}  # component id → {prop: owner key}
        self.children: dict[Any, list[Any]] = {}
        self.received: list[dict[str, Any]] = []
        self.force_text_changed = text_changed
        self._ids = itertools.count(1)
        self.started = False
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}

    async def start(self) -> None:
        self.started = True

    async def stop(self) -> None:
        self.started = False

    async def ask(self, msg: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        q = next(self._ids)
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[q] = fut
        self.post({**msg, "q": q})
        return await asyncio.wait_for(fut, timeout)

    def emit(self, msg: dict[str, Any]) -> None:
        """Send a view message to the host as the view would (an event, a firstRender…)."""
        self._send(msg)

    def _send(self, msg: dict[str, Any]) -> None:
        assert self.on_message is not None
        loop = asyncio.get_running_loop()
        fut = self._waiting.pop(msg.get("q", -1), None) if msg["t"] in ("done", "result") else None
        if fut is not None:
            loop.call_soon(fut.set_result, msg)
        else:
            loop.call_soon(self.on_message, msg)  # never inside the host's own call

    def _markup(self, path: str) -> list[tuple[str, dict[str, str]]]:
        file = self.root / f"{path}.wxml"
        return elements(file.read_text(encoding="utf-8")) if file.is_file() else []

    def post(self, msg: dict[str, Any]) -> None:
        msg = json.loads(json.dumps(msg))  # as over a pipe: nothing shared with the host
        self.received.append(msg)
        kind = msg["t"]
        if kind == "boot":
            self.components = msg["components"]
        elif kind == "pageCreate":
            self.pages.append(msg["id"])
            self._instance(msg["id"], msg["route"], msg["data"])
            self._send({"t": "firstRender", "id": msg["id"]})
        elif kind == "pageDestroy":
            self.pages.remove(msg["id"])
        elif kind == "componentReady":
            self.data[msg["id"]] = msg["data"]
            self._send({"t": "firstRender", "id": msg["id"]})
        elif kind == "setData":
            self._set_data(msg)
        elif kind in ("input", "tap"):
            self._act(msg)
        elif kind == "text":
            top = self.pages[-1]
            texts = [v for _, v in strings(self.data.get(top, {}))]
            self._send({"t": "result", "q": msg["q"], "value": "\n".join(texts)})
        elif kind == "scrollTo":
            self._send({"t": "done", "q": msg["q"], "ok": True})
        elif kind == "query":
            self._send({"t": "result", "q": msg["q"], "value": None})

    def _instance(self, ident: Any, path: str, data: dict[str, Any]) -> None:
        self.owners[ident] = path
        self.data[ident] = data
        using = self.components.get(path, {})
        for tag, attrs in self._markup(path):
            if tag not in using:
                continue
            cid = f"c{next(self._ids)}"
            binds = {m[1]: attrs[a] for a in attrs if (m := _BIND.match(a))}
            props, keys = {}, {}
            for name, value in attrs.items():
                if _BIND.match(name) or name in ("id", "class", "wx:key"):
                    continue
                bound = re.fullmatch(r"\{\{\s*([\w.\[\]]+)\s*\}\}", value)
                key = _camel(name)
                if bound:
                    keys[key] = bound[1]
                    props[key] = _get(data, bound[1])
                else:
                    props[key] = value
            self.props[cid] = keys
            self.children.setdefault(ident, []).append(cid)
            self.owners[cid] = using[tag]
            self._send({
                "t": "componentCreate", "id": cid, "owner": ident, "path": using[tag],
                "props": props, "dataset": {}, "slotted": False, "elemId": attrs.get("id", ""),
                "classes": attrs.get("class", "").split(),
                "bindings": {e: {"handler": h, "capture": False, "catch": False}
                             for e, h in binds.items()},
            })  # fmt: skip
            self.owners[f"template:{cid}"] = using[tag]

    def _set_data(self, msg: dict[str, Any]) -> None:
        ident = msg["id"]
        data = self.data.setdefault(ident, {})
        before = dict(strings(data))
        for key, value in msg["patch"].items():
            set_path(data, key, value)
        changed = dict(strings(data)) != before
        if self.force_text_changed is not None:
            changed = self.force_text_changed
        for cid in self.children.get(ident, []):
            keys = self.props.get(cid, {})
            touched = {p: _get(data, k) for p, k in keys.items()
                       if any(k.split(".")[0].split("[")[0] == pk.split(".")[0].split("[")[0]
                              for pk in msg["patch"])}  # fmt: skip
            if touched:
                self._send({"t": "componentProps", "id": cid, "props": touched})
        self._send({"t": "applied", "id": ident, "seq": msg["seq"], "textChanged": changed,
                    "nodes": 0})  # fmt: skip

    def _act(self, msg: dict[str, Any]) -> None:
        top = self.pages[-1]
        scopes = [top, *self.children.get(top, [])]
        for scope in scopes:
            for tag, attrs in self._markup(self.owners[scope]):
                if not matches(msg["selector"], tag, attrs):
                    continue
                event = "input" if msg["t"] == "input" else "tap"
                handler = next((v for a, v in attrs.items()
                                if (m := _BIND.match(a)) and m[1] == event), None)  # fmt: skip
                if handler is None:
                    continue
                detail: dict[str, Any] = {}
                if event == "input":
                    detail = {"value": msg["value"], "cursor": len(msg["value"]), "keyCode": 0}
                target = {"id": attrs.get("id", ""), "dataset": {}, "offsetLeft": 0,
                          "offsetTop": 0}  # fmt: skip
                self._send({"t": "event", "id": scope, "handler": handler, "event": {
                    "type": event, "timeStamp": 1, "target": target, "currentTarget": target,
                    "detail": detail, "mark": {}}})  # fmt: skip
                self._send({"t": "done", "q": msg["q"], "ok": True})
                return
        self._send({"t": "done", "q": msg["q"], "ok": False, "error": "no such element"})


def _camel(name: str) -> str:
    head, *rest = name.split("-")
    return head + "".join(p.title() for p in rest)


def _get(data: Any, key: str) -> Any:
    node = data
    for k, i in re.findall(r"([^.\[\]]+)|\[(\d+)\]", key):
        if i:
            node = node[int(i)] if isinstance(node, list) and int(i) < len(node) else None
        else:
            node = node.get(k) if isinstance(node, dict) else None
    return node
