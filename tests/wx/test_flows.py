"""The event stream and the flow log built from it."""

from __future__ import annotations

from simulator.wx import (
    ChunkReceived,
    EventStream,
    FlowLog,
    HeadersReceived,
    TaskCompleted,
    TaskFailed,
    TaskStarted,
    WxRuntime,
)
from tests.wx.conftest import Calls
from tests.wx.edge_app import gate


def test_event_stream_unsubscribe_and_a_failing_subscriber_does_not_stop_others() -> None:
    stream = EventStream()
    got: list[object] = []

    def broken(event: object) -> None:
        raise RuntimeError("subscriber bug")

    stream.subscribe(broken)
    unsubscribe = stream.subscribe(got.append)
    event = TaskStarted(1, 0.0, "request", "GET", "http://x")
    stream.emit(event)
    unsubscribe()
    stream.emit(event)
    assert got == [event]


def test_flow_log_records_phases_bytes_and_is_bounded() -> None:
    log = FlowLog(limit=2)
    changes: list[tuple[str, int]] = []
    log.observe(lambda change, flow: changes.append((change, flow.id)))
    log.handle(TaskStarted(1, 1.0, "request", "POST", "http://a"))
    log.handle(HeadersReceived(1, 1.1, 200, 1.05))
    log.handle(ChunkReceived(1, 1.2, 10, 1.15))
    log.handle(ChunkReceived(1, 1.3, 5, 1.25))
    log.handle(TaskCompleted(1, 1.4, 200, 15))
    flow = log.get(1)
    assert flow is not None
    assert (flow.headers_at, flow.first_byte_at, flow.last_byte_at, flow.ended_at) == (
        1.1, 1.2, 1.3, 1.4,
    )  # fmt: skip
    assert (flow.bytes_received, flow.chunks, flow.state, flow.status) == (15, 2, "done", 200)
    log.handle(TaskStarted(2, 2.0, "download", "GET", "http://b"))
    log.handle(TaskStarted(3, 3.0, "socket", "GET", "ws://c"))
    log.handle(TaskFailed(3, 3.1, "x:fail", None))
    assert [f.id for f in log.flows()] == [2, 3]
    assert changes[0] == ("added", 1) and changes[-1] == ("updated", 3)


async def test_a_chunked_request_emits_its_whole_story_in_order(
    wx: WxRuntime, edge: str, calls: Calls
) -> None:
    seen: list[object] = []
    wx.events.subscribe(seen.append)
    next_part = gate("story")
    url = f'{edge}/chunks?parts=["a","b"]&gate=story'
    task = wx.request(url=url, enableChunked=True, **calls.outcome())
    task.onChunkReceived(calls.cb("chunk"))
    task.onChunkReceived(lambda _res: next_part.set())  # the second part after the first read
    await calls.finished()
    kinds = [type(e).__name__ for e in seen]
    assert kinds == [
        "TaskStarted", "HeadersReceived", "ChunkReceived", "ChunkReceived", "TaskCompleted",
    ]  # fmt: skip
    ats = [e.at for e in seen]  # type: ignore[attr-defined]
    assert ats == sorted(ats)
    chunk = seen[2]
    assert isinstance(chunk, ChunkReceived) and chunk.size == 1 and chunk.read_at <= chunk.at
    (flow,) = wx.flows.flows()
    assert flow.kind == "request" and flow.bytes_received == 2 and flow.state == "done"


def test_a_flow_keeps_its_events_up_to_the_bound_and_counts_the_rest() -> None:
    log = FlowLog(limit=10, keep_events=3, lane="chunked")
    events = [
        TaskStarted(1, 1.0, "request", "POST", "http://a"),
        HeadersReceived(1, 1.1, 200, 1.05),
        ChunkReceived(1, 1.2, 10, 1.15),
        ChunkReceived(1, 1.3, 5, 1.25),
        TaskCompleted(1, 1.4, 200, 15),
    ]
    for event in events:
        log.handle(event)
    flow = log.get(1)
    assert flow is not None
    assert flow.events == events[:3] and flow.events_dropped == 2
    assert flow.lane == "chunked"
    assert flow.bytes_received == 15  # the figures count every event, kept or not


def test_by_default_a_flow_keeps_figures_only() -> None:
    log = FlowLog()
    log.handle(TaskStarted(1, 1.0, "request", "POST", "http://a"))
    log.handle(ChunkReceived(1, 1.2, 10, 1.15))
    flow = log.get(1)
    assert flow is not None and flow.events == [] and flow.chunks == 1


def test_a_file_read_is_one_finished_record_that_har_skips() -> None:
    from simulator.har import build_har
    from simulator.wx import FileRead

    log = FlowLog(keep_events=5, lane="page")
    log.handle(FileRead(4, 2.0, "wxfile://usr/a.txt", 12))
    (flow,) = log.flows()
    assert (flow.kind, flow.url, flow.lane, flow.state) == (
        "file",
        "wxfile://usr/a.txt",
        "page",
        "done",
    )
    assert (flow.bytes_received, flow.ended_at, len(flow.events)) == (12, 2.0, 1)
    assert build_har(log.flows())["log"]["entries"] == []  # not a network entry
