"""`pageScrollTo` and `createSelectorQuery` act on the rendered page: `ViewCommands` is how
the runtime asks the view layer. The project host supplies an implementation (it relays to
the view's `scrollTo` / `query` messages); without one, scrolling is a no-op that succeeds
(single-file page mode has no view to scroll) and queries answer `null` per node.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

Callback = Callable[[Any], object]


@dataclass(frozen=True, slots=True)
class ScrollRequest:
    """`wx.pageScrollTo` on the top page (`page_id`, None = whatever is on top)."""

    page_id: int | None
    scroll_top: float | None
    selector: str | None
    offset_top: float
    duration_ms: int


@dataclass(frozen=True, slots=True)
class NodeQuery:
    """One `select`/`selectAll`/`selectViewport` of a SelectorQuery with the fields wanted.

    `fields` is the platform's `NodesRef.fields` object: id, dataset, rect, size,
    scrollOffset, properties [...], computedStyle [...], context, node, mark.
    `scope` is the page or component instance id set with `.in(component)`.
    """

    selector: str
    all: bool
    fields: dict[str, Any]
    scope: int | str | None = None
    viewport: bool = False


class ViewCommands(Protocol):
    """Implemented by the project host over the view protocol (`scrollTo`, `query`)."""

    def scroll_to(self, request: ScrollRequest, done: Callable[[str | None], None]) -> None:
        """Scroll; `done(None)` when finished, `done(error_text)` when it failed."""

    def query(self, requests: list[NodeQuery], done: Callable[[list[Any]], None]) -> None:
        """Measure; `done(results)`, one per request: a dict (or list of dicts for
        `all`), or None when nothing matched."""


BOUNDING_CLIENT_RECT = {"id": True, "dataset": True, "rect": True, "size": True}
SCROLL_OFFSET = {"id": True, "dataset": True, "scrollOffset": True}


@dataclass(slots=True)
class _Step:
    query: NodeQuery
    callback: Callback | None = None


@dataclass(slots=True)
class SelectorQuery:
    """`wx.createSelectorQuery()`: collect node requests, run them all on `exec`."""

    view: ViewCommands | None
    page_id: int | None
    _steps: list[_Step] = field(default_factory=list)
    _scope: int | str | None = None

    def in_(self, component: Any) -> SelectorQuery:
        """`.in(component)` (a Python keyword): select inside that instance."""
        self._scope = (
            component if isinstance(component, int | str) else getattr(component, "id", None)
        )
        return self

    def select(self, selector: str) -> NodesRef:
        return NodesRef(self, selector, False)

    def selectAll(self, selector: str) -> NodesRef:
        return NodesRef(self, selector, True)

    def selectViewport(self) -> NodesRef:
        return NodesRef(self, "", False, viewport=True)

    def exec(self, callback: Callback | None = None) -> None:
        steps, self._steps = self._steps, []
        queries = [s.query for s in steps]

        def done(results: list[Any]) -> None:
            for step, result in zip(steps, results, strict=False):
                if step.callback is not None:
                    step.callback(result)
            if callback is not None:
                callback(results)

        if self.view is None:
            done([None for _ in queries])
        else:
            self.view.query(queries, done)

    def _add(self, query: NodeQuery, callback: Callback | None) -> SelectorQuery:
        self._steps.append(_Step(query, callback))
        return self


@dataclass(slots=True)
class NodesRef:
    owner: SelectorQuery
    selector: str
    all: bool
    viewport: bool = False

    def boundingClientRect(self, callback: Callback | None = None) -> SelectorQuery:
        return self.fields(BOUNDING_CLIENT_RECT, callback)

    def scrollOffset(self, callback: Callback | None = None) -> SelectorQuery:
        return self.fields(SCROLL_OFFSET, callback)

    def fields(self, fields: dict[str, Any], callback: Callback | None = None) -> SelectorQuery:
        query = NodeQuery(self.selector, self.all, dict(fields), self.owner._scope, self.viewport)
        return self.owner._add(query, callback)
