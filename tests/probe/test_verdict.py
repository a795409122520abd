"""Verdicts: structural checks that hold on any backend, exact and cross-run comparison."""

from __future__ import annotations

from simulator.metrics.arrival import judge_arrival
from simulator.transports.events import (
    ChunkReceived,
    MessageSent,
    ReplyCompleted,
    RunEvent,
    RunFailed,
    TransportNote,
)
from simulator.verdict import Kind, Status, compare_across, judge


def _run(*chunks: str, end: str = "done", wire: int | None = None) -> list[RunEvent]:
    events: list[RunEvent] = [MessageSent(0.0, "x", "hi")]
    for i, text in enumerate(chunks):
        nbytes = len(text.encode()) if wire is None else wire
        events.append(ChunkReceived(0.1 * (i + 1), text, nbytes))
    text = "".join(chunks)
    events.append(ReplyCompleted(1.0, text) if end == "done" else RunFailed(1.0, end, text))
    return events


def test_exact_and_text_differs() -> None:
    assert judge(_run("ab", "cd"), "abcd").status is Status.EXACT
    wrong = judge(_run("ab", "cx"), "abcd")
    assert wrong.status is Status.FAILED and wrong.kind is Kind.TEXT_DIFFERS
    assert "char 3" in wrong.why


def test_streamed_pieces_that_do_not_join_to_the_final_text_are_never_exact() -> None:
    """What streamed in (counted twice, say) is what the person saw: the final text being the
    backend's does not make such a run exact."""
    events = _run("收到。模拟", "模拟后端")
    events[-1] = ReplyCompleted(1.0, "收到。模拟后端")  # the page's final text is right
    verdict = judge(events, "收到。模拟后端")
    assert verdict.status is Status.FAILED and verdict.kind is Kind.TEXT_DIFFERS
    assert "streamed text differs" in verdict.why and "char 5" in verdict.why


def test_without_an_oracle_a_clean_run_is_unverified_and_an_error_fails() -> None:
    verdict = judge(_run("abc"))
    assert verdict.status is Status.UNVERIFIED and verdict.ok and not verdict.vouched
    failed = judge(_run("ab", end="HTTP 500: boom"))
    assert failed.kind is Kind.ERROR and "boom" in failed.why


def test_snapshot_appended_as_delta_is_caught_without_an_oracle() -> None:
    # What longpoll did against a cumulative backend: the whole content appended each poll.
    verdict = judge(_run("你好，这是回复", "你好，这是回复的后半", "你好，这是回复的后半。"))
    assert verdict.status is Status.FAILED and verdict.kind is Kind.REPEATED_PREFIX


def test_repeated_prefix_after_a_reconnect() -> None:
    events = _run("first part!", "second")
    events.insert(2, TransportNote(0.15, "dropped; reconnecting in 200 ms (1/5)"))
    events.insert(3, ChunkReceived(0.2, "first part!", 11))
    events[-1] = ReplyCompleted(1.0, "first part!first part!second")
    verdict = judge(events)
    assert verdict.kind is Kind.REPEATED_PREFIX


def test_text_after_completion_and_growth_past_the_wire() -> None:
    late = _run("abc")
    late.append(ChunkReceived(1.1, "late", 4))
    assert judge(late).kind is Kind.TEXT_AFTER_COMPLETE
    assert judge(_run("abcdef", wire=2)).kind is Kind.OVERGROWTH


def test_compare_across_flags_the_odd_one_out() -> None:
    verdicts = [judge(_run(t)) for t in ("same", "same", "diff")]
    out = compare_across(["same", "same", "diff"], verdicts, ["websocket", "sync", "chunked"])
    assert [v.status for v in out] == [Status.CONSISTENT, Status.CONSISTENT, Status.FAILED]
    assert out[2].kind is Kind.INCONSISTENT
    assert "sync" in out[0].why


def test_one_transport_agreeing_with_itself_proves_nothing() -> None:
    verdicts = [judge(_run("same")) for _ in range(3)]
    out = compare_across(["same"] * 3, verdicts, ["chunked"] * 3)
    assert {v.status for v in out} == {Status.UNVERIFIED}


def test_a_tie_between_transports_is_not_a_majority() -> None:
    verdicts = [judge(_run(t)) for t in ("one", "two")]
    out = compare_across(["one", "two"], verdicts, ["websocket", "chunked"])
    assert {v.status for v in out} == {Status.UNVERIFIED}


def test_wire_syntax_left_in_the_text_fails_with_a_sample() -> None:
    sse = "event: message\r\nid: 0\r\ndata: 关于\r\n\r\nevent: message\r\ndata: 你好\r\n\r\n"
    envelopes = '{"type":"delta","content":"关于"}{"type":"delta","content":"你好"}'
    for text in (sse, envelopes, "关于你好[DONE]"):
        verdict = judge(_run(text))
        assert verdict.kind is Kind.UNPARSED_FRAMING and not verdict.ok, text
        assert "wire syntax" in verdict.why and repr(text[:8])[1:6] in verdict.why
    # Ordinary replies, colons and JSON talk included, are not wire syntax.
    for text in ("关于「你好」：流式输出。\n\nid 和 data 都是字段", 'use {"a": 1} here'):
        assert judge(_run(text)).status is Status.UNVERIFIED, text


def test_the_verdict_table_is_the_history_vocabulary() -> None:
    from simulator.verdict import VERDICTS, verdict_word

    assert {row.status.value for row in VERDICTS} == {s.value for s in Status}
    assert verdict_word("ok").status is Status.UNVERIFIED  # an old "ok" checked no text
    assert verdict_word("text differs").status is Status.FAILED


def test_arrival_pattern_alone_tells_buffered_from_streamed() -> None:
    burst = judge_arrival([6.8])
    assert burst.buffered is True and burst.measure == "arrival-spread"
    flowing = judge_arrival([0.3 + 0.05 * i for i in range(30)])
    assert flowing.buffered is False
    assert judge_arrival([0.01, 0.02]).buffered is None  # too short to tell
    ref = judge_arrival([0.70, 0.71], reference_spread_s=0.7)
    assert ref.buffered is True and ref.measure == "reference-spread"
