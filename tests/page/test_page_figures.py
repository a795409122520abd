"""The page's figures as a user reads them: a socket opened before the send, polled bytes."""

from __future__ import annotations

import pytest

from backend_stub import EmbeddedStub
from tests.page.test_pages import EXAMPLES, errors, fast_stub, run

__all__ = ["fast_stub"]  # the module fixture, shared
pytestmark = pytest.mark.timeout(60)


async def test_a_socket_opened_before_the_send_still_counts_as_the_runs_request(
    fast_stub: EmbeddedStub,
) -> None:
    # the seed page connects in onLoad: by the second message the socket has long been open
    report = await run(
        fast_stub, EXAMPLES / "seed-chat.ts", runs=2, query=(("strategy", "websocket"),)
    )
    assert report.error is None, errors(report)
    for bench_run in report.runs:
        m = bench_run.metrics
        assert m.requests == 1, m  # not 0
        assert m.connected_s is not None and m.connected_s >= 0  # not "—", never negative
        assert m.first_byte_s is not None and m.connected_s <= m.first_byte_s


async def test_polled_replies_count_their_bytes(fast_stub: EmbeddedStub) -> None:
    report = await run(fast_stub, EXAMPLES / "seed-chat.ts", query=(("strategy", "polling"),))
    assert report.error is None, errors(report)
    m = report.runs[0].metrics
    assert m.requests >= 2 and m.bytes > 0, m  # not "0 bytes per reply despite 4 requests"


async def test_a_message_without_a_reply_has_no_times_not_negative_ones(
    fast_stub: EmbeddedStub,
) -> None:
    from simulator.bench.report import format_table
    from tests.page.test_pages import BAD

    report = await run(fast_stub, BAD / "replies_once.js", runs=2)
    second = report.runs[1].metrics
    # the last assistant bubble is the first message's: it is not this run's reply
    assert second.first_byte_s is None and second.chars == 0, second
    for name in ("connected_s", "first_byte_s", "first_paint_s", "last_byte_s"):
        for bench_run in report.runs:
            value = getattr(bench_run.metrics, name)
            assert value is None or value >= 0, (name, value)
    assert "/-" not in format_table(report.bench_result())


async def test_the_client_is_warmed_before_the_first_run_as_in_the_bench(
    fast_stub: EmbeddedStub,
) -> None:
    """Review finding 7: the first run's "connect" held the client's first-use cost."""
    report = await run(fast_stub, EXAMPLES / "native-sse.js")
    assert report.error is None, errors(report)
    assert report.warmup_s is not None and report.warmup_s > 0
    sent = report.runs[0].timeline.events[0]
    # the warm-up's request was over before the message was sent: not in the run's timeline
    assert type(sent).__name__ == "MessageSent"
    assert sum(type(e).__name__ == "RequestMade" for e in report.runs[0].timeline.events) == 1
