"""A `<navigator>` tap in a headless project: the base host relays it to the logic layer,
which navigates by its open-type, as the window's host does (one implementation)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from simulator.page.origin import OriginMap
from simulator.project.boot import compiled_boot
from simulator.project.host import ProjectHost
from simulator.project.loader import load_project
from simulator.project.options import ProjectOptions
from simulator.project.view.port import HeadlessView
from simulator.wx import WxRuntime
from tests.project.conftest import PROJECTS

pytestmark = pytest.mark.timeout(90)
NAVIGATOR = PROJECTS / "navigator"


async def _until(check: Callable[[], bool], what: str) -> None:
    async with asyncio.timeout(10):
        while not check():
            await asyncio.sleep(0.01)
    assert check(), what


def _routes(host: ProjectHost) -> list[str]:
    return [host.routes[page] for page in host.stack]


async def test_navigator_taps_navigate_by_their_open_type_headless() -> None:
    project = load_project(NAVIGATOR)
    wx = WxRuntime()
    origin = OriginMap("http://localhost:8082", "http://127.0.0.1:9")
    host = ProjectHost(
        project, wx, origin, HeadlessView(), ProjectOptions(idle_s=0.1), boot=compiled_boot
    )
    try:
        await host.start()
        assert _routes(host) == ["pages/index/index"]
        # open-type left out: navigate (navigateTo), with the url's query
        await host.act("tap", "#to-chat")
        await _until(lambda: _routes(host) == ["pages/index/index", "pages/chat/index"], "to")
        await _until(lambda: host.page_data().get("topic") == "stream", "query")
        # redirect: a relative url, the chat page replaced
        await host.act("tap", "#again")
        await _until(lambda: host.page_data().get("topic") == "again", "redirect")
        assert _routes(host) == ["pages/index/index", "pages/chat/index"]
        # navigateBack: the chat page unloads, the index page shows again
        await host.act("tap", "#back")
        await _until(lambda: _routes(host) == ["pages/index/index"], "back")
        # switchTab to a tab page; then reLaunch from a chat page leaves one page
        await host.act("tap", "#to-about")
        await _until(lambda: _routes(host) == ["pages/about/index"], "switchTab")
        host.navigate("/pages/chat/index?topic=x")  # the chrome's own navigation, same path
        await _until(lambda: _routes(host)[-1:] == ["pages/chat/index"], "navigateTo")
        await host.act("tap", "#home")
        await _until(lambda: _routes(host) == ["pages/index/index"], "reLaunch")
        logs = [x.text for x in host.console if x.level == "log"]
        assert "chat onLoad stream" in logs and "chat onUnload again" in logs
        assert "about onShow" in logs and "chat onUnload x" in logs
        assert not host.errors, host.errors
    finally:
        await host.stop()
        await wx.aclose()
