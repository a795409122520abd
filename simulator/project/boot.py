"""The view's `boot` message for a project: its WXML/WXSS compiled by WeChat's compilers
(view helper's `compile.py`) and the device's size from the runtime's device preset."""

from __future__ import annotations

import asyncio
from typing import Any

from simulator.project.compile import CompileError, compile_project
from simulator.project.errors import ProjectError
from simulator.project.loader import Project
from simulator.project.view.port import Message, boot_message
from simulator.wx import WxRuntime


def device_of(wx: WxRuntime) -> dict[str, Any]:
    preset = wx.device
    return {
        "windowWidth": preset.screen_width,
        "windowHeight": preset.screen_height - preset.status_bar_height - preset.nav_bar_height,
        "pixelRatio": preset.pixel_ratio,
        "platform": preset.platform,
    }


async def compiled_boot(project: Project, wx: WxRuntime) -> Message:
    """Compile every page and component and build the boot message.

    Raises:
        ProjectError: the compilers' message, with file and line.
    """
    entries = [p.route for p in project.pages] + list(project.components)
    try:
        compiled = await asyncio.to_thread(compile_project, project.root, entries)
    except CompileError as exc:
        raise ProjectError(exc.message, exc.file, exc.line) from exc
    window = project.app.get("window") or {}
    base = project.root.as_uri() + "/"
    return boot_message(compiled, project.usings(), device_of(wx), window, base)
