"""The SSE push parser: events come out whole whatever the piece boundaries."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from simulator.transports.sse import SseEvent, SseParser

STREAM = (
    ": keep-alive\r\n"
    "id: 0\r\ndata: 你好\r\n\r\n"
    "event: note\ndata: line one\ndata: line two\n\n"
    "data:no-space\rretry: 10\r\r"
    "event: done\ndata: [DONE]\n\n"
)
EXPECTED = [
    SseEvent("message", "你好", "0"),
    SseEvent("note", "line one\nline two"),
    SseEvent("message", "no-space"),
    SseEvent("done", "[DONE]"),
]


def feed_split(text: str, cuts: list[int]) -> list[SseEvent]:
    parser = SseParser()
    events: list[SseEvent] = []
    last = 0
    for cut in sorted(set(cuts)):
        events += parser.feed(text[last:cut])
        last = cut
    events += parser.feed(text[last:])
    return events


def test_whole_stream_gives_every_event_in_order() -> None:
    assert SseParser().feed(STREAM) == EXPECTED


@given(st.lists(st.integers(min_value=0, max_value=len(STREAM)), max_size=30))
def test_any_split_gives_the_same_events(cuts: list[int]) -> None:
    assert feed_split(STREAM, cuts) == EXPECTED


def test_one_character_at_a_time_gives_the_same_events() -> None:
    assert feed_split(STREAM, list(range(len(STREAM)))) == EXPECTED


def test_crlf_split_between_pieces_is_one_line_end() -> None:
    parser = SseParser()
    assert parser.feed("data: a\r") == []
    assert parser.feed("\n") == []
    assert parser.feed("\r") == [SseEvent("message", "a")]
    assert parser.feed("\n") == []  # the LF of that CRLF, not a second blank line


def test_unterminated_event_is_not_dispatched_and_close_reports_it() -> None:
    parser = SseParser()
    assert parser.feed("data: half") == []
    assert parser.close() is True


def test_event_without_data_is_not_dispatched() -> None:
    parser = SseParser()
    assert parser.feed("event: ping\n\n") == []
    assert parser.close() is False
