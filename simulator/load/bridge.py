"""Greenlets drive coroutines on one asyncio loop in a real OS thread, without blocking the hub.

Locust runs every simulated user as a greenlet on gevent's hub, with the standard library
monkey-patched; our wx runtime and transports are asyncio. Running asyncio *inside* the hub
(a gevent-based loop policy) would put every socket through two schedulers; instead each
process gets one asyncio loop on an unpatched OS thread:

- the thread is started with the original `_thread.start_new_thread`: a patched
  `threading.Thread` would be one more greenlet on the hub, not a thread;
- the loop's selector is the original `selectors.EpollSelector` (patching swaps the default for
  gevent's, which would spin a second gevent hub inside that thread);
- name resolution and `run_in_executor` use real threads running the unpatched `getaddrinfo`
  (a patched thread pool would park its jobs on a hub nobody runs in that thread);
- outgoing connections get the original `socket.socket`: asyncio would otherwise make gevent's,
  whose Python-level `recv`/`send` wrappers run on every read and write of every stream;
- a closed socket transport lets go of its own bound read callback (asyncio 3.11 keeps it: a
  reference cycle per connection, left to the full collections that stall every stream).

A greenlet calls `AsyncioBridge.call(coro)`: the coroutine is handed over with
`call_soon_threadsafe` and started as a task there; when it ends, the loop thread queues the
outcome and pokes one gevent `async` watcher (libev's thread-safe wake-up); the hub drains the
queue and sets each waiting greenlet's `AsyncResult`. So the hub never blocks on the loop, and
many outcomes finishing at once cost one wake-up.
"""

from __future__ import annotations

import asyncio
import asyncio.selector_events
import collections
import concurrent.futures
import functools
import ipaddress
import socket
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import gevent
import gevent.event
import gevent.monkey

T = TypeVar("T")

_start_new_thread: Callable[..., int] = gevent.monkey.get_original("_thread", "start_new_thread")
_getaddrinfo: Callable[..., Any] = gevent.monkey.get_original("socket", "getaddrinfo")
_EpollSelector: type[Any] = gevent.monkey.get_original("selectors", "EpollSelector")
_socket: type[socket.socket] = gevent.monkey.get_original("socket", "socket")


class NativeThreadExecutor(concurrent.futures.ThreadPoolExecutor):
    """One real OS thread per job: only name look-ups and the odd blocking call come here.

    A ThreadPoolExecutor only in type (asyncio insists); its pool would be patched greenlets.
    """

    def submit(
        self, fn: Callable[..., T], /, *args: Any, **kwargs: Any
    ) -> concurrent.futures.Future[T]:
        future: concurrent.futures.Future[T] = concurrent.futures.Future()

        def work() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:
                future.set_exception(exc)

        _start_new_thread(work, ())
        return future


def _acyclic_socket_transport() -> type[Any] | None:
    """asyncio's socket transport, freed by reference counting once its connection is lost;
    None when this Python's asyncio does not have the private pieces it builds on.

    asyncio's transport stores a bound method of itself as its read callback; that cycle (and
    the socket it holds) waits for a full collection, one per connection of every user. The
    class and attribute are private (checked on CPython 3.11), so they are looked up, not
    assumed: without them the loop uses asyncio's own transport and the collector frees it.
    """
    base = getattr(asyncio.selector_events, "_SelectorSocketTransport", None)
    if base is None or not callable(getattr(base, "_call_connection_lost", None)):
        return None

    class AcyclicSocketTransport(base):  # type: ignore[misc,valid-type]
        def _call_connection_lost(self, exc: BaseException | None) -> None:
            try:
                super()._call_connection_lost(exc)
            finally:
                if hasattr(self, "_read_ready_cb"):
                    self._read_ready_cb = None

    return AcyclicSocketTransport


ACYCLIC_TRANSPORT: type[Any] | None = _acyclic_socket_transport()


class NativeLoop(asyncio.SelectorEventLoop):
    """asyncio on the OS's epoll, resolving names with the unpatched `getaddrinfo`."""

    def __init__(self) -> None:
        super().__init__(_EpollSelector())
        self.set_default_executor(NativeThreadExecutor())

    def _make_socket_transport(
        self,
        sock: socket.socket,
        protocol: asyncio.BaseProtocol,
        waiter: asyncio.Future[None] | None = None,
        *,
        extra: dict[str, Any] | None = None,
        server: asyncio.Server | None = None,
    ) -> asyncio.Transport:
        if ACYCLIC_TRANSPORT is None:  # another asyncio: its own transport, as it is
            made: asyncio.Transport = super()._make_socket_transport(  # type: ignore[misc]
                sock, protocol, waiter, extra=extra, server=server
            )
            return made
        transport: asyncio.Transport = ACYCLIC_TRANSPORT(
            self, sock, protocol, waiter, extra, server
        )
        return transport

    async def getaddrinfo(
        self,
        host: bytes | str | None,
        port: bytes | str | int | None,
        *,
        family: int = 0,
        type: int = 0,
        proto: int = 0,
        flags: int = 0,
    ) -> list[tuple[Any, ...]]:
        call = functools.partial(_getaddrinfo, host, port, family, type, proto, flags)
        result: list[tuple[Any, ...]] = await self.run_in_executor(None, call)
        return result

    async def create_connection(  # type: ignore[override]
        self, protocol_factory: Any, host: Any = None, port: Any = None, **kw: Any
    ) -> tuple[asyncio.Transport, asyncio.BaseProtocol]:
        """TCP to `host:port` on a native socket, then asyncio's own transport (and TLS) on it.

        Addresses are tried in resolver order; calls with `sock=`, `local_addr` or happy
        eyeballs go to asyncio unchanged.
        """
        special = ("sock", "local_addr", "happy_eyeballs_delay", "interleave")
        if host is None or any(kw.get(k) is not None for k in special):
            return await super().create_connection(protocol_factory, host, port, **kw)
        family, proto, flags = kw.pop("family", 0), kw.pop("proto", 0), kw.pop("flags", 0)
        try:  # an address literal (the loopback stub): no resolver thread per connection
            ip = ipaddress.ip_address(host)
            fam = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
            infos = [(fam, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (host, port))]
        except ValueError:
            infos = await self.getaddrinfo(
                host, port, family=family, type=socket.SOCK_STREAM, proto=proto, flags=flags
            )
        if not infos:
            raise OSError(f"getaddrinfo({host!r}) returned nothing")
        errors: list[OSError] = []
        for fam, kind, prot, _, addr in infos:
            sock = _socket(fam, kind, prot)
            try:
                sock.setblocking(False)
                await self.sock_connect(sock, addr)
            except OSError as exc:
                sock.close()
                errors.append(exc)
                continue
            except BaseException:
                sock.close()
                raise
            if kw.get("ssl") and kw.get("server_hostname") is None:
                kw["server_hostname"] = host
            return await super().create_connection(protocol_factory, sock=sock, **kw)
        raise errors[0] if len(errors) == 1 else OSError(f"connect to {host}:{port}: {errors}")


class _Call:
    """One coroutine handed from a greenlet to the loop, and where its outcome goes."""

    __slots__ = ("coro", "result", "task")

    def __init__(self, coro: Coroutine[Any, Any, Any], result: gevent.event.AsyncResult) -> None:
        self.coro = coro
        self.result = result
        self.task: asyncio.Task[Any] | None = None

    def cancel(self) -> None:
        """Loop thread: cancel the task (callbacks run in the order they were queued, so the
        start always came first)."""
        if self.task is not None:
            self.task.cancel()


class AsyncioBridge:
    """One asyncio loop on a real thread, and a gevent-friendly way to wait for its coroutines.

    Create and use it from the hub's thread (the greenlets' side).
    """

    def __init__(self) -> None:
        self.loop = NativeLoop()
        self._done: collections.deque[tuple[gevent.event.AsyncResult, BaseException | None, Any]]
        self._done = collections.deque()
        self._watcher = gevent.get_hub().loop.async_()
        self._watcher.start(self._drain)
        self.calls = 0
        self.wakeups = 0
        self._stopped = False
        _start_new_thread(self._thread_main, ())

    def _thread_main(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_forever()
        finally:
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.close()

    def call(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        """Run `coro` on the loop; the calling greenlet waits, the hub keeps running.

        Killing the greenlet (Locust stopping a user) or `timeout` cancels the coroutine.

        Raises:
            gevent.Timeout: `timeout` seconds passed (the coroutine is cancelled).
            BaseException: whatever the coroutine raised.
        """
        if self._stopped:
            coro.close()
            raise RuntimeError("AsyncioBridge is stopped")
        self.calls += 1
        call = _Call(coro, gevent.event.AsyncResult())
        # Not run_coroutine_threadsafe: its concurrent Future makes a Condition per call, which
        # monkey-patching turns into gevent locks that both threads then take.
        self.loop.call_soon_threadsafe(self._start, call)
        try:
            value: T = call.result.get(timeout=timeout)
        except BaseException:
            # GreenletExit, Timeout: the coroutine must not outlive its user
            self.loop.call_soon_threadsafe(call.cancel)
            raise
        return value

    def _start(self, call: _Call) -> None:
        """Loop thread: start the call's task."""
        call.task = self.loop.create_task(call.coro)
        call.task.add_done_callback(functools.partial(self._settled, call.result))

    def _settled(self, result: gevent.event.AsyncResult, task: asyncio.Task[Any]) -> None:
        """Loop thread: queue the task's outcome and wake the hub (thread-safe)."""
        if task.cancelled():
            self._done.append((result, asyncio.CancelledError(), None))
        elif (exc := task.exception()) is not None:
            self._done.append((result, exc, None))
        else:
            self._done.append((result, None, task.result()))
        self._watcher.send()

    def _drain(self) -> None:
        """Hub: hand every queued outcome to its greenlet."""
        self.wakeups += 1
        while self._done:
            result, exc, value = self._done.popleft()
            if exc is not None:
                result.set_exception(exc)
            else:
                result.set(value)

    def stop(self) -> None:
        """Stop the loop (after the users closed their runtimes); safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._watcher.stop()


_bridge: AsyncioBridge | None = None


def shared_bridge() -> AsyncioBridge:
    """This process's bridge, started on first use (one loop thread per Locust process)."""
    global _bridge
    if _bridge is None:
        _bridge = AsyncioBridge()
    return _bridge
