"""WXML features through the headless view: conditions, templates, WXS, components, rpx, events."""

from __future__ import annotations

import re
from typing import Any

from tests.project.view.harness import FEATURES, booted, open_page

ROUTE = "pages/main/index"
CARD = "components/card/index"


def _data(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "level": 2, "count": 3, "word": "hello", "title": "T1", "boxRpx": 300, "showCard": True,
    }  # fmt: skip
    data.update(over)
    return data


async def test_if_elif_else_switches_branches() -> None:
    async with booted(FEATURES) as (view, logic):
        await open_page(view, logic, ROUTE, _data(level=2))
        assert (await view.query("#cond", ["text"]))["text"] == "big"
        await logic.set_and_wait(1, {"level": 1})
        assert (await view.query("#cond", ["text"]))["text"] == "one"
        assert await view.query(".big", ["id"]) is None
        await logic.set_and_wait(1, {"level": 0})
        assert (await view.query("#cond", ["wxml"]))["wxml"] == '<view class="zero">zero</view>'


async def test_template_import_include_and_wxs_module() -> None:
    async with booted(FEATURES) as (view, logic):
        await open_page(view, logic, ROUTE, _data())
        assert (await view.query("#tpl", ["text"]))["text"] == "apple×3"
        assert (await view.query("#header", ["text"]))["text"] == "Header: T1"
        assert (await view.query("#wxs", ["text"]))["text"] == "HELLO!"
        await logic.set_and_wait(1, {"count": 4, "word": "wxs"})
        assert (await view.query("#tpl", ["text"]))["text"] == "apple×4"
        assert (await view.query("#wxs", ["text"]))["text"] == "WXS!"


async def test_component_with_slots_props_and_trigger_event_bindings() -> None:
    async with booted(FEATURES) as (view, logic):
        await open_page(view, logic, ROUTE, _data())
        create = logic.of("componentCreate")[0]
        assert create["path"] == CARD and create["owner"] == 1
        assert create["props"] == {"title": "T1", "customClass": "hl"}
        assert create["bindings"]["pick"]["handler"] == "onPick"
        assert create["dataset"] == {"k": "v"} and create["slotted"] is True
        cid = create["id"]
        # the page's firstRender waits for its component's
        order = [m["id"] for m in logic.of("firstRender")]
        assert order == [cid, 1]
        card = await view.query("#card", ["text", "instance"])
        assert card["instance"] == cid
        assert card["text"] == "T1\nslot body T1\nfoot\npick"
        # the named slot's content sits in the component's footer
        footer = await view.query(".footer", ["text"], id=cid)
        assert footer == {"text": "foot"}
        # a tap inside the component goes to the component's method
        await view.ask({"t": "tap", "selector": ".pick"})
        ev = await logic.wait_for(lambda m: m["t"] == "event" and m["handler"] == "pick")
        assert ev["id"] == cid and ev["event"]["type"] == "tap"
        # a prop change is sent; the slot content (owner's) is patched by the owner's render
        await logic.set_and_wait(1, {"title": "T2"})
        props = await logic.wait_for(lambda m: m["t"] == "componentProps")
        assert props == {
            "t": "componentProps",
            "id": cid,
            "props": {"title": "T2", "customClass": "hl"},
        }
        assert "slot body T2" in (await view.query("#card", ["text"]))["text"]
        # props from a setData that had seen keystroke 4 say so (a typed-into component's echo)
        await logic.set_and_wait(1, {"title": "T3"}, input=4)
        props = logic.of("componentProps")[-1]
        assert props["props"]["title"] == "T3" and props["input"] == 4
        await logic.set_and_wait(1, {"title": "T2"})
        # the component's own setData re-renders its template only
        await logic.set_and_wait(cid, {"title": "inner"})
        assert (await view.query(".title", ["text"], id=cid))["text"] == "inner"
        await logic.set_and_wait(1, {"showCard": False})
        detach = await logic.wait_for(lambda m: m["t"] == "componentDetach")
        assert detach["id"] == cid


async def test_component_styles_are_isolated_by_class_prefix() -> None:
    async with booted(FEATURES) as (view, logic):
        await open_page(view, logic, ROUTE, _data())
        css = (await view.ask({"t": "styles"}))["value"]
        prefix = "components-card-index--"
        assert f".{prefix}card" in css[CARD]
        title = await view.query(".title", ["attributes"], all=True)
        assert title == []  # the page's selector does not see into the component
        cid = logic.of("componentCreate")[0]["id"]
        inner = await view.query(".title", ["attributes"], id=cid)
        assert inner["attributes"]["class"] == "title"


async def test_rpx_at_two_device_widths() -> None:
    seen: dict[int | str, tuple[float, str]] = {}
    for width in (375, 414):
        device = {"windowWidth": width, "windowHeight": 800, "pixelRatio": 3}
        async with booted(FEATURES, device) as (view, logic):
            await open_page(view, logic, ROUTE, _data(boxRpx=300))
            css = (await view.ask({"t": "styles"}))["value"][ROUTE]
            inline = (await view.query("#box", ["style"]))["style"]
            height = re.search(r"\.box\s*\{\s*height:\s*([\d.]+)px", css)
            assert height is not None
            seen[width] = (float(height[1]), inline)
            if width == 375:  # the device preset changes while the page is open
                view.post({"t": "device", "device": {**device, "windowWidth": 414}})
                css = (await view.ask({"t": "styles"}))["value"][ROUTE]
                inline = (await view.query("#box", ["style"]))["style"]
                height = re.search(r"\.box\s*\{\s*height:\s*([\d.]+)px", css)
                assert height is not None
                seen["375→414"] = (float(height[1]), inline)
    # 100rpx and 300rpx: floor(n / 750 * width) as the platform rounds
    assert seen[375] == (50.0, "width: 150px")
    assert seen["375→414"] == (55.0, "width: 165px")
    assert seen[414] == (55.0, "width: 165px")


async def test_bind_catch_dataset_and_mark() -> None:
    async with booted(FEATURES) as (view, logic):
        await open_page(view, logic, ROUTE, _data())
        await view.ask({"t": "tap", "selector": "#inner"})
        await view.ask({"t": "tap", "selector": "#plain"})
        taps = [m for m in logic.of("event") if m["event"]["type"] == "tap"]
        assert [m["handler"] for m in taps] == ["onInner", "onOuter"]  # catchtap stopped the first
        inner = taps[0]["event"]
        assert inner["target"]["id"] == "inner" and inner["target"]["dataset"] == {"level": "inner"}
        assert inner["mark"] == {"which": "inner", "from": "outer"}
        outer = taps[1]["event"]
        assert outer["target"]["id"] == "plain" and outer["target"]["dataset"] == {"xY": "1"}
        assert outer["currentTarget"]["id"] == "outer"
        assert outer["currentTarget"]["dataset"] == {"level": "outer"}


async def test_external_classes_and_apply_shared() -> None:
    async with booted(FEATURES) as (view, logic):
        logic.component_options[CARD] = {
            "options": {"styleIsolation": "apply-shared"}, "externalClasses": ["custom-class"],
        }  # fmt: skip
        await open_page(view, logic, ROUTE, _data())
        cid = logic.of("componentCreate")[0]["id"]
        prefix = "components-card-index--"
        root = await view.query(".card", ["html", "outerWxml"], id=cid)
        assert root is not None
        # the page's class "hl" given as custom-class lands on the component's root element
        html = await view.query("#card", ["html"])
        assert f'class="{prefix}card card hl"' in html["html"]
        # apply-shared: the page's selector reaches the component's own class too
        assert await view.query(".title", ["id"], all=True) == [{"id": ""}]


async def test_long_press_fires_longpress_and_no_tap_when_handled() -> None:
    async with booted(FEATURES) as (view, logic):
        await open_page(view, logic, "pages/widgets/index", {"html": "", "nodes": [], "who": ""})
        await view.ask({"t": "tap", "selector": "#lp", "long": True})
        await view.ask({"t": "tap", "selector": "#lp"})
        kinds = [(m["event"]["type"], m["handler"]) for m in logic.of("event")]
        assert kinds == [
            ("touchstart", "onTouch"), ("longpress", "onLong"), ("touchend", "onTouch"),
            ("touchstart", "onTouch"), ("touchend", "onTouch"), ("tap", "onTap"),
        ]  # fmt: skip


async def test_wxml_tree_shows_components_with_their_template_and_slot_content() -> None:
    async with booted(FEATURES) as (view, logic):
        await open_page(view, logic, ROUTE, _data())
        tree = (await view.ask({"t": "tree"}))["value"]
        card = next(n for n in tree if n.get("tag") == "card")
        assert card["component"]["path"] == CARD
        root = card["children"][0]
        assert root["tag"] == "view" and root["attrs"]["class"] == "card custom-class"
        slot = next(n for n in root["children"] if n.get("tag") == "slot")
        assert slot["children"][0]["attrs"]["class"] == "slotted"
        assert slot["children"][0]["children"] == [{"text": "slot body T1"}]
        answer = await view.ask({"t": "highlight", "nid": slot["children"][0]["nid"]})
        assert answer["ok"] is True
        assert (await view.ask({"t": "highlight", "nid": None}))["ok"] is True


async def test_template_warnings_reach_the_host_once() -> None:
    async with booted(FEATURES) as (view, logic):
        await open_page(view, logic, "pages/widgets/index", {"html": "", "nodes": [], "who": ""})
        for n in range(3):
            await logic.set_and_wait(1, {"who": f"w{n}"})
        logs = [m for m in logic.of("log") if m["message"].startswith("WXMLRT_")]
        assert any("wx:key" in m["message"] for m in logs)  # the wx:for in #nokey has none
        assert len({m["message"] for m in logs}) == len(logs)
