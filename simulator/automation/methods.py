"""The protocol's methods, as miniprogram-automator 0.12 sends them (its out/*.js), one row each.

A handler gets the call (params, the client, the app) and returns the `result` object; an
`AutomationError` becomes `{id, error: {message}}`. Methods not in `METHODS` answer
"unimplemented method" (docs/automation.md lists both).
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulator.automation.errors import AutomationError
from simulator.automation.screenshot import headless_png
from simulator.wx.ui.events import ModalAnswer

if TYPE_CHECKING:
    from simulator.automation.app import AppDriver
    from simulator.automation.server import Client, Server
    from simulator.automation.sim import SimHelpers

SIM_PREFIX = "sim."
"""callWxMethod names that are the simulator's helpers, not wx APIs (wx names have no dot)."""


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    client: Client
    server: Server

    @property
    def app(self) -> AppDriver:
        return self.server.driver

    @property
    def sim(self) -> SimHelpers:
        return self.server.sim

    def text(self, name: str) -> str:
        value = self.params.get(name)
        if not isinstance(value, str) or not value:
            raise AutomationError(f"{self.method}: '{name}' must be a non-empty string")
        return value

    def array(self, name: str) -> list[Any]:
        value = self.params.get(name, [])
        if not isinstance(value, list):
            raise AutomationError(f"{self.method}: '{name}' must be an array")
        return value

    def page_id(self) -> int | None:
        value = self.params.get("pageId")
        return value if isinstance(value, int) else None

    def element(self) -> str:
        return self.text("elementId")


Handler = Callable[[Call], Awaitable[dict[str, Any]]]


# -- Tool -----------------------------------------------------------------------------------
async def tool_get_info(call: Call) -> dict[str, Any]:
    host = await call.app.app()
    version = str(getattr(host.wx.config, "base_library_version", "") or "dev")
    return {"SDKVersion": version, "version": version, "simulator": "wx-stream-sim"}


async def tool_native(call: Call) -> dict[str, Any]:
    """miniProgram.native() / minium's IdeNative: the WeChat client's own dialogs. A shown
    wx.showModal is answered; the client's other dialogs (privacy, authorize, share,
    payment) never show on the emulated phone, so there is nothing to tap: answered {}."""
    method = call.text("method")
    if method in ("confirmModal", "cancelModal"):
        host = await call.app.app()
        modals = host.wx.ui.modals
        if not modals:
            raise AutomationError(f"Tool.native {method}: no modal is shown")
        host.wx.ui.answer_modal(modals[0].id, ModalAnswer(method == "confirmModal"))
        await call.app.settle()
        return {}
    if method in NATIVE_NOTHING_TO_TAP:
        return {}
    raise AutomationError(f"Tool.native {method} unimplemented (see docs/automation.md)")


NATIVE_NOTHING_TO_TAP = frozenset(
    {
        "clickCoverView", "authorizeAllow", "authorizeCancel", "shareCancel", "shareConfirm",
        "closePaymentDialog", "handleModal", "allowPrivacy",
    }
)  # fmt: skip
"""Native dialogs the emulated phone never shows (no account, privacy or payment UI)."""


async def tool_close(call: Call) -> dict[str, Any]:
    call.server.close_soon()
    return {}


# -- App ------------------------------------------------------------------------------------
async def app_get_page_stack(call: Call) -> dict[str, Any]:
    return {"pageStack": await call.app.page_stack()}


async def app_get_current_page(call: Call) -> dict[str, Any]:
    return await call.app.current_page()


async def app_call_wx_method(call: Call) -> dict[str, Any]:
    method = call.text("method")
    args = call.array("args")
    if method.startswith(SIM_PREFIX):
        return {"result": await call.sim.call(method[len(SIM_PREFIX) :], args)}
    if call.params.get("pluginId"):
        raise AutomationError("plugins are not emulated (pluginId)")
    result = await call.app.logic("callWx", method=method, args=args)
    if method in _NAVIGATION:
        await call.app.settle()
    return {"result": result}


_NAVIGATION = {"navigateTo", "redirectTo", "navigateBack", "reLaunch", "switchTab"}


async def app_mock_wx_method(call: Call) -> dict[str, Any]:
    method = call.text("method")
    if "functionDeclaration" in call.params:
        source = call.text("functionDeclaration")
        await call.app.logic("mock", method=method, fn=source, args=call.array("args"))
    elif "result" in call.params:
        await call.app.logic("mock", method=method, result=call.params["result"])
    else:  # restoreWxMethod sends the name only
        await call.app.logic("restore", method=method)
    return {}


async def app_call_function(call: Call) -> dict[str, Any]:
    source = call.text("functionDeclaration")
    return {"result": await call.app.logic("eval", fn=source, args=call.array("args"))}


async def app_capture_screenshot(call: Call) -> dict[str, Any]:
    host = await call.app.app()
    png = await call.app.capture() if call.app.capture is not None else None  # the window's
    if png is None:
        text = await host.rendered_text()
        png = headless_png(text, host.wx.ui.snapshot(), host.wx.device)
    return {"data": base64.b64encode(png).decode("ascii")}


async def app_exit(call: Call) -> dict[str, Any]:
    await call.app.exit()
    return {}


async def app_enable_log(call: Call) -> dict[str, Any]:
    call.client.log_enabled = True
    return {}


async def app_add_binding(call: Call) -> dict[str, Any]:
    await call.app.logic("bind", name=call.text("name"))
    return {}


# -- Page -----------------------------------------------------------------------------------
async def page_get_element(call: Call) -> dict[str, Any]:
    found = await _find(call, all=False)
    if not found:
        raise AutomationError(f"element not found: {call.params.get('selector')}")
    return dict(found[0])


async def page_get_elements(call: Call) -> dict[str, Any]:
    return {"elements": await _find(call, all=True)}


async def _find(call: Call, *, all: bool) -> list[dict[str, Any]]:
    msg: dict[str, Any] = {"t": "autoFind", "selector": call.text("selector"), "all": all}
    if call.method.startswith("Element."):
        msg["within"] = call.element()
    elif call.page_id() is not None:
        msg["page"] = call.page_id()
    return list(await call.app.view(msg) or [])


async def page_get_data(call: Call) -> dict[str, Any]:
    path = call.params.get("path")
    data = await call.app.logic(
        "data", id=_page(call), path=path if isinstance(path, str) else None
    )
    return {"data": data}


async def page_set_data(call: Call) -> dict[str, Any]:
    data = call.params.get("data")
    if not isinstance(data, dict):
        raise AutomationError(f"{call.method}: 'data' must be an object")
    await call.app.logic("setData", id=_page(call), data=data)
    return {}


async def page_call_method(call: Call) -> dict[str, Any]:
    method = call.text("method")
    result = await call.app.logic(
        "callMethod", id=_page(call), method=method, args=call.array("args")
    )
    await call.app.settle()
    return {"result": result}


def _page(call: Call) -> int | str:
    """The instance a Page.* / Element.* data call is about: the element's component
    (`nodeId`), else the page (`pageId`)."""
    node = call.params.get("nodeId")
    if call.method.startswith("Element.") and isinstance(node, str) and node:
        return node
    page = call.page_id()
    if page is None:
        raise AutomationError(f"{call.method}: 'pageId' must be a number")
    return page


async def page_get_window_properties(call: Call) -> dict[str, Any]:
    names = [str(n) for n in call.array("names")]
    return {"properties": await call.app.view({"t": "autoWindow", "names": names})}


# -- Element --------------------------------------------------------------------------------
async def _element(call: Call, op: str, *, settle: bool = False, **fields: Any) -> Any:
    value = await call.app.view(
        {"t": "autoElement", "elementId": call.element(), "op": op, **fields}
    )
    if settle:
        await call.app.settle()
    return value


async def element_tap(call: Call) -> dict[str, Any]:
    await _element(call, "tap", settle=True)
    return {}


def _touch(kind: str) -> Handler:
    async def handler(call: Call) -> dict[str, Any]:
        touches = call.params.get("touches") or []
        changed = call.params.get("changedTouches") or touches
        await _element(
            call, "touch", settle=True, type=kind, touches=touches, changedTouches=changed
        )
        return {}

    return handler


async def element_trigger_event(call: Call) -> dict[str, Any]:
    detail = call.params.get("detail") or {}
    await _element(call, "trigger", settle=True, type=call.text("type"), detail=detail)
    return {}


async def element_dispatch_event(call: Call) -> dict[str, Any]:
    detail = call.params.get("detail") or {}
    await _element(call, "trigger", settle=True, type=call.text("eventName"), detail=detail)
    return {}


async def element_get_wxml(call: Call) -> dict[str, Any]:
    return {"wxml": await _element(call, "wxml", outer=call.params.get("type") == "outer")}


async def element_get_offset(call: Call) -> dict[str, Any]:
    return dict(await _element(call, "offset"))


def _getter(op: str, key: str) -> Handler:
    async def handler(call: Call) -> dict[str, Any]:
        names = [str(n) for n in call.array("names")]
        return {key: await _element(call, op, names=names)}

    return handler


async def element_call_function(call: Call) -> dict[str, Any]:
    """The SDK's built-in element functions (`input.input`, `switch.tap`, …)."""
    name = call.text("functionName")
    args = call.array("args")
    if name in ("input.input", "textarea.input"):
        if not args or not isinstance(args[0], str):
            raise AutomationError(f"{name}: the value must be a string")
        confirm = len(args) > 1 and args[1] is True  # minium: input(text, with_confirm)
        await _element(call, "input", settle=True, value=args[0], confirm=confirm)
        return {"result": None}
    if name == "switch.tap":
        await _element(call, "tap", settle=True)
        return {"result": None}
    if name in _SCROLL_READS:
        values = await _element(call, "domProperties", names=[_SCROLL_READS[name]])
        return {"result": values[0]}
    raise AutomationError(f"Element.callFunction {name} is not emulated (see docs/automation.md)")


_SCROLL_READS = {
    "scroll-view.scrollTop": "scrollTop",
    "scroll-view.scrollLeft": "scrollLeft",
    "scroll-view.scrollWidth": "scrollWidth",
    "scroll-view.scrollHeight": "scrollHeight",
}


async def element_get_data(call: Call) -> dict[str, Any]:
    _need_component(call)
    return await page_get_data(call)


async def element_set_data(call: Call) -> dict[str, Any]:
    _need_component(call)
    return await page_set_data(call)


async def element_call_method(call: Call) -> dict[str, Any]:
    _need_component(call)
    return await page_call_method(call)


def _need_component(call: Call) -> None:
    if not isinstance(call.params.get("nodeId"), str):
        raise AutomationError(f"{call.method}: the element is not a custom component")


async def sim_method(call: Call) -> dict[str, Any]:
    """`Sim.<helper>` {args}: the same helpers as callWxMethod('sim.<helper>')."""
    return {"result": await call.sim.call(call.method[len("Sim.") :], call.array("args"))}


METHODS: dict[str, Handler] = {
    "Tool.getInfo": tool_get_info,
    "Tool.close": tool_close,
    "Tool.native": tool_native,
    "App.getPageStack": app_get_page_stack,
    "App.getCurrentPage": app_get_current_page,
    "App.callWxMethod": app_call_wx_method,
    "App.mockWxMethod": app_mock_wx_method,
    "App.callFunction": app_call_function,
    "App.captureScreenshot": app_capture_screenshot,
    "App.exit": app_exit,
    "App.enableLog": app_enable_log,
    "App.addBinding": app_add_binding,
    "Page.getElement": page_get_element,
    "Page.getElements": page_get_elements,
    "Page.getData": page_get_data,
    "Page.setData": page_set_data,
    "Page.callMethod": page_call_method,
    "Page.getWindowProperties": page_get_window_properties,
    "Element.getElement": page_get_element,
    "Element.getElements": page_get_elements,
    "Element.tap": element_tap,
    "Element.touchstart": _touch("touchstart"),
    "Element.touchmove": _touch("touchmove"),
    "Element.touchend": _touch("touchend"),
    "Element.triggerEvent": element_trigger_event,
    "Element.dispatchEvent": element_dispatch_event,
    "Element.getWXML": element_get_wxml,
    "Element.getOffset": element_get_offset,
    "Element.getDOMProperties": _getter("domProperties", "properties"),
    "Element.getProperties": _getter("properties", "properties"),
    "Element.getAttributes": _getter("attributes", "attributes"),
    "Element.getStyles": _getter("styles", "styles"),
    "Element.callFunction": element_call_function,
    "Element.getData": element_get_data,
    "Element.setData": element_set_data,
    "Element.callMethod": element_call_method,
    "Sim.setNetwork": sim_method,
    "Sim.setScenario": sim_method,
    "Sim.waitForReply": sim_method,
    "Sim.send": sim_method,
    "Sim.lastRun": sim_method,
    "Sim.info": sim_method,
}
"""Method name → handler (add a method = add a row)."""

NOT_IMPLEMENTED: dict[str, str] = {
    "Tool.enableRemoteDebug": "no real phone to debug on",
    "Tool.resetRemoteDebug": "no real phone to debug on",
    "Tool.getTestAccounts": "no WeChat account",
    "Tool.getTicket": "no WeChat account",
    "Tool.setTicket": "no WeChat account",
    "Tool.refreshTicket": "no WeChat account",
    "Tool.clearAuth": "no WeChat account",
    "Tool.stopAudits": "DevTools' audits are not emulated",
    "Page.getElementByXpath": "the headless DOM has no XPath",
    "Page.getElementsByXpath": "the headless DOM has no XPath",
    "Element.callContextMethod": "video/map contexts are not emulated",
}
"""Methods of the SDK answered with the error shape, and why (docs/automation.md)."""
