"""Serve any ASGI app with uvicorn in a thread of its own, with its own event loop."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

import uvicorn


class GracefulServer(uvicorn.Server):
    """uvicorn's server with two hooks: `ready` is set when startup ended (well or not), and
    `before_shutdown` runs on the server's loop before connections are drained.

    uvicorn lets in-flight responses finish before it stops, and an endless stream only ends
    when the graceful timeout cancels it (with an error in the log); the hook lets an app end
    its streams itself first.
    """

    def __init__(
        self,
        config: uvicorn.Config,
        ready: threading.Event | None = None,
        before_shutdown: Callable[[], None] | None = None,
    ):
        super().__init__(config)
        self.ready = ready or threading.Event()
        self.before_shutdown = before_shutdown

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets=sockets)
        finally:
            self.ready.set()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        if self.before_shutdown is not None:
            self.before_shutdown()
        await super().shutdown(sockets=sockets)


class StartedByWith:
    """`with server:` starts it unless `start()` already did, and stops it on the way out."""

    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def _started(self) -> bool:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self if self._started() else self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class ServerThread(StartedByWith):
    """An ASGI app on `host:port` (port 0: any free one), served from a background thread.

    The thread owns its loop, so a busy caller (a Qt UI, a test) never delays what the app
    emits. `start()` returns once the socket is bound and the app's lifespan has started;
    `stop()` returns once the thread has ended.

    Args:
        app: any ASGI application.
        host: address to bind; loopback unless told otherwise.
        port: port to bind; 0 picks a free one (read it from `.port`).
        before_shutdown: called on the server's loop when stopping, before connections drain
            (to end endless streams).
        **uvicorn_options: passed on to `uvicorn.Config` (e.g. `ws_max_size`).
    """

    def __init__(
        self,
        app: Any,
        host: str = "127.0.0.1",
        port: int = 0,
        before_shutdown: Callable[[], None] | None = None,
        **uvicorn_options: Any,
    ):
        self._app = app
        self._before_shutdown = before_shutdown
        self._host = host
        self._requested_port = port
        options: dict[str, Any] = {
            "log_config": None,
            "log_level": "warning",
            "lifespan": "auto",
            "timeout_graceful_shutdown": 1,
        }
        options.update(uvicorn_options)
        self._options = options
        self._server: GracefulServer | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.port = 0

    def start(self, timeout: float = 10.0) -> ServerThread:
        """Bind, start serving, and wait for the app's startup.

        Raises:
            RuntimeError: already started, or the server failed to start.
            OSError: the address cannot be bound.
        """
        if self._thread is not None:
            raise RuntimeError("ServerThread already started")
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        # Say IPPROTO_TCP: asyncio sets TCP_NODELAY only on sockets whose proto says TCP, and
        # without it Nagle + delayed ACK hold each response's second write for ~40 ms.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self._host, self._requested_port))
            sock.listen(2048)
        except BaseException:
            sock.close()
            raise
        self.port = sock.getsockname()[1]
        ready = threading.Event()
        config = uvicorn.Config(self._app, **self._options)
        self._server = GracefulServer(config, ready, self._before_shutdown)
        self._thread = threading.Thread(
            target=self._run,
            args=(self._server, sock),
            name=f"asgi-server:{self.port}",
            daemon=True,
        )
        self._thread.start()
        if not ready.wait(timeout) or not self._server.started:
            self.stop()
            raise RuntimeError(f"server did not start: {self._error!r}")
        return self

    def _run(self, server: GracefulServer, sock: socket.socket) -> None:
        try:
            asyncio.run(server.serve(sockets=[sock]))
        except BaseException as exc:  # reported by start()
            self._error = exc
        finally:
            sock.close()
            server.ready.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the server to exit and wait for its thread; safe to call twice."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(timeout)
        if thread.is_alive():
            server.force_exit = True
            thread.join(timeout)
        self._server = None
        self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _started(self) -> bool:
        return self._thread is not None
