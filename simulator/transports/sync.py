"""Sync: one request for the whole reply, then typed out by the seed's fast typewriter."""

from __future__ import annotations

import asyncio
import json
from typing import ClassVar

from simulator.transports.base import SendMessage, TimedTransport
from simulator.transports.events import EmitEvent
from simulator.transports.failures import Failure, FailureKind
from simulator.transports.framing import parse_openai_message
from simulator.transports.reply import (
    as_bytes,
    begin_run,
    http_error,
    message_request,
    request_text,
    scenario_of,
    status_of,
)


class SyncTransport(TimedTransport):
    """The seed's last resort: `wx.request` waits for the whole body (no streaming at all)."""

    name: ClassVar[str] = "sync"
    """The renderer should use the seed's fast typewriter for this transport."""

    async def run(self, message: SendMessage, emit: EmitEvent) -> None:
        run, endpoint = begin_run(self, message, emit, self.backend.sync, "sync endpoint")
        if endpoint is None:
            return
        url, data, extra = message_request(
            self.backend,
            endpoint,
            message,
            stream=False,
            scenario=scenario_of(self.backend, message),
        )
        run.request("request", url)
        try:
            ok, res = await request_text(
                self.wx,
                url,
                endpoint.method,
                data,
                self.backend.request_headers(extra),
                self.timeout_ms,
                run,
            )
        except asyncio.CancelledError:
            run.stop()
            raise
        if not ok:
            run.fail(run.wx_failure(res))
            return
        raw = as_bytes(res.get("data"))
        run.opened(f"response {status_of(res)}")
        error = http_error(status_of(res), raw)
        if error is not None:
            run.empty("response", len(raw))
            run.fail(error)
            return
        content, reply_id = self._content(raw)
        if content is None:
            run.empty("response", len(raw))
            run.fail(Failure(FailureKind.MALFORMED, f"answer has no reply text: {raw[:80]!r}"))
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
