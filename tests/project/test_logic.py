"""The logic layer on a stand-in view: modules, lifecycles, setData, events, the page stack,
the JS environment per platform, the sandbox, and the bad inputs of issue 21."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from simulator.page.errors import PageLoadFailed
from simulator.project.host import ProjectHost
from simulator.project.jsenv import JS_GLOBALS, env_for
from tests.helpers.node_builtins import builtin_names
from tests.helpers.waits import until as wait_until
from tests.project.conftest import EXAMPLES, PROJECTS, fake_host
from tests.project.fake_view import FakeView

pytestmark = pytest.mark.timeout(60)
LOGIC = PROJECTS / "logic"


async def until(check: Callable[[], Any], timeout: float = 10.0) -> Any:
    return await wait_until(check, timeout)  # scaled by the suite's unit


def event(view: FakeView, host: ProjectHost, handler: str, **extra: Any) -> None:
    view.emit({"t": "event", "id": extra.pop("id", host.top), "handler": handler,
               "event": {"type": "tap", "timeStamp": 1, "target": {}, "currentTarget": {},
                         "detail": extra, "mark": {}}})  # fmt: skip


async def test_modules_cycles_esm_and_typescript_and_the_launch_order() -> None:
    async with fake_host(LOGIC, query=(("from", "test"),)) as (host, _):
        data = await until(lambda: host.page_data().get("order") and host.page_data())
        assert data["cycle"] == "a:undefined"  # b saw a half-loaded a, as CommonJS allows
        assert data["esm"] == {"left": "x", "right": "a+a:undefined", "role": "ai"}
        assert data["npm"] == "hi npm"  # miniprogram_npm/tiny, its package.json main
        assert data["order"] == [
            "app.onLaunch", "app.onShow", "index.onLoad:test", "index.onShow", "index.onReady",
        ]  # fmt: skip


async def test_a_missing_module_names_the_require_and_its_line() -> None:
    async with fake_host(LOGIC) as (host, view):
        event(view, host, "missing")
        err = await until(lambda: host.errors and host.errors[-1])
        assert err.message == (
            'Error: module "pages/index/nothing-here.js" is not defined, '
            "require args is './nothing-here'"
        )
        assert (err.file, err.line) == ("pages/index/index.js", 17)


async def test_set_data_over_the_limit_is_the_platforms_error_and_nothing_is_sent() -> None:
    async with fake_host(LOGIC) as (host, view):
        event(view, host, "huge")
        err = await until(lambda: host.errors and host.errors[-1])
        assert "数据传输长度为 1126410 已经超过最大长度 1048576" in err.message
        assert (err.file, err.line) == ("pages/index/index.js", 20)
        assert "big" not in host.page_data()


async def test_set_data_paths_and_the_callback_after_the_view_applied() -> None:
    async with fake_host(LOGIC) as (host, view):
        event(view, host, "paths")
        event(view, host, "withCallback")
        data = await until(lambda: host.page_data().get("afterApplied") and host.page_data())
        assert data["deep"] == {"list": [None, None, {"x": 1}], "name": "n"}
        assert data["step"] == 1


async def test_a_missing_handler_gets_the_platforms_warning() -> None:
    async with fake_host(LOGIC) as (host, view):
        event(view, host, "noSuchMethod")
        line = await until(lambda: [x for x in host.console if "does not have" in x.text])
        assert line[0].text == (
            'Component "pages/index/index" does not have a method "noSuchMethod" '
            'to handle event "tap".'
        )
        assert line[0].level == "warn" and not host.errors


async def test_the_page_stack_stops_at_ten_and_get_current_pages_agrees() -> None:
    async with fake_host(LOGIC) as (host, view):
        event(view, host, "tooMany")
        data = await until(
            lambda: host.page_data(host.stack[0]).get("navFail") and host.page_data(host.stack[0])
        )
        assert data["navFail"] == "navigateTo:fail webview count limit exceed"
        assert data["depth"] == 10 and len(host.stack) == 10


async def test_a_page_that_redirects_to_itself_is_stopped_as_a_loop() -> None:
    async with fake_host(LOGIC) as (host, view):
        event(view, host, "loop")
        line = await until(lambda: [x for x in host.console if "too many navigations" in x.text])
        assert line[0].text.startswith("redirectTo:fail too many navigations")
        assert len(host.stack) == 2  # the loop page is still shown; the app keeps running


async def test_a_component_as_a_page_with_query_properties_and_lifetimes() -> None:
    async with fake_host(LOGIC) as (host, view):
        event(view, host, "asComponent")
        await until(lambda: len(host.stack) == 2 and host.page_data().get("log"))
        data = host.page_data()
        assert data["title"] == "hi" and data["count"] == 3  # Number property from the query
        assert data["log"] == ["created", "attached", "onLoad:hi", "show", "ready"]


async def test_component_observers_property_observers_and_trigger_event() -> None:
    async with fake_host(LOGIC) as (host, view):
        event(view, host, "asComponent")
        page = await until(lambda: len(host.stack) == 2 and host.top)
        view.emit({"t": "componentCreate", "id": "c99", "owner": page,
                   "path": "components/leaf/index", "props": {"label": "first"},
                   "bindings": {"said": {"handler": "onLeaf", "capture": False, "catch": False}},
                   "dataset": {}, "slotted": False})  # fmt: skip
        ready = await until(lambda: host.tracker.data.get("c99"))
        assert ready["label"] == "first"
        # props rendered from a setData that had seen keystroke 5: the component's says so too
        view.emit({"t": "componentProps", "id": "c99", "props": {"label": "second"}, "input": 5})
        leaf = await until(lambda: host.tracker.data["c99"].get("seen") == "first->second"
                           and host.tracker.data["c99"])  # fmt: skip
        assert leaf["both"] == "second|first->second"
        props_set = [m for m in view.received if m["t"] == "setData" and m["id"] == "c99"
                     and m["patch"].get("label") == "second"]  # fmt: skip
        assert props_set[0]["input"] == 5
        event(view, host, "say", id="c99")
        said = await until(lambda: host.page_data().get("leafSaid"))
        assert said == "second"


@pytest.mark.parametrize("platform", ["ios", "android", "device", "devtools", "pc"])
async def test_the_globals_page_code_sees_follow_the_platform_table(platform: str) -> None:
    async with fake_host(PROJECTS / "env", platform=platform) as (host, _):
        seen = await until(lambda: host.page_data().get("seen"))
        present = set(env_for(platform)["globals"])
        for row in JS_GLOBALS:
            assert (seen[row.name] != "undefined") == (row.name in present), row.name
        for node_only in ("process", "Buffer", "require", "setImmediate"):
            assert seen[node_only] == "undefined"
        for mp in ("wx", "App", "Page", "Component", "Behavior", "getApp", "setTimeout"):
            assert seen[mp] == "function" or seen[mp] == "object", mp
        assert seen["wxNotOnPlatform"] == "undefined"
        assert seen["wxOnPlatformNotEmulated"] == "function"
        # the platform's `global`: a plain object of its own (uni-app sets createApp on it)
        assert seen["globalIsItsOwn"] is True
        assert seen["wxListsPlatformApis"] is True  # Object.keys(wx): Taro wraps each
        assert (await until(lambda: host.page_data().get("dynamic"))).startswith(
            "import('./x.js') is not available in a mini-program"
        )


async def test_every_node_builtin_is_refused_by_require() -> None:
    names = builtin_names()
    async with fake_host(PROJECTS / "builtins", query=(("names", ",".join(names)),)) as (host, _):
        refused = await until(lambda: host.page_data().get("refused"))
    assert set(refused) == set(names)
    for name, why in refused.items():
        assert why == (
            f"module \"{name}.js\" is not defined, require args is '{name}' "
            "(Node's built-in modules do not exist in a mini-program)"
        ), name


async def test_a_syntax_error_in_app_js_fails_the_start_with_file_and_line() -> None:
    with pytest.raises(PageLoadFailed) as caught:
        async with fake_host(PROJECTS / "badapp"):
            pass
    assert "SyntaxError: Unexpected token ';'" in str(caught.value)
    assert "(app.js:3)" in str(caught.value)


async def test_a_component_that_does_not_parse_names_its_file_and_line() -> None:
    async with fake_host(LOGIC) as (host, view):
        view.emit({"t": "componentCreate", "id": "c7", "owner": host.top,
                   "path": "components/broken/index", "props": {}, "bindings": {},
                   "dataset": {}, "slotted": False})  # fmt: skip
        err = await until(lambda: host.errors and host.errors[-1])
        assert err.message.startswith("SyntaxError: Unexpected token")
        assert (err.file, err.line) == ("components/broken/index.js", 4)
        ready = await until(lambda: [m for m in view.received if m["t"] == "componentReady"])
        assert ready[0]["id"] == "c7"  # the view is not left waiting; the app keeps running
        event(view, host, "paths")
        await until(lambda: host.page_data().get("deep"))


async def test_a_hundred_toasts_at_once_are_not_an_error() -> None:
    async with fake_host(LOGIC) as (host, view):
        event(view, host, "toasts")
        await until(lambda: host.page_data().get("toasted"))
        await until(lambda: host.wx.ui.toasts_shown == 100)
        assert host.wx.ui.toast is not None and host.wx.ui.toast.title == "t99"
        assert not host.errors


async def test_a_background_switch_runs_page_and_app_hide_then_show() -> None:
    async with fake_host(EXAMPLES / "two-pages") as (host, _):
        await until(lambda: any(x.text == "home onReady" for x in host.console))
        host.wx.simulate_app_hide()
        await until(lambda: any(x.text == "home onHide" for x in host.console))
        host.wx.simulate_app_show()
        await until(lambda: [x for x in host.console if x.text == "home onShow"][1:])
        order = [x.text for x in host.console if x.level == "log"]
        assert order[order.index("home onReady") :] == [
            "home onReady", "home onHide", "app onShow", "home onShow",
        ]  # fmt: skip


async def test_a_composed_bubbling_event_crosses_component_boundaries() -> None:
    async with fake_host(LOGIC) as (host, view):
        event(view, host, "asComponent")
        page = await until(lambda: len(host.stack) == 2 and host.top)
        on_leaf = {"said": {"handler": "onLeaf", "capture": False, "catch": False}}
        for cid, owner, bindings in (("c50", page, on_leaf), ("c51", "c50", {})):
            view.emit({"t": "componentCreate", "id": cid, "owner": owner,
                       "path": "components/leaf/index", "props": {}, "bindings": bindings,
                       "dataset": {}, "slotted": False})  # fmt: skip
        await until(lambda: "c51" in host.tracker.data)
        event(view, host, "say", id="c51")  # not composed: no binding on c51, nothing happens
        event(view, host, "sayFar", id="c51")
        assert await until(lambda: host.page_data().get("leafSaid")) == "far"


async def test_next_tick_runs_after_the_current_code() -> None:
    async with fake_host(LOGIC) as (host, view):
        event(view, host, "ticks")
        assert await until(lambda: host.page_data().get("ticks")) == ["sync", "tick"]


async def test_a_page_that_does_not_parse_fails_the_start_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "app.json").write_text('{"pages": ["pages/a"]}', "utf-8")
    (tmp_path / "pages" / "a.js").write_text("Page({\n  data: {},\n  go() { if ( }\n});\n")
    with pytest.raises(PageLoadFailed) as caught:
        async with fake_host(tmp_path):
            pass
    assert "SyntaxError" in str(caught.value) and "(pages/a.js:3)" in str(caught.value)


async def test_a_bindinput_handler_returning_a_string_replaces_the_value() -> None:
    async with fake_host(LOGIC) as (host, view):
        view.emit({"t": "event", "id": host.top, "handler": "onTyped", "nodeRef": "n3",
                   "event": {"type": "input", "timeStamp": 1, "target": {}, "currentTarget": {},
                             "detail": {"value": "abc", "cursor": 3, "keyCode": 0}}})  # fmt: skip
        sent = await until(lambda: [m for m in view.received if m["t"] == "inputReturn"])
        # `typed`: the event's own text, so the view can tell a stale answer from a fresh one
        assert sent[0] == {"t": "inputReturn", "id": host.top, "nodeRef": "n3", "value": "ABC",
                           "typed": "abc"}  # fmt: skip
        view.emit({"t": "event", "id": host.top, "handler": "onMasked", "nodeRef": "n3",
                   "event": {"type": "input", "timeStamp": 1, "target": {}, "currentTarget": {},
                             "detail": {"value": "a1", "cursor": 2, "keyCode": 0}}})  # fmt: skip
        sent = await until(lambda: [m for m in view.received if m["t"] == "inputReturn"][1:])
        assert sent[0]["value"] == "a*" and sent[0]["cursor"] == 1 and sent[0]["typed"] == "a1"


async def test_set_data_names_the_last_keystroke_its_page_had_handled() -> None:
    # the view tells a late echo of typing from the page's own change by it
    async with fake_host(LOGIC) as (host, view):
        event(view, host, "paths")
        first = await until(lambda: [m for m in view.received if m["t"] == "setData"][-1:])
        assert "input" not in first[0]  # no keystroke yet
        typed = {"value": "x", "cursor": 1, "keyCode": 0}
        view.emit({"t": "event", "id": host.top, "handler": "onTyped", "nodeRef": "n3",
                   "inputSeq": 7, "event": {"type": "input", "timeStamp": 1, "target": {},
                                            "currentTarget": {}, "detail": typed}})  # fmt: skip
        await until(lambda: [m for m in view.received if m["t"] == "inputReturn"])
        event(view, host, "withCallback")
        later = await until(
            lambda: [m for m in view.received if m["t"] == "setData" and "step" in m["patch"]]
        )
        assert later[0]["input"] == 7
