"""The transport fixes a literal Spring backend and an OpenAI server call for, end to end."""

from __future__ import annotations

from dataclasses import replace

from simulator.transports import (
    ReplyCompleted,
    RunFailed,
    TransportNote,
    create_transport,
    openai_profile,
    spring_profile,
)
from simulator.verdict import Status, judge
from simulator.wx import WxRuntime
from tests.doubles import openai_min
from tests.doubles.serve import ThreadServer
from tests.doubles.spring_double import reply_text
from tests.probe.conftest import run_to_end


def _end(timeline: object) -> ReplyCompleted | RunFailed:
    last = timeline.events[-1]  # type: ignore[attr-defined]
    assert isinstance(last, ReplyCompleted | RunFailed)
    return last


def _notes(timeline: object) -> list[str]:
    return [e.message for e in timeline.events if isinstance(e, TransportNote)]  # type: ignore[attr-defined]


async def test_chunked_sends_request_params_as_spring_reads_them(
    wx: WxRuntime, literal: ThreadServer
) -> None:
    profile = spring_profile(literal.base_url)
    timeline = await run_to_end(create_transport("chunked", wx, profile))
    end = _end(timeline)
    assert isinstance(end, ReplyCompleted), end
    assert end.text == reply_text("你好")


async def test_form_params_work_too(wx: WxRuntime, literal: ThreadServer) -> None:
    base = spring_profile(literal.base_url)
    assert base.chunked is not None
    profile = replace(base, chunked=replace(base.chunked, params="form"))
    end = _end(await run_to_end(create_transport("chunked", wx, profile)))
    assert isinstance(end, ReplyCompleted) and end.text == reply_text("你好")


async def test_json_body_to_request_param_endpoint_fails_with_springs_reason(
    wx: WxRuntime, literal: ThreadServer
) -> None:
    base = spring_profile(literal.base_url)
    assert base.chunked is not None
    profile = replace(base, chunked=replace(base.chunked, params="json"))
    end = _end(await run_to_end(create_transport("chunked", wx, profile)))
    assert isinstance(end, RunFailed)
    assert "HTTP 400" in end.error and "Required request parameter 'message'" in end.error


async def test_download_405_explains_the_get_only_rule(
    wx: WxRuntime, literal: ThreadServer
) -> None:
    end = _end(await run_to_end(create_transport("download", wx, spring_profile(literal.base_url))))
    assert isinstance(end, RunFailed)
    assert "HTTP 405" in end.error and "not supported" in end.error
    assert "downloadFile can only GET" in end.error


async def test_socket_close_1000_after_text_is_a_complete_reply(
    wx: WxRuntime, lenient_close: ThreadServer
) -> None:
    profile = replace(spring_profile(lenient_close.base_url), ws_idle_end_s=None)
    timeline = await run_to_end(create_transport("websocket", wx, profile))
    end = _end(timeline)
    assert isinstance(end, ReplyCompleted), end
    assert end.text == reply_text("你好")
    assert any("close 1000" in n for n in _notes(timeline))


async def test_socket_without_end_marker_ends_by_silence_with_a_note(
    wx: WxRuntime, silent: ThreadServer
) -> None:
    profile = replace(spring_profile(silent.base_url), ws_idle_end_s=0.5)
    timeline = await run_to_end(create_transport("websocket", wx, profile))
    end = _end(timeline)
    assert isinstance(end, ReplyCompleted), end
    assert end.text == reply_text("你好")
    assert any("ended by silence" in n for n in _notes(timeline))


async def test_longpoll_against_a_server_ignoring_the_cursor_switches_to_snapshots(
    wx: WxRuntime, literal: ThreadServer
) -> None:
    # Not told (poll_cursor None): the transport must notice by itself.
    profile = replace(spring_profile(literal.base_url), poll_cursor=None)
    transport = create_transport("longpoll", wx, profile, interval_s=0.05)
    timeline = await run_to_end(transport)
    end = _end(timeline)
    assert isinstance(end, ReplyCompleted), end
    assert end.text == reply_text("你好")
    assert any("ignores the cursor" in n for n in _notes(timeline))
    assert judge(timeline.events, reply_text("你好")).status is Status.EXACT


async def test_openai_run_ends_at_done_although_the_connection_stays_open(
    wx: WxRuntime, openai: ThreadServer
) -> None:
    profile = openai_profile(openai.base_url, model="mini")
    end = _end(await run_to_end(create_transport("chunked", wx, profile), timeout=10))
    assert isinstance(end, ReplyCompleted), end
    assert end.text == openai_min.REPLY
