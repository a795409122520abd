"""The automation WebSocket server: DevTools' automation protocol on 127.0.0.1 only.

One JSON message per frame. Requests `{id, method, params}` are answered `{id, result}` or
`{id, error: {message}}`; events go out as `{method, params}` (no id), which is how
miniprogram-automator's Connection tells them apart. Any number of clients may connect; each
request runs as its own task, so one slow request (a reply streaming) does not hold the others.
A bad message is answered with the error shape and the server keeps running.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import TYPE_CHECKING, Any

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from simulator.automation.errors import AutomationError, UnknownMethod
from simulator.automation.methods import METHODS, NOT_IMPLEMENTED, Call

if TYPE_CHECKING:
    from websockets.asyncio.server import Server as WsServer

    from simulator.automation.app import AppDriver
    from simulator.automation.sim import SimHelpers

logger = logging.getLogger("simulator.automation")
HOST = "127.0.0.1"
MAX_MESSAGE = 64 * 1024 * 1024
"""A frame's size limit (evaluate sources, setData objects, screenshots go the other way)."""


class Client:
    """One connected client: its socket and what it asked for (console events)."""

    def __init__(self, ws: ServerConnection, number: int) -> None:
        self.ws = ws
        self.number = number
        self.log_enabled = False

    async def send(self, msg: dict[str, Any]) -> None:
        with contextlib.suppress(ConnectionClosed):  # a client that left gets nothing
            await self.ws.send(json.dumps(msg, ensure_ascii=False))


class Server:
    """`await start()`, then `closed` is set by Tool.close (or `close_soon()`)."""

    def __init__(self, driver: AppDriver, sim: SimHelpers, port: int = 9420) -> None:
        self.driver = driver
        self.sim = sim
        self.requested_port = port
        self.clients: set[Client] = set()
        self.closed = asyncio.Event()
        self._closing = False
        self._server: WsServer | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._numbers = 0

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(next(iter(self._server.sockets)).getsockname()[1])

    async def start(self) -> None:
        """Listen on 127.0.0.1 (OSError when the port is taken)."""
        self._server = await serve(
            self._serve, HOST, self.requested_port, max_size=MAX_MESSAGE, ping_interval=None
        )

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def close_soon(self) -> None:
        """Tool.close: end the session once the answer is sent."""
        self._closing = True

    # -- events --------------------------------------------------------------------------------
    def broadcast(self, method: str, params: dict[str, Any], *, log: bool = False) -> None:
        """An event to every client (console lines only to those that enabled the log)."""
        for client in list(self.clients):
            if log and not client.log_enabled:
                continue
            self._spawn(client.send({"method": method, "params": params}))

    # -- requests ------------------------------------------------------------------------------
    async def _serve(self, ws: ServerConnection) -> None:
        self._numbers += 1
        client = Client(ws, self._numbers)
        self.clients.add(client)
        logger.info("automation client %d connected", client.number)
        try:
            async for raw in ws:
                self._spawn(self._request(client, raw))
        except ConnectionClosed:
            pass
        finally:
            self.clients.discard(client)
            logger.info("automation client %d left", client.number)

    def _spawn(self, coro: Any) -> None:
        task: asyncio.Task[None] = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _request(self, client: Client, raw: str | bytes) -> None:
        msg_id: Any = None
        try:
            msg = json.loads(raw)
        except ValueError as exc:  # json.JSONDecodeError, or bad UTF-8
            await client.send(_error(None, f"malformed message: not JSON ({exc})"))
            return
        try:
            if not isinstance(msg, dict):
                raise AutomationError("malformed message: expected a JSON object")
            msg_id = msg.get("id")
            method = msg.get("method")
            params = msg.get("params")
            if msg_id is None or not isinstance(method, str):
                raise AutomationError("malformed message: a request needs an id and a method")
            if params is None:
                params = {}
            if not isinstance(params, dict):
                raise AutomationError(f"{method}: params must be an object")
            handler = METHODS.get(method)
            if handler is None:
                if method in NOT_IMPLEMENTED:
                    raise AutomationError(
                        f"method {method} unimplemented ({NOT_IMPLEMENTED[method]})"
                    )
                raise UnknownMethod(method)
            result = await handler(Call(method, params, client, self))
            await client.send({"id": msg_id, "result": result})
        except AutomationError as exc:
            await client.send(_error(msg_id, exc.message))
        except Exception as exc:  # a bug here must not end the session
            logger.exception("automation request failed")
            await client.send(_error(msg_id, f"internal error: {type(exc).__name__}: {exc}"))
        if self._closing:
            self.closed.set()


def _error(msg_id: Any, message: str) -> dict[str, Any]:
    out: dict[str, Any] = {"error": {"message": message}}
    if msg_id is not None:
        out = {"id": msg_id, **out}
    return out
