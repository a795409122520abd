"""What the host needs of a view layer (the view helper's `view/port.py` implements it).

`post(msg)` sends one protocol message; the view calls `on_message(msg)` for each of its own.
Headless (a Node child with a light DOM) or the window's web view: the host cannot tell.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from simulator.project.loader import Project
    from simulator.wx import WxRuntime

Message = dict[str, Any]


class ViewPortLike(Protocol):
    """`view.port.ViewPort` (headless or the window's) fits this."""

    on_message: Callable[[Message], None] | None

    async def start(self) -> None: ...

    def post(self, msg: Message) -> None: ...

    async def stop(self) -> None: ...

    async def ask(self, msg: Message, timeout: float = 10.0) -> Message: ...


BootBuilder = Callable[["Project", "WxRuntime"], Awaitable[Message]]
"""The view's `boot` message for a project (compiled `$gwx`, styles, component map)."""


async def config_only_boot(project: Project, wx: WxRuntime) -> Message:
    """A boot without compiled templates (for views that need none, e.g. test doubles)."""
    return {
        "t": "boot",
        "gwx": "",
        "styles": {},
        "components": project.usings(),
        "window": project.app.get("window") or {},
    }
