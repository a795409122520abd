"""RunTimeline → RunMetrics: every figure measured from the recorded events, relative to send."""

from __future__ import annotations

import pytest

from simulator.metrics import EmissionTrace, EmittedChunk, RunTimeline, aggregate, percentile
from simulator.transports.events import (
    CharsPainted,
    ChunkReceived,
    ConnectionOpened,
    EmptyResponseReceived,
    FallbackTaken,
    MessageSent,
    ReplyCompleted,
    RequestMade,
    RunFailed,
)


def timeline(*events: object) -> RunTimeline:
    tl = RunTimeline()
    for event in events:
        tl(event)  # type: ignore[arg-type]
    return tl


def streamed_run() -> RunTimeline:
    return timeline(
        MessageSent(10.0, "chunked", "hi"),
        RequestMade(10.001, "request", "http://x/sse"),
        ConnectionOpened(10.05, "headers 200"),
        ChunkReceived(10.30, "你好", 40, 0, 10.299),
        CharsPainted(10.31, 1, 1),
        EmptyResponseReceived(10.35, "frame", 7),
        ChunkReceived(10.40, "，世界", 50, 1, 10.398),
        CharsPainted(10.45, 4, 5),
        ReplyCompleted(10.5, "你好，世界", "r1"),
    )


def test_times_are_relative_to_send() -> None:
    m = streamed_run().metrics()
    assert m.connected_s == pytest.approx(0.05)
    assert m.first_byte_s == pytest.approx(0.30)
    assert m.first_paint_s == pytest.approx(0.31)
    assert m.last_byte_s == pytest.approx(0.40)
    assert m.last_paint_s == pytest.approx(0.45)
    assert m.end_s == pytest.approx(0.5)


def test_counts_requests_bytes_chars_and_gaps() -> None:
    m = streamed_run().metrics()
    assert (m.requests, m.bytes, m.chars, m.chunks) == (1, 97, 5, 2)
    assert m.gaps == pytest.approx((0.10,))
    assert m.completed and not m.failed and m.reply_id == "r1"


def test_without_trace_delays_come_from_frame_stamps() -> None:
    assert streamed_run().metrics().delivery_delays == pytest.approx((0.001, 0.002))


def test_with_trace_delays_match_emitted_chunks_by_character_offset() -> None:
    # Emitted in three chunks, arrived re-cut in two (as polling or a re-sliced body would).
    trace = EmissionTrace(
        "r1",
        "你好，世界",
        True,
        (
            EmittedChunk(0, "你", 10.1),
            EmittedChunk(1, "好，", 10.2),
            EmittedChunk(2, "世界", 10.35),
        ),
    )
    m = streamed_run().metrics(trace)
    assert m.delivery_delays == pytest.approx((0.2, 0.2, 0.05))
    assert m.emission_spread_s == pytest.approx(0.25)


def test_trace_matching_stops_where_the_page_text_diverges() -> None:
    trace = EmissionTrace(
        "r1", "你好！", True, (EmittedChunk(0, "你好", 10.1), EmittedChunk(1, "！", 10.2))
    )
    assert streamed_run().metrics(trace).delivery_delays == pytest.approx((0.2,))


def test_unreached_phases_are_none_and_failure_is_kept() -> None:
    m = timeline(
        MessageSent(1.0, "websocket", "hi"),
        RequestMade(1.0, "socket", "ws://x"),
        RunFailed(1.2, "connect failed", ""),
    ).metrics()
    assert m.connected_s is None and m.first_byte_s is None and m.first_paint_s is None
    assert m.failed and m.error == "connect failed" and m.end_s == pytest.approx(0.2)


def test_buffered_stream_is_flagged_against_the_emission_spread() -> None:
    trace = EmissionTrace(
        "r", "abcd", True, tuple(EmittedChunk(i, c, 1.0 + 0.1 * i) for i, c in enumerate("abcd"))
    )
    burst = timeline(
        MessageSent(0.9, "chunked", "x"),
        *(ChunkReceived(1.4 + 0.0001 * i, c, 1) for i, c in enumerate("abcd")),
        ReplyCompleted(1.41, "abcd"),
    ).metrics(trace)
    streamed = timeline(
        MessageSent(0.9, "chunked", "x"),
        *(ChunkReceived(1.001 + 0.1 * i, c, 1) for i, c in enumerate("abcd")),
        ReplyCompleted(1.41, "abcd"),
    ).metrics(trace)
    assert burst.buffered is True
    assert streamed.buffered is False
    assert streamed_run().metrics().buffered is None


def test_fallbacks_are_counted() -> None:
    m = timeline(
        MessageSent(0.0, "auto", "x"),
        FallbackTaken(0.1, "websocket", "download", "connect failed"),
        ReplyCompleted(0.2, ""),
    ).metrics()
    assert m.fallbacks == 1


def test_metrics_need_a_message_sent() -> None:
    with pytest.raises(ValueError, match="MessageSent"):
        RunTimeline().metrics()


def test_listeners_see_events_and_can_unsubscribe() -> None:
    tl = RunTimeline()
    seen: list[object] = []
    unsubscribe = tl.subscribe(seen.append)
    tl(MessageSent(0.0, "sync", "x"))
    unsubscribe()
    tl(ReplyCompleted(0.1, ""))
    assert len(seen) == 1 and tl.finished


def test_percentiles_interpolate_between_ranks() -> None:
    assert percentile([], 50) is None
    assert percentile([3.0], 95) == 3.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == pytest.approx(2.5)
    assert percentile([float(i) for i in range(101)], 95) == pytest.approx(95.0)


def test_aggregate_pools_series_and_skips_missing_values() -> None:
    ok = streamed_run().metrics()
    failed = timeline(MessageSent(0.0, "chunked", "x"), RunFailed(0.1, "boom", "")).metrics()
    agg = aggregate([ok, failed])
    assert agg.runs == 2 and agg.failures == 1
    assert agg["first_byte_s"].n == 1 and agg["first_byte_s"].p50 == pytest.approx(0.30)
    assert agg["delivery_delays"].n == 2 and agg["delivery_delays"].max == pytest.approx(0.002)
