"""The native chat page rendered by the headless view: keyed lists, input, loading, scrolling."""

from __future__ import annotations

import os
import signal
from typing import Any

import pytest

from simulator.project.view.port import Message, ViewError
from tests.project.view.harness import CHAT, booted, open_page

ROUTE = "pages/chat/index"


def _chat(n: int) -> dict[str, Any]:
    messages = [
        {"id": i, "role": "user" if i % 2 == 0 else "assistant", "content": f"message {i}"}
        for i in range(n)
    ]
    return {"messages": messages, "inputValue": "", "loading": False, "scrollId": ""}


async def test_streamed_reply_updates_one_text_node_not_the_list() -> None:
    async with booted(CHAT) as (view, logic):
        await open_page(view, logic, ROUTE, _chat(40))
        assert "message 39" in await view.text()
        await logic.set_and_wait(
            1, {"messages[40]": {"id": 40, "role": "assistant", "content": ""}}
        )
        reply = ""
        for piece in ["你好", "，我是", " AI。", "\n\n第二段  两个空格"]:
            reply += piece
            done = await logic.set_and_wait(1, {"messages[40].content": reply})
            assert done["textChanged"] is True
            assert done["mutations"] == 1  # one text node written, nothing else touched
        text = await view.text()
        assert text.endswith("你好，我是 AI。\n\n第二段  两个空格\n发送")
        assert "message 0" in text


async def test_keyed_items_keep_their_elements_when_one_is_inserted_first() -> None:
    async with booted(CHAT) as (view, logic):
        await open_page(view, logic, ROUTE, _chat(5))
        items = [{"id": 99, "role": "user", "content": "first"}, *_chat(5)["messages"]]
        done = await logic.set_and_wait(1, {"messages": items})
        # the new item: 2 elements, 3 attributes, 1 text node, 3 insertions; re-creating the
        # five old items would be 9 writes each
        assert done["mutations"] <= 9
        ids = await view.query(".bubble", ["id"], all=True)
        assert [x["id"] for x in ids] == ["msg-99", "msg-0", "msg-1", "msg-2", "msg-3", "msg-4"]


async def test_empty_state_by_wx_if_and_the_loading_button() -> None:
    async with booted(CHAT) as (view, logic):
        await open_page(view, logic, ROUTE, _chat(0))
        assert "向我提问吧" in await view.text()
        await logic.set_and_wait(1, {"loading": True, "messages": _chat(1)["messages"]})
        text = await view.text()
        assert "向我提问吧" not in text
        button = await view.query("button", ["attributes", "wxml"])
        assert button["attributes"]["loading"] is True
        html = await view.query(".send", ["outerWxml"])
        assert html["outerWxml"].startswith("<button")
        tap = await view.ask({"t": "tap", "selector": ".send"})
        assert tap["ok"] is True
        # a disabled button does not fire tap
        assert not [m for m in logic.of("event") if m["event"]["type"] == "tap"]
        await logic.set_and_wait(1, {"loading": False})
        bindings = await view.query("button", ["bindings"])
        assert bindings == {"bindings": {"tap": "send"}}
        assert (await view.ask({"t": "tap", "handler": "nope"}))["ok"] is False
        await view.ask({"t": "tap", "handler": "send"})  # the element whose tap runs send()
        tap_event = await logic.wait_for(
            lambda m: m["t"] == "event" and m["event"]["type"] == "tap"
        )
        assert tap_event["handler"] == "send" and tap_event["id"] == 1


async def test_input_event_set_data_and_value() -> None:
    async with booted(CHAT) as (view, logic):

        def on_input(msg: Message) -> None:
            logic.set_data(1, {"inputValue": msg["event"]["detail"]["value"]})

        logic.handlers["onInput"] = on_input
        await open_page(view, logic, ROUTE, _chat(0))
        answer = await view.ask({"t": "input", "selector": ".input", "value": "讲个笑话"})
        assert answer["ok"] is True
        event = await logic.wait_for(lambda m: m["t"] == "event" and m["handler"] == "onInput")
        detail = event["event"]["detail"]
        assert detail["value"] == "讲个笑话" and detail["cursor"] == 4 and "keyCode" in detail
        await logic.wait_for(lambda m: m["t"] == "applied")
        assert (await view.query(".input", ["value"]))["value"] == "讲个笑话"
        # the page clears its input after sending: the value follows the data
        await logic.set_and_wait(1, {"inputValue": ""})
        assert (await view.query(".input", ["value"]))["value"] == ""
        confirm = await view.ask(
            {"t": "input", "selector": ".input", "value": "hi", "confirm": True}
        )
        assert confirm["ok"] is True
        sent = await logic.wait_for(lambda m: m["t"] == "event" and m["event"]["type"] == "confirm")
        assert sent["handler"] == "send" and sent["event"]["detail"] == {"value": "hi"}
        # a bindinput handler that returns a string sets the input's value
        ref = event["nodeRef"]
        view.post({"t": "inputReturn", "id": 1, "nodeRef": ref, "value": "HI!", "typed": "hi"})
        assert (await view.query(".input", ["value"]))["value"] == "HI!"


async def test_scroll_into_view_follows_the_data() -> None:
    async with booted(CHAT) as (view, logic):
        await open_page(view, logic, ROUTE, _chat(10))
        await logic.set_and_wait(1, {"scrollId": "msg-9"})
        sv = await view.query("scroll-view", ["scrollIntoView"])
        assert sv["scrollIntoView"] == "msg-9"
        await logic.set_and_wait(1, {"scrollId": "msg-nope"})  # no such element: stays put
        sv = await view.query("scroll-view", ["scrollIntoView"])
        assert sv["scrollIntoView"] == "msg-9"


async def test_node_limit_reports_the_platform_message_and_the_view_keeps_working() -> None:
    async with booted(CHAT) as (view, logic):
        await open_page(view, logic, ROUTE, _chat(2))
        many = [{"id": i, "role": "user", "content": "x"} for i in range(10_000)]
        done = await logic.set_and_wait(1, {"messages": many})
        assert done["error"].startswith("Dom limit exceeded")
        err = await logic.wait_for(lambda m: m["t"] == "error")
        assert err["file"] == "pages/chat/index.wxml"
        done = await logic.set_and_wait(1, {"messages": _chat(3)["messages"]})
        assert "error" not in done
        assert "message 2" in await view.text()


async def test_a_compile_error_is_shown_over_the_page_and_hidden_again() -> None:
    async with booted(CHAT) as (view, logic):
        await open_page(view, logic, ROUTE, _chat(1))
        where = {"file": "pages/chat/index.wxml", "line": 3, "column": 5}
        view.post({"t": "showError", "message": "expect end-tag `text`.", **where})
        assert await view.text() == "pages/chat/index.wxml:3:5\nexpect end-tag `text`."
        view.post({"t": "showError", "message": None})
        assert "message 0" in await view.text()


async def test_a_view_process_that_dies_is_reported_as_a_fatal_error() -> None:
    async with booted(CHAT) as (view, logic):
        await open_page(view, logic, ROUTE, _chat(1))
        assert view.pid is not None
        os.kill(view.pid, signal.SIGKILL)
        err = await logic.wait_for(lambda m: m["t"] == "error" and m.get("fatal") is True)
        assert "the headless view ended" in err["message"]
        with pytest.raises(ViewError):
            await view.text()


@pytest.mark.parametrize("returns", [True, False], ids=["uni-v-model", "set-data-only"])
async def test_late_batched_echoes_of_typing_keep_every_key_and_a_clear_still_clears(
    returns: bool,
) -> None:
    # uni-app's v-model: each keystroke's handler returns the typed text (an inputReturn) and
    # the data change goes out as one batched setData; both reach the view keystrokes late
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    async with booted(CHAT) as (view, logic):
        handled: list[Message] = []
        logic.handlers["onInput"] = handled.append
        await open_page(view, logic, ROUTE, _chat(0))

        def answer(events: list[Message]) -> int:
            for ev in events if returns else []:
                typed = ev["event"]["detail"]["value"]
                view.post({"t": "inputReturn", "id": 1, "nodeRef": ev["nodeRef"],
                           "value": typed, "typed": typed})  # fmt: skip
            last = events[-1]
            return logic.set_data(1, {"inputValue": last["event"]["detail"]["value"]},
                           input=last.get("inputSeq", 0))  # fmt: skip

        answered = 0
        for i, key in enumerate(alphabet):
            # a key press adds to what the input shows now (as a keyboard does)
            shown = (await view.query(".input", ["value"]))["value"]
            await view.ask({"t": "input", "selector": ".input", "value": shown + key})
            await logic.wait_for(lambda m, n=i + 1: m["t"] == "event" and len(handled) >= n)
            if len(handled) - answered >= 4:  # three keystrokes behind, three at a time
                answer(handled[answered : answered + 3])
                answered += 3
        await logic.applied(1, answer(handled[answered:]))
        assert (await view.query(".input", ["value"]))["value"] == alphabet
        # the page clears its input after sending: not an echo, applied
        await logic.set_and_wait(1, {"inputValue": ""})
        assert (await view.query(".input", ["value"]))["value"] == ""


async def test_a_bindinput_return_that_changes_the_text_applies_unless_typing_went_on() -> None:
    async with booted(CHAT) as (view, logic):
        handled: list[Message] = []
        logic.handlers["onInput"] = handled.append
        await open_page(view, logic, ROUTE, _chat(0))

        def upper(ev: Message) -> None:
            typed = ev["event"]["detail"]["value"]
            view.post({"t": "inputReturn", "id": 1, "nodeRef": ev["nodeRef"],
                       "value": typed.upper(), "typed": typed})  # fmt: skip

        await view.ask({"t": "input", "selector": ".input", "value": "x"})
        await logic.wait_for(lambda m: len(handled) == 1)
        upper(handled[0])
        assert (await view.query(".input", ["value"]))["value"] == "X"
        for value in ("Xy", "Xyz"):
            await view.ask({"t": "input", "selector": ".input", "value": value})
        await logic.wait_for(lambda m: len(handled) == 3)
        upper(handled[1])  # for "Xy", now stale: the answer for "Xyz" follows
        assert (await view.query(".input", ["value"]))["value"] == "Xyz"
        upper(handled[2])
        assert (await view.query(".input", ["value"]))["value"] == "XYZ"
        # the page's setData of a value it made itself applies, the person's text or not
        await logic.set_and_wait(1, {"inputValue": "XYZ!"})
        assert (await view.query(".input", ["value"]))["value"] == "XYZ!"


async def test_page_scroll_to_is_answered_so_the_page_gets_success() -> None:
    # pageScrollTo waits for this answer: without it every call failed after the view timeout
    async with booted(CHAT) as (view, logic):
        await open_page(view, logic, ROUTE, _chat(3))
        done = await view.ask({"t": "scrollTo", "id": 1, "scrollTop": 100000, "duration": 0}, 5)
        assert done["t"] == "done" and done["ok"] is True
        gone = await view.ask({"t": "scrollTo", "id": 999, "scrollTop": 0, "duration": 0}, 5)
        assert gone["ok"] is False
