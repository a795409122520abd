"""Taro's and uni-app's build output rendered by the view with their runtimes' final data.

The data comes from the fixtures' own runtime trace (framework_data/README.md); the markup,
WXS and styles are the committed build output, compiled here by WeChat's compilers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from simulator.project.compile import compile_project
from simulator.project.view.port import HeadlessView, Message, boot_message
from tests.project.view.harness import DEVICE, FakeLogic

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "frameworks"
DATA = Path(__file__).parent / "framework_data"
ROUTE = "pages/chat/index"


async def _render(
    root: Path,
    entries: list[str],
    components: dict[str, dict[str, str]],
    dump: dict[str, Any],
    options: dict[str, Any],
) -> tuple[str, FakeLogic]:
    compiled = compile_project(root, entries)
    view = HeadlessView()
    logic = FakeLogic(view)
    wrappers = iter(dump["wrappers"])

    def answer(msg: Message) -> None:
        # each custom-wrapper instance gets the data Taro's runtime gave it (props first)
        if msg["t"] == "componentCreate" and msg["path"] == "custom-wrapper":
            data = next(wrappers, None)
            logic.component_options["custom-wrapper"] = {"data": data or msg["props"]}
        logic(msg)

    view.on_message = answer
    await view.start()
    try:
        view.post({**boot_message(compiled, components, DEVICE), "options": options})
        await logic.wait_for(lambda m: m["t"] == "booted")
        view.post({"t": "pageCreate", "id": 1, "route": ROUTE, "query": {}, "data": dump["page"]})
        await logic.wait_for(lambda m: m["t"] == "firstRender" and m["id"] == 1)
        return await view.text(), logic
    finally:
        await view.stop()


async def test_taro_output_shows_the_streamed_reply_inside_its_custom_wrappers() -> None:
    dump = json.loads((DATA / "taro-chat.json").read_text(encoding="utf-8"))
    using = {"custom-wrapper": "custom-wrapper", "comp": "comp"}
    components = {ROUTE: using, "custom-wrapper": using, "comp": using}
    shared = {"styleIsolation": "apply-shared"}
    text, logic = await _render(
        FIXTURES / "taro-chat" / "dist", [ROUTE, "custom-wrapper", "comp"], components, dump,
        {"custom-wrapper": shared, "comp": shared},
    )  # fmt: skip
    assert dump["expected"] in text
    assert "发送" in text
    created = logic.of("componentCreate")
    assert [c["path"] for c in created] == ["custom-wrapper", "custom-wrapper"]
    assert not [m for m in logic.messages if m["t"] == "error"]


async def test_uni_output_shows_the_streamed_reply_with_array_classes() -> None:
    dump = json.loads((DATA / "uni-chat.json").read_text(encoding="utf-8"))
    root = FIXTURES / "uni-chat" / "dist" / "build" / "mp-weixin"
    view = HeadlessView()
    logic = FakeLogic(view)
    view.on_message = logic
    await view.start()
    try:
        view.post(boot_message(compile_project(root, [ROUTE]), {}, DEVICE))
        view.post({"t": "pageCreate", "id": 1, "route": ROUTE, "query": {}, "data": dump["page"]})
        await logic.wait_for(lambda m: m["t"] == "firstRender")
        assert dump["expected"] in await view.text()
        classes = await view.query(".bubble", ["attributes"], all=True)
        assert classes and all(isinstance(c["attributes"]["class"], list) for c in classes)
        html = await view.query(".messages", ["html"])
        assert 'class="bubble bubble-' in html["html"]  # an array class, joined with spaces
        bindings = await view.query("button", ["bindings"])
        assert bindings["bindings"]["tap"] == dump["page"]["h"]  # handler name from data
    finally:
        await view.stop()
