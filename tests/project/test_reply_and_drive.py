"""Which text is the reply, and which elements a headless run types into and taps."""

from __future__ import annotations

from pathlib import Path

from simulator.project.drive import default_input, default_tap
from simulator.project.reply import ReplyTracker


def test_the_reply_is_the_string_that_grows_twice_not_a_one_off_change() -> None:
    t = ReplyTracker()
    t.reset(1, {"list": [], "scrollId": "", "draft": "你好"})
    t.start_run()
    first = t.apply(
        1, {"list": [{"text": "你好"}, {"text": ""}], "draft": "", "scrollId": "m1"}, "s1"
    )
    assert first == []
    assert t.apply(1, {"list[1].text": "收到", "scrollId": "m1"}, "s2") == []  # once: undecided
    grown = t.apply(1, {"list[1].text": "收到。好"}, "s3")
    assert [(g.delta, g.total, g.stamp) for g in grown] == [("收到", 2, "s2"), ("。好", 4, "s3")]
    assert [g.delta for g in t.apply(1, {"list[1].text": "收到。好的"}, "s4")] == ["的"]
    assert t.text == "收到。好的"


def test_a_reply_set_in_one_call_is_found_at_the_end() -> None:
    t = ReplyTracker()
    t.reset(1, {"answer": "", "topic": "x"})
    t.start_run()
    assert t.apply(1, {"answer": "整段回复"}, "s1") == []
    (held,) = t.end_run()
    assert (held.delta, held.stamp) == ("整段回复", "s1") and t.text == "整段回复"


def test_a_given_reply_path_wins() -> None:
    t = ReplyTracker(fixed_path="msgs[0].content")
    t.reset(1, {"msgs": [{"content": ""}], "status": ""})
    t.start_run()
    assert [g.delta for g in t.apply(1, {"status": "loading…", "msgs[0].content": "A"})] == ["A"]


def test_default_input_and_send_come_from_the_markup(tmp_path: Path) -> None:
    wxml = tmp_path / "index.wxml"
    wxml.write_text(
        '<view><button class="clear" bindtap="clear">清空</button>\n'
        '<textarea class="ask box" bindinput="onInput" />\n'
        '<view id="go" catchtap="handleSubmit">发送</view></view>',
        encoding="utf-8",
    )
    assert default_input(wxml) == "textarea.ask"
    assert default_tap(wxml) == "#go"
    wxml.write_text('<input bindinput="x"/><button bindtap="other">ok</button>', "utf-8")
    assert default_input(wxml) == "input" and default_tap(wxml) == "button"
