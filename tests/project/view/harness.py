"""A project compiled, a headless view booted, and a tiny stand-in for the logic layer.

`FakeLogic` records every view message, answers `componentCreate` with `componentReady`
(the component's data = its props) and runs per-handler callbacks for `event`s, speaking the
project protocol as the real logic layer does.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.project.compile import compile_project
from simulator.project.view.port import HeadlessView, Message, ViewPort, boot_message

PROJECTS = Path(__file__).parent / "projects"
CHAT = PROJECTS / "chat"
FEATURES = PROJECTS / "features"
PROJECT_ENTRIES = {
    CHAT: (["pages/chat/index"], {}),
    FEATURES: (
        ["pages/main/index", "pages/widgets/index", "pages/long/index", "components/card/index"],
        {"pages/main/index": {"card": "components/card/index"}},
    ),
}
DEVICE = {"windowWidth": 375, "windowHeight": 667, "pixelRatio": 2}


@dataclass
class FakeLogic:
    port: ViewPort
    messages: list[Message] = field(default_factory=list)
    handlers: dict[str, Callable[[Message], None]] = field(default_factory=dict)
    component_options: dict[str, Message] = field(default_factory=dict)
    """path → extra fields of componentReady (options, externalClasses), as Component() declares"""
    last_input: int = 0
    """the newest keystroke (`inputSeq`) handled, stamped on setData as the logic layer does"""
    _seq: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def __call__(self, msg: Message) -> None:
        self.messages.append(msg)
        self._changed.set()
        if msg["t"] == "componentCreate":
            ready = {"t": "componentReady", "id": msg["id"], "data": dict(msg["props"])}
            self.port.post({**ready, **self.component_options.get(msg["path"], {})})
        elif msg["t"] == "event":
            self.last_input = max(self.last_input, int(msg.get("inputSeq", 0)))
            if msg["handler"] in self.handlers:
                self.handlers[msg["handler"]](msg)

    def set_data(self, id: int | str, patch: dict[str, Any], *, input: int | None = None) -> int:
        """Post a setData; `input`: the keystroke it claims to have seen (default: the last)."""
        seq = next(self._seq)
        msg: Message = {"t": "setData", "id": id, "seq": seq, "patch": patch}
        seen = self.last_input if input is None else input
        if seen:
            msg["input"] = seen
        self.port.post(msg)
        return seq

    async def wait_for(self, pred: Callable[[Message], bool], timeout: float = 10.0) -> Message:
        """The first recorded message matching `pred`, waiting for it if needed."""
        async with asyncio.timeout(timeout):
            seen = 0
            while True:
                for msg in self.messages[seen:]:
                    if pred(msg):
                        return msg
                seen = len(self.messages)
                self._changed.clear()
                await self._changed.wait()

    async def applied(self, id: int | str, seq: int) -> Message:
        return await self.wait_for(
            lambda m: m["t"] == "applied" and m["id"] == id and m["seq"] == seq
        )

    async def set_and_wait(
        self, id: int | str, patch: dict[str, Any], *, input: int | None = None
    ) -> Message:
        return await self.applied(id, self.set_data(id, patch, input=input))

    def of(self, kind: str) -> list[Message]:
        return [m for m in self.messages if m["t"] == kind]


@asynccontextmanager
async def booted(
    project: Path, device: dict[str, Any] | None = None
) -> AsyncIterator[tuple[HeadlessView, FakeLogic]]:
    entries, components = PROJECT_ENTRIES[project]
    compiled = compile_project(project, entries)
    view = HeadlessView()
    logic = FakeLogic(view)
    view.on_message = logic
    await view.start()
    try:
        view.post(boot_message(compiled, components, device or DEVICE))
        await logic.wait_for(lambda m: m["t"] == "booted")
        yield view, logic
    finally:
        await view.stop()


async def open_page(
    view: ViewPort,
    logic: FakeLogic,
    route: str,
    data: dict[str, Any],
    id: int = 1,
) -> None:
    view.post({"t": "pageCreate", "id": id, "route": route, "query": {}, "data": data})
    await logic.wait_for(lambda m: m["t"] == "firstRender" and m["id"] == id)
