"""Concurrency limits: requests and downloads share 10 slots; over them, queue or fail."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from simulator.wx import TaskQueued, WxRuntime
from simulator.wx.limits import TaskLimiter
from tests.helpers.timing import seconds
from tests.wx.conftest import Calls


def test_limiter_queues_in_order_and_hands_slots_on() -> None:
    limiter = TaskLimiter(2, "queue")
    assert [limiter.admit(i) for i in (1, 2, 3, 4)] == ["run", "run", "queue", "queue"]
    assert limiter.release(4) is None  # a queued task left the queue
    assert limiter.release(1) == 3
    assert limiter.active == 2 and limiter.queued == 0


def test_limiter_in_fail_mode_refuses_over_the_limit() -> None:
    limiter = TaskLimiter(1, "fail")
    assert limiter.admit(1) == "run"
    assert limiter.admit(2) == "fail"


async def test_eleventh_request_waits_for_a_slot_in_queue_mode(
    make_wx: Callable[..., WxRuntime], edge: str
) -> None:
    wx = make_wx(max_requests=10, over_limit="queue")
    queued: list[TaskQueued] = []
    got_queued = asyncio.Event()

    def on_event(event: object) -> None:
        if isinstance(event, TaskQueued):
            queued.append(event)
            got_queued.set()

    wx.events.subscribe(on_event)
    slow = [Calls() for _ in range(10)]
    tasks = [wx.request(url=f"{edge}/slow?delay=5", **c.outcome()) for c in slow]
    last = Calls()
    wx.request(url=f"{edge}/echo", **last.outcome())
    await asyncio.wait_for(got_queued.wait(), seconds(5))
    assert last.names == [] and len(queued) == 1
    tasks[0].abort()
    await last.finished()
    assert last.names == ["success", "complete"]
    profile = last.first("success")["profile"]
    assert profile["queueEnd"] >= profile["queueStart"]
    for task in tasks[1:]:
        task.abort()


async def test_over_the_limit_fails_with_exceed_max_task_count_in_fail_mode(
    make_wx: Callable[..., WxRuntime], edge: str
) -> None:
    wx = make_wx(max_requests=2, over_limit="fail")
    first, second, third = Calls(), Calls(), Calls()
    wx.request(url=f"{edge}/slow?delay=5", **first.outcome())
    wx.downloadFile(url=f"{edge}/slow?delay=5", **second.outcome())  # downloads share the limit
    wx.request(url=f"{edge}/echo", **third.outcome())
    await third.finished()
    assert third.first("fail") == {"errMsg": "request:fail exceed max task count", "errno": 600007}


async def test_aborting_a_queued_request_fails_it_without_running(
    make_wx: Callable[..., WxRuntime], edge: str
) -> None:
    wx = make_wx(max_requests=1)
    blocker, queued = Calls(), Calls()
    running = wx.request(url=f"{edge}/slow?delay=5", **blocker.outcome())
    waiting = wx.request(url=f"{edge}/echo", **queued.outcome())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    waiting.abort()
    await queued.finished()
    assert queued.first("fail")["errMsg"] == "request:fail abort"
    running.abort()
    await blocker.finished(timeout=seconds(1))


async def test_a_request_aborted_before_its_turn_does_not_keep_a_slot(
    make_wx: Callable[..., WxRuntime], edge: str
) -> None:
    wx = make_wx(max_requests=1, over_limit="fail")
    aborted, after = Calls(), Calls()
    wx.request(url=f"{edge}/slow?delay=5", **aborted.outcome()).abort()
    await aborted.finished()
    wx.request(url=f"{edge}/echo", **after.outcome())
    await after.finished()
    assert after.names == ["success", "complete"]
