"""`FollowingHost`: a project host whose runs a person starts in the view (the window).

In the window nobody calls `send()`: the person types into the page's own input and taps its
own button. The host watches the view's events: the last `input` value is what was typed;
a tap on a send handler (`send`, `onSend`, `handleSubmit`… as drive.py names them) or an
input's `confirm` is held back and reported through `on_user_send(text)`, so the session can
make a run handle first; `follow(text, emit)` then starts the run's timeline and releases the
held event to the logic layer, which sends the message as the page's own code does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from simulator.page.errors import PageError, PageRunFailed
from simulator.project.drive import _SEND
from simulator.project.host import TRANSPORT_NAME, ProjectHost
from simulator.project.port import Message
from simulator.project.recorder import RunState
from simulator.transports import events as run_ev


def is_send(msg: Message, typed: str = "") -> bool:
    """A view event that sends the message: an input's confirm, a tap on a send handler
    (`send`, `onSend`…), or — with text typed — a tap on a `button` (a component's `onTap`
    that triggers the page's `send` event)."""
    event = msg.get("event") or {}
    kind = event.get("type")
    if kind == "confirm":
        return True
    if kind != "tap":
        return False
    return bool(_SEND.search(str(msg.get("handler")))) or (
        bool(typed) and msg.get("tag") == "button"
    )


class FollowingHost(ProjectHost):
    """`ProjectHost` plus runs started by a person's tap in the view."""

    def __init__(self, *args: Any, on_user_send: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_user_send = on_user_send
        self.typed = ""
        """The page input's value as the person last typed it."""
        self._held: Message | None = None

    def _from_view(self, msg: Message) -> None:
        if msg.get("t") == "event":
            event = msg.get("event") or {}
            detail = event.get("detail")
            if event.get("type") == "input" and isinstance(detail, dict):
                self.typed = str(detail.get("value", ""))
            idle = self.recorder.run is None and self._held is None
            if idle and is_send(msg, self.typed):
                if event.get("type") == "confirm" and isinstance(detail, dict):
                    self.typed = str(detail.get("value", self.typed))
                self._held = msg
                self.on_user_send(self.typed)
                return
        super()._from_view(msg)

    def set_data(self, instance: Any, data: dict[str, Any]) -> None:
        """The AppData panel's edit: the instance's own `setData(data)` in the logic layer."""
        self._logic.post({"t": "inspectSetData", "id": instance, "data": data})

    async def follow(self, text: str, emit: run_ev.EmitEvent) -> str:
        """The run of the held tap: timeline first, then the page's handler, until idle.

        Raises:
            PageRunFailed: a page error, no reply shown, or a timeout.
        """
        held, self._held = self._held, None
        if self.failure is not None:
            raise self.failure
        run = RunState(next(self._runs), emit)
        try:
            self.recorder.start(run)
            now = time.monotonic()
            emit(run_ev.MessageSent(now, TRANSPORT_NAME, text))
            self._last_activity = now
            if held is not None:
                super()._from_view(held)
            else:
                run.tapped = True
            await self._until_idle(run)
            self.recorder.finish()
            if run.errors:
                raise PageRunFailed(str(run.errors[0]))
            if not self.tracker.text:
                raise PageRunFailed(self.tracker.no_reply_reason())
        except PageError as exc:
            self.recorder.finish()
            emit(run_ev.RunFailed(time.monotonic(), str(exc), self.tracker.text, run.reply_id))
            raise
        emit(run_ev.ReplyCompleted(time.monotonic(), self.tracker.text, run.reply_id))
        return self.tracker.text


class FollowSender:
    """A `PageSender` over `FollowingHost.follow` (so `PageTransport` drives the held run)."""

    def __init__(self, host: FollowingHost) -> None:
        self.host = host
        self.wx = host.wx

    async def send(self, text: str, emit: run_ev.EmitEvent) -> str:
        return await self.host.follow(text, emit)
