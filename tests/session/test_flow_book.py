"""The session's one flow record: every lane's runtime log, observed as one, bounded."""

from __future__ import annotations

from simulator.session import RunSettings, Session
from simulator.session.flow_book import FlowBook
from simulator.transports.events import ReplyCompleted
from simulator.wx import FlowLog, TaskCompleted, TaskStarted
from simulator.wx.flows import Flow, FlowChange

FAST = "ttft_ms=0,tps=400,jitter_ms=0"


def _log(lane: str, *ids: int) -> FlowLog:
    flow_log = FlowLog(lane=lane)
    for i in ids:
        flow_log.handle(TaskStarted(i, float(i), "request", "GET", f"http://x/{lane}/{i}"))
    return flow_log


def test_observers_hear_logs_added_after_they_subscribed_and_a_lane_filter_holds() -> None:
    book = FlowBook()
    every: list[tuple[FlowChange, str, int]] = []
    only_b: list[int] = []
    book.add(_log("a", 1))
    book.observe_flows(lambda change, flow: every.append((change, flow.lane, flow.id)))
    stop = book.observe_flows(lambda change, flow: only_b.append(flow.id), lane="b")
    later = FlowLog(lane="b")
    book.add(later)
    later.handle(TaskStarted(7, 7.0, "request", "GET", "http://x/b/7"))
    later.handle(TaskCompleted(7, 7.5, 200, 3))
    stop()
    later.handle(TaskStarted(8, 8.0, "request", "GET", "http://x/b/8"))
    assert every == [("added", "b", 7), ("updated", "b", 7), ("added", "b", 8)]
    assert only_b == [7, 7]
    assert [f.url for f in book.flows("b")] == ["http://x/b/7", "http://x/b/8"]
    assert [f.id for f in book.flows()] == [1, 7, 8] and book.lanes() == ["a", "b"]


def test_earlier_generations_leave_oldest_first_past_the_bound_a_lane_s_newest_stays() -> None:
    book = FlowBook(keep_past=3)
    first, second, third = _log("a", 1, 2), _log("a", 3, 4), _log("b", 5, 6, 7, 8)
    for flow_log in (first, second, third):
        book.add(flow_log)
    # past: first (2 flows); the newest of each lane (second, third) stay whatever their size
    assert [f.id for f in book.flows()] == [1, 2, 3, 4, 5, 6, 7, 8]
    book.add(_log("a", 9))  # now first and second are past: 4 > 3, the oldest goes
    assert [f.id for f in book.flows()] == [3, 4, 5, 6, 7, 8, 9]
    seen: list[int] = []
    book.observe_flows(lambda change, flow: seen.append(flow.id))
    first.handle(TaskCompleted(1, 1.5, 200, 1))  # a log that left is not heard any more
    second.handle(TaskCompleted(3, 3.5, 200, 1))
    assert seen == [3]


async def test_the_session_records_every_named_runtime_across_a_settings_change() -> None:
    settings = RunSettings(scenario=FAST)
    heard: list[tuple[FlowChange, Flow]] = []
    async with Session(settings, flow_events=50) as session:
        session.observe_flows(lambda change, flow: heard.append((change, flow)))
        outcome = await session.run("chunked", session.message("一"), lambda e: None)
        assert isinstance(outcome, ReplyCompleted)
        page = session.new_runtime("page")  # a page's runtime: a lane made after subscribing
        silent = session.new_runtime()  # a load user's: no lane, not recorded
        try:
            await session.run("sync", session.message("二"), lambda e: None, wx=page)
            await session.run("sync", session.message("三"), lambda e: None, wx=silent)
        finally:
            await page.aclose()
            await silent.aclose()
        await session.reconfigure(settings)  # new runtimes: the old records stay
        await session.run("chunked", session.message("四"), lambda e: None)
        flows = session.flows()
        assert [f.lane for f in flows] == ["chunked", "page", "chunked"]
        assert session.lanes() == ["chunked", "page"]
        assert [f.lane for f in session.flows("chunked")] == ["chunked", "chunked"]
        added = [f for c, f in heard if c == "added"]  # the very records, not copies
        assert all(a is f for a, f in zip(added, flows, strict=True))
        assert flows[1].state == "done" and flows[1].status == 200  # the page's, closed since
        assert all(f.events for f in flows)  # kept with their events (HAR, the detail)
