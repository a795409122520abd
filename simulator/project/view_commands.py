"""`PortViewCommands`: the runtime's view APIs (`pageScrollTo`, `createSelectorQuery`) over
the view protocol's `scrollTo` and `query` requests, results in the platform's shape."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from simulator.page.errors import PageRunFailed
from simulator.wx.ui.view import NodeQuery, ScrollRequest

Message = dict[str, Any]


class PortViewCommands:
    def __init__(
        self, ask: Callable[[Message], Awaitable[Message]], top: Callable[[], int | None]
    ) -> None:
        self.ask = ask
        self.top = top

    def scroll_to(self, request: ScrollRequest, done: Callable[[str | None], None]) -> None:
        msg: Message = {"t": "scrollTo", "id": request.page_id or self.top()}
        if request.scroll_top is not None:
            msg["scrollTop"] = request.scroll_top
        if request.selector is not None:
            msg["selector"] = request.selector
        msg["offsetTop"] = request.offset_top
        msg["duration"] = request.duration_ms

        async def go() -> None:
            try:
                answer = await self.ask(msg)
            except PageRunFailed as exc:
                done(str(exc))
                return
            done(None if answer.get("ok", True) else str(answer.get("error") or "failed"))

        asyncio.get_running_loop().create_task(go())

    def query(self, requests: list[NodeQuery], done: Callable[[list[Any]], None]) -> None:
        async def go() -> None:
            results: list[Any] = []
            for req in requests:
                wanted = [k for k, v in req.fields.items() if v and k != "computedStyle"]
                msg: Message = {
                    "t": "query", "id": req.scope if req.scope is not None else self.top(),
                    "selector": req.selector or "page", "all": req.all, "fields": wanted,
                    "viewport": req.viewport,
                }  # fmt: skip
                try:
                    value = (await self.ask(msg)).get("value")
                except PageRunFailed:
                    value = None
                results.append(node_result(value, req.fields))
            done(results)

        asyncio.get_running_loop().create_task(go())


def node_result(value: Any, fields: dict[str, Any]) -> Any:
    """The view's node info in the platform's shape: `rect`/`size`/`scrollOffset` flattened
    into the node's object (`{id, dataset, left, top, …, width, height}`), `properties` as
    their own keys."""
    if isinstance(value, list):
        return [node_result(v, fields) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: v for k, v in value.items() if k in ("id", "dataset", "mark", "node", "context")}
    for nested in ("rect", "size", "scrollOffset"):
        if isinstance(value.get(nested), dict):
            out.update(value[nested])
    props = value.get("properties")
    names = fields.get("properties")
    if isinstance(props, dict) and isinstance(names, list):
        out.update({n: props.get(n) for n in names})
    return out
