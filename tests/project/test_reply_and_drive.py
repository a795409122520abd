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


def test_a_placeholder_replaced_by_the_first_chunk_counts_that_chunk() -> None:
    """Both framework fixtures show "…" until the first chunk replaces it."""
    t = ReplyTracker()
    t.reset(1, {"list": [], "status": "idle"})
    t.start_run()
    assert t.apply(1, {"list[0]": {"text": "…"}, "status": "sending"}, "s1") == []
    assert t.apply(1, {"list[0].text": "收到", "status": "streaming"}, "s2") == []
    assert t.apply(1, {"list[0].text": "收到。"}, "s3") == []
    grown = t.apply(1, {"list[0].text": "收到。好"}, "s4")
    assert [(g.delta, g.stamp) for g in grown] == [("收到", "s2"), ("。", "s3"), ("好", "s4")]
    assert t.text == "收到。好"


def test_a_string_cut_back_and_grown_again_is_never_counted_twice() -> None:
    """A framework re-rendering the text (seen once on a busy machine with Taro: the run's
    text read "收到。模拟…字" + "模拟…" while the page showed the reply once): the growth before
    the cut is no longer on screen, so the run's text is what the page shows, exactly."""
    t = ReplyTracker()
    t.reset(1, {"list": [{"text": "…"}]})
    t.start_run()
    assert t.apply(1, {"list[0].text": "收到。"}, "s1") == []  # the placeholder's first chunk
    assert t.apply(1, {"list[0].text": "收到。模拟后端"}, "s2") == []  # grew once
    assert t.apply(1, {"list[0].text": "收到。"}, "s3") == []  # cut back by a re-render
    assert t.apply(1, {"list[0].text": "收到。模拟"}, "s4") == []  # grows again: once
    grown = t.apply(1, {"list[0].text": "收到。模拟后端会"}, "s5")
    assert "".join(g.delta for g in grown) == "收到。模拟后端会" == t.text
    assert [g.stamp for g in grown] == ["s3", "s4", "s5"]


def test_a_reply_set_in_one_call_is_found_at_the_end() -> None:
    t = ReplyTracker()
    t.reset(1, {"answer": "", "topic": "x"})
    t.start_run()
    assert t.apply(1, {"answer": "整段回复"}, "s1") == []
    (held,) = t.end_run()
    assert (held.delta, held.stamp) == ("整段回复", "s1") and t.text == "整段回复"


def test_a_reply_left_empty_is_named_not_a_scroll_id_that_grew_once() -> None:
    """PC: the body comes in `success`, which the example ignores; review finding 1."""
    t = ReplyTracker()
    t.reset(1, {"chatList": [], "scrollId": "", "inputValue": "你好"})
    t.start_run()
    new = [{"msgId": "msg0", "type": "user", "text": "你好"}, {"msgId": "msg1", "text": ""}]
    assert t.apply(1, {"chatList": new, "inputValue": "", "scrollId": "msg1"}, "s1") == []
    assert t.end_run() == []
    assert t.text == "" and t.stayed_empty and t.reply_key() == "chatList[1].text"
    assert "stayed empty at data.chatList[1].text" in t.no_reply_reason()


def test_a_one_piece_reply_in_the_new_message_wins_over_a_longer_one_off() -> None:
    t = ReplyTracker()
    t.reset(1, {"chatList": [], "scrollId": ""})
    t.start_run()
    t.apply(1, {"chatList": [{"text": "你好"}, {"text": ""}], "scrollId": "msg1"}, "s1")
    assert t.apply(1, {"chatList[1].text": "好"}, "s2") == []
    (held,) = t.end_run()
    assert (held.delta, held.stamp) == ("好", "s2") and t.reply_key() == "chatList[1].text"
    assert not t.stayed_empty


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


def test_a_body_that_came_whole_in_success_is_the_replys_arrival_and_bytes() -> None:
    """PC hands the body over in `success`: its bytes count, and the text set from it arrived
    then (review finding 1: "1st byte" with 0 bytes/reply)."""
    from simulator.project.recorder import RunRecorder, RunState
    from simulator.transports import events as run_ev
    from simulator.wx import events as wx_ev

    events: list[object] = []
    rec = RunRecorder(None)
    rec.tracker.reset(1, {"list": []})
    rec.start(RunState(0, events.append))
    rec.set_data({"id": 1, "seq": 1, "at": 1.0, "patch": {"list": [{"text": ""}]}})
    rec.wx_event(wx_ev.TaskStarted(7, 1.1, "request", "POST", "http://x/chat"))
    rec.wx_event(wx_ev.TaskCompleted(7, 2.0, 200, 480))
    rec.set_data({"id": 1, "seq": 2, "at": 2.1, "patch": {"list[0].text": "整段回复"}})
    rec.finish()
    (chunk,) = [e for e in events if isinstance(e, run_ev.ChunkReceived)]
    assert (chunk.at, chunk.text, chunk.nbytes) == (2.0, "整段回复", 480)


def test_bytes_that_never_showed_as_text_still_count() -> None:
    from simulator.project.recorder import RunRecorder, RunState
    from simulator.transports import events as run_ev
    from simulator.wx import events as wx_ev

    events: list[object] = []
    rec = RunRecorder(None)
    rec.tracker.reset(1, {"list": [], "scrollId": ""})
    rec.start(RunState(0, events.append))
    patch = {"list": [{"text": ""}], "scrollId": "msg1"}
    rec.set_data({"id": 1, "seq": 1, "at": 1.0, "patch": patch})
    rec.wx_event(wx_ev.TaskStarted(7, 1.1, "request", "POST", "http://x/chat"))
    rec.wx_event(wx_ev.TaskCompleted(7, 2.0, 200, 480))
    rec.finish()
    assert not [e for e in events if isinstance(e, run_ev.ChunkReceived)]  # not "msg1"
    (moved,) = [e for e in events if isinstance(e, run_ev.EmptyResponseReceived)]
    assert moved.nbytes == 480
