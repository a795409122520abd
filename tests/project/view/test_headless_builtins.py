"""Built-in components' attributes and events in the headless view."""

from __future__ import annotations

from typing import Any

from tests.project.view.harness import FEATURES, booted, open_page

ROUTE = "pages/widgets/index"
DATA: dict[str, Any] = {
    "html": '<p class="x" onclick="evil()">para <b>bold</b></p><script>bad()</script>',
    "nodes": [{"name": "div", "attrs": {"style": "width: 750rpx"}, "children": [
        {"type": "text", "text": "from &lt;nodes&gt;"}]}, {"name": "marquee", "children": []}],
    "who": "me",
}  # fmt: skip


async def test_text_decode_space_and_rich_text() -> None:
    async with booted(FEATURES) as (view, logic):
        await open_page(view, logic, ROUTE, DATA)
        assert (await view.query("#decode", ["text"]))["text"] == "a\u00a0<b>&"
        assert (await view.query("#space", ["text"]))["text"] == "a\u2002\u2002b"
        assert (await view.query("#rich-str", ["text"]))["text"] == "para bold"
        html = (await view.query("#rich-str", ["html"]))["html"]
        assert html == '<p class="x">para <b>bold</b></p>'  # no handlers, no scripts
        arr = await view.query("#rich-arr", ["text"])
        assert arr["text"] == "from <nodes>"  # marquee is not supported: dropped
        warn = await logic.wait_for(lambda m: m["t"] == "warn")
        assert "fancy-thing" in warn["message"] and warn["file"] == "pages/widgets/index.wxml"


async def test_form_submit_collects_fields_and_toggles_fire_change() -> None:
    async with booted(FEATURES) as (view, logic):
        await open_page(view, logic, ROUTE, DATA)
        await view.ask({"t": "tap", "selector": "switch"})
        change = await logic.wait_for(lambda m: m["t"] == "event" and m["handler"] == "onSwitch")
        assert change["event"]["detail"] == {"value": False}
        await view.ask({"t": "tap", "selector": "#label-b"})  # a label toggles its checkbox
        fruits = await logic.wait_for(lambda m: m["t"] == "event" and m["handler"] == "onFruits")
        assert fruits["event"]["detail"] == {"value": ["a", "b"]}
        await view.ask({"t": "input", "selector": "#form input", "value": "you"})
        await view.ask({"t": "tap", "selector": "#submit"})
        submit = await logic.wait_for(lambda m: m["t"] == "event" and m["handler"] == "onSubmit")
        assert submit["event"]["detail"]["value"] == {
            "who": "you",
            "on": False,
            "fruits": ["a", "b"],
        }
        assert submit["event"]["target"]["id"] == "form"


async def test_navigator_icon_image_and_textarea_maxlength() -> None:
    async with booted(FEATURES) as (view, logic):
        await open_page(view, logic, ROUTE, DATA)
        await view.ask({"t": "tap", "selector": "#nav"})
        nav = await logic.wait_for(lambda m: m["t"] == "navigate")
        assert nav == {"t": "navigate", "id": 1, "url": "/pages/main/index?x=1",
                       "openType": "redirect", "delta": 1}  # fmt: skip
        icon = await view.query("#icon", ["style", "text"])
        assert "font-size:30px" in icon["style"].replace(" ", "") and icon["text"] == "\u2714"
        img = (await view.query("#img", ["html"]))["html"]
        assert 'src="img/a.png"' in img and "object-fit:cover" in img.replace(" ", "")
        await view.ask({"t": "input", "selector": "#ta", "value": "123456789"})
        ta = await logic.wait_for(lambda m: m["t"] == "event" and m["handler"] == "onTa")
        assert ta["event"]["detail"]["value"] == "12345"
