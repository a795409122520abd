"""Sync: one request for the whole reply, then typed out by the seed's fast typewriter."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any, ClassVar

from simulator.transports.backend import BackendProfile
from simulator.transports.base import SendMessage, Transport
from simulator.transports.events import EmitEvent
from simulator.transports.framing import error_message, parse_openai_message
from simulator.transports.reply import (
    ReplyRun,
    as_bytes,
    message_body,
    scenario_of,
    settle,
    status_of,
)

if TYPE_CHECKING:
    from simulator.wx import WxRuntime


class SyncTransport(Transport):
    """The seed's last resort: `wx.request` waits for the whole body (no streaming at all)."""

    name: ClassVar[str] = "sync"
    typewriter_policy: ClassVar[str] = "fast"
    """The renderer should use the seed's fast typewriter for this transport."""

    def __init__(self, wx: WxRuntime, backend: BackendProfile, *, timeout_ms: int = 60_000) -> None:
        super().__init__(wx, backend)
        self.timeout_ms = timeout_ms

    async def run(self, message: SendMessage, emit: EmitEvent) -> None:
        run = ReplyRun(self.name, emit)
        run.sent(message)
        endpoint = self.backend.sync
        if endpoint is None:
            run.fail(f"backend profile {self.backend.name!r} has no sync endpoint")
            return
        url = self.backend.url(endpoint.path, scenario=scenario_of(self.backend, message))
        future: asyncio.Future[tuple[bool, dict[str, Any]]] = (
            asyncio.get_running_loop().create_future()
        )
        run.request("request", url)
        task = self.wx.request(
            url=url,
            method=endpoint.method,
            data=message_body(self.backend, message, stream=False),
            header=self.backend.request_headers(),
            timeout=self.timeout_ms,
            dataType="text",
            responseType="text",
            success=lambda res: settle(future, (True, res)),
            fail=lambda res: settle(future, (False, res)),
        )
        try:
            ok, res = await future
        except asyncio.CancelledError:
            task.abort()
            run.stop()
            raise
        if not ok:
            run.fail(str(res.get("errMsg", "request:fail")))
            return
        raw = as_bytes(res.get("data"))
        run.opened(f"response {status_of(res)}")
        status = status_of(res) or 0
        if status >= 400:
            run.empty("response", len(raw))
            run.fail(f"HTTP {status}: {error_message(raw) if raw else 'no body'}")
            return
        content, reply_id = self._content(raw)
        if content is None:
            run.empty("response", len(raw))
            run.fail(f"answer has no reply text: {raw[:80]!r}")
            return
        run.learn_reply_id(reply_id)
        run.chunk(content, len(raw))
        run.complete()

    def _content(self, raw: bytes) -> tuple[str | None, str | None]:
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            return None, None
        if self.backend.body_style == "openai":
            return parse_openai_message(body), body.get("id") if isinstance(body, dict) else None
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get("content"), str):
            return None, None
        reply_id = data.get("replyId")
        return data["content"], reply_id if isinstance(reply_id, str) else None
