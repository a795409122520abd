"""What every task's shell shares: the loop, the clock, the event stream, limits, clients."""

from __future__ import annotations

import asyncio
import functools
import http.cookiejar
import itertools
import logging
import random
import time
from collections.abc import Callable, Coroutine
from typing import Any

import httpx

from simulator.wx import events as ev
from simulator.wx.config import WxConfig
from simulator.wx.flows import FlowLog
from simulator.wx.inflate import ACCEPT_ENCODING
from simulator.wx.limits import TaskLimiter

logger = logging.getLogger("simulator.wx")

# Wall-clock ms for the platform's `profile` fields, derived from monotonic stamps.
_EPOCH_OFFSET = time.time() - time.monotonic()

USER_AGENTS = {
    "device": "Mozilla/5.0 (Linux; Android 14) MicroMessenger/8.0.50 miniProgram",
    "devtools": "Mozilla/5.0 wechatdevtools/1.06 MicroMessenger/8.0.5 miniProgram",
    "pc": "Mozilla/5.0 (Windows NT 10.0) WindowsWechat MicroMessenger/3.9 miniProgram",
}


class _KeepNone(http.cookiejar.DefaultCookiePolicy):
    """wx.request keeps no cookies: a page sends only the headers it sets (issue 12 #1)."""

    def set_ok(self, cookie: http.cookiejar.Cookie, request: object) -> bool:
        return False


def epoch_ms(monotonic_at: float) -> int:
    """A monotonic time as the Unix-epoch milliseconds the platform's profile uses."""
    return int((monotonic_at + _EPOCH_OFFSET) * 1000)


class Host:
    """Shared services for the task shells of one `WxRuntime`; lives on one asyncio loop."""

    def __init__(self, config: WxConfig) -> None:
        self.config = config
        self.network = config.network
        """The profile new tasks get; `WxRuntime.simulate_network_change` may switch it."""
        self.events = ev.EventStream()
        self.flows = FlowLog(config.max_flows, config.flow_events)
        self.events.subscribe(self.flows.handle)
        self.http_limiter = TaskLimiter(config.max_requests, config.over_limit)
        self.latest_chunked: int | None = None
        """The most recent chunked request (iOS `ios_later_chunked_only` quirk)."""
        self.pending_http: dict[int, Any] = {}
        """Queued and running HTTP exchanges by flow id (started when the limiter frees a slot)."""
        self._ids = itertools.count(1)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._client: httpx.AsyncClient | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.closed = False
        self.suspended = False
        """Backgrounded past `background_interrupt_ms`: network calls fail "interrupted"."""
        self.pending_loss: Callable[[], None] | None = None
        """A network loss asked for while a read was being handed on: it lands before the
        next piece or end of any HTTP exchange (`WxRuntime.lose_network_next`)."""

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The running loop, bound on first use (so the runtime may be built before it runs)."""
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        return self._loop

    now = staticmethod(time.monotonic)
    """Monotonic seconds (the C function itself: it runs several times per chunk)."""

    def next_flow_id(self) -> int:
        return next(self._ids)

    def rng(self, flow_id: int) -> random.Random:
        """The random source of one flow: the same seed and flow give the same draws."""
        return random.Random(f"{self.config.seed}:{flow_id}")

    def emit(self, event: ev.WxEvent) -> None:
        self.events.emit(event)

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            # Our limiter decides concurrency and our timers the timeouts, not httpx's.
            self._client = httpx.AsyncClient(
                timeout=None,
                limits=httpx.Limits(max_connections=None, max_keepalive_connections=20),
                headers={
                    "User-Agent": USER_AGENTS[self.config.platform],
                    "Accept-Encoding": ACCEPT_ENCODING,
                },
                cookies=http.cookiejar.CookieJar(policy=_KeepNone()),
                follow_redirects=True,
                trust_env=False,
                verify=_shared_ssl_context(),
            )
        return self._client

    def spawn(self, coro: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        """Start `coro` as a task the host keeps (and cancels in `aclose`)."""
        task = self.loop.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def call_soon(self, fn: Any, *args: Any) -> None:
        self.loop.call_soon(fn, *args)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("! wx task %s crashed", task.get_name(), exc_info=task.exception())

    async def aclose(self) -> None:
        """Cancel what still runs and close the HTTP client."""
        self.closed = True
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        # Aborted transports close their sockets on the next loop turns; let them, so no
        # socket outlives the runtime (and its loop).
        for _ in range(3):
            await asyncio.sleep(0)


@functools.cache
def _shared_ssl_context() -> Any:
    """One verifying TLS context for every runtime: building one costs ~17 ms and ~700 KiB,
    which a thousand simulated pages (load mode) would pay each."""
    return httpx.create_ssl_context()
