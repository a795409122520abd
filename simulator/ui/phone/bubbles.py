"""Chat bubbles: the user's (right, WeChat green), the assistant's (left, typed out), timestamps."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from simulator.session.painter import PaintModel
from simulator.session.run import RunHandle
from simulator.transports.events import (
    ChunkReceived,
    ReplyCompleted,
    RunEvent,
    RunFailed,
    RunStopped,
    TransportNote,
)
from simulator.typewriter import Policy, Typewriter
from simulator.ui.kit.assets import pixmap
from simulator.ui.kit.formatting import live_line, wrappable
from simulator.ui.kit.frame_clock import FrameClock
from simulator.ui.kit.messages import brief_message, translate_message
from simulator.ui.phone.markdown_view import MarkdownBubbleText

AVATAR = 38
STATS_INTERVAL_S = 0.25
NOTES_SHOWN = 2
NOTE_CHARS = 90
USER_PREVIEW_CHARS = 2000
ROW_MARGIN = 12
"""Left and right margin of a bubble's row, outside its maximum width."""
"""A pasted megabyte stays whole in the request; the bubble shows its start (a QLabel lays
out all of its text on every resize: ~0.1 s per 100,000 characters)."""


def avatar(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName("avatar")
    label.setPixmap(pixmap(name, AVATAR))
    label.setFixedSize(AVATAR, AVATAR)
    return label


class TimeLabel(QLabel):
    """The grey time WeChat shows between messages."""

    def __init__(self, stamp: str) -> None:
        super().__init__(stamp)
        self.setObjectName("timeLabel")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)


class UserBubble(QWidget):
    """The user's message, right-aligned in WeChat green."""

    def __init__(self, text: str, max_width: int) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(ROW_MARGIN, 4, ROW_MARGIN, 4)
        row.setSpacing(8)
        shown = text
        if len(text) > USER_PREVIEW_CHARS:
            rest = len(text) - USER_PREVIEW_CHARS
            shown = text[:USER_PREVIEW_CHARS] + self.tr("… (+{0} more characters)").format(rest)
        self.label = QLabel(shown)
        self.label.setObjectName("userBubble")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setMaximumWidth(max_width)
        row.addStretch(1)
        row.addWidget(self.label, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(avatar("avatar_user"), 0, Qt.AlignmentFlag.AlignTop)


class AssistantBubble(QWidget):
    """The assistant's reply: markdown typed out by a `Typewriter`, figures underneath.

    Feed it the run's events with `on_run_event`; the shared `FrameClock` calls `tick` once
    per frame while characters wait, and each paint is reported to the run (`CharsPainted`).
    """

    painting_finished = Signal()

    def __init__(
        self,
        run: RunHandle,
        clock: FrameClock,
        max_width: int,
        chars_per_second: float = 60.0,
        policy: Policy = Policy.ADAPTIVE,
        show_avatar: bool = True,
    ) -> None:
        super().__init__()
        self.run = run
        self.clock = clock
        self.paint = PaintModel(run.transport, policy, chars_per_second, run.emit)
        """The painter model the bench uses too: same run, same painted timeline."""
        self._last_stats = 0.0
        self._ended = False

        row = QHBoxLayout(self)
        row.setContentsMargins(ROW_MARGIN, 4, ROW_MARGIN, 4)
        row.setSpacing(8)
        if show_avatar:
            row.addWidget(avatar("avatar_bot"), 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(3)
        self.frame = QFrame()
        self.frame.setObjectName("assistantBubble")
        inner = QVBoxLayout(self.frame)
        inner.setContentsMargins(12, 9, 12, 9)
        self.text_view = MarkdownBubbleText(max_width - 24)
        inner.addWidget(self.text_view)
        column.addWidget(self.frame, 0, Qt.AlignmentFlag.AlignLeft)
        self.frame.hide()  # shown with the first painted character
        self.status = QLabel()
        self.status.setObjectName("bubbleStatus")
        self.status.setWordWrap(True)
        column.addWidget(self.status)
        self.notice = QLabel()
        """What the transport recovered from (a skipped frame, a reconnect): not an error."""
        self.notice.setObjectName("bubbleNotice")
        self.notice.setWordWrap(True)
        self.notice.setMaximumWidth(max_width)
        self.notice.hide()
        self._notes: list[str] = []
        column.addWidget(self.notice)
        self.stats = QLabel()
        self.stats.setObjectName("bubbleStats")
        self.stats.setWordWrap(True)
        self.stats.setMaximumWidth(max_width)
        column.addWidget(self.stats)
        row.addLayout(column, 1)
        self._status_key = "connecting"
        self.retranslate()

    # -- state -----------------------------------------------------------------------------
    @property
    def shown_text(self) -> str:
        """The markdown painted so far."""
        return self.text_view.markdown.text()

    @property
    def typewriter(self) -> Typewriter:
        return self.paint.typewriter

    @property
    def painting(self) -> bool:
        """Characters are still waiting to be typed out."""
        return not self.typewriter.done

    def stop_typing(self) -> None:
        """Stop: paint at once what arrived and end the typing (the run may have ended)."""
        rest = self.typewriter.take_all()
        if rest:
            self.frame.show()
            self.text_view.markdown.append(rest)
            self.run.record_paint(len(rest), self.typewriter.painted)
        self.clock.add(self)

    def set_max_width(self, width: int) -> None:
        self.text_view.set_max_width(width - 24)
        self.stats.setMaximumWidth(width)
        self.notice.setMaximumWidth(width)

    # -- run events --------------------------------------------------------------------------
    def on_run_event(self, event: RunEvent) -> None:
        """Apply one event of this bubble's run (painting rules: `PaintModel`)."""
        flushed = self.paint.on_event(event)
        if flushed:  # a stop shows at once everything that had arrived
            self.text_view.markdown.append(flushed)
            self.frame.show()
        if isinstance(event, ChunkReceived):
            self.clock.add(self)
        elif isinstance(event, TransportNote):
            self._add_note(event.message)
        elif isinstance(event, ReplyCompleted):
            self._end("")
        elif isinstance(event, RunFailed):
            self._end("failed" if event.partial_text else "failed_empty", event.error)
        elif isinstance(event, RunStopped):
            self._end("stopped")

    def _add_note(self, message: str) -> None:
        if message in self._notes:
            return
        self._notes.append(message)
        self._show_notes()
        self.notice.show()

    def _show_notes(self) -> None:
        shown = self._notes[-NOTES_SHOWN:]
        more = len(self._notes) - len(shown)
        text = "\n".join(f"ⓘ {_elide(brief_message(note))}" for note in shown)
        self.notice.setText(f"{text}\n(+{more})" if more else text)
        # the whole notes, raw wx errors included (the network log has them too)
        self.notice.setToolTip("\n".join(translate_message(note) for note in self._notes))

    def _end(self, key: str, detail: str = "") -> None:
        self._ended = True
        self._status_key = key
        self._status_detail = detail
        self.retranslate()
        self.clock.add(self)

    # -- painting ----------------------------------------------------------------------------
    def tick(self, now: float) -> bool:
        """Paint this frame's characters; False when there is nothing left to paint."""
        text = self.paint.frame(now)  # reported to the run as CharsPainted
        if text:
            if self._status_key == "connecting":
                self._status_key = ""
                self.retranslate()
            self.frame.show()
            self.text_view.markdown.append(text)
        if self._ended and self.typewriter.done:
            self.text_view.markdown.finish()
        grew = self.text_view.markdown.render() and self.text_view.fit()
        if now - self._last_stats >= STATS_INTERVAL_S or self.typewriter.done:
            self.update_stats()
            self._last_stats = now
            grew = True  # the figures may take another line
        if grew:
            self._settle()
        if self._ended and self.typewriter.done:
            self.painting_finished.emit()
            return False
        return True

    def _settle(self) -> None:
        """The text grew a line: lay the bubble and its page out now, in this frame. Left to
        the posted layout requests (one level per pass of the event loop), a row of narrow
        race lanes typing at once showed the text taller than its frame, its last lines cut
        by the figures, for several frames."""
        widget: QWidget | None = self.text_view.parentWidget()
        while widget is not None and not isinstance(widget, QScrollArea):
            layout = widget.layout()
            if layout is not None:
                layout.activate()  # from the frame up: each one sees its children's new size
            widget = widget.parentWidget()
        if widget is not None and widget.widgetResizable():
            widget.setWidgetResizable(True)  # the page grows to its new height at once

    def update_stats(self) -> None:
        """Refresh the live latency line from the run's timeline."""
        if self.run.live.send_at is not None:
            shown = self.run.transport_shown
            via = shown if shown != self.run.transport else ""  # only `auto` has a tier to say
            self.stats.setText(live_line(self.run.live, via))

    # -- language ----------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.update_stats()
        super().changeEvent(event)

    def retranslate(self) -> None:
        key = self._status_key
        detail = translate_message(getattr(self, "_status_detail", ""))
        if getattr(self, "_notes", None):
            self._show_notes()
        if key == "connecting":
            text = self.tr("Connecting…")
        elif key == "failed":
            text = self.tr("⚠ Error: {0}. The text received so far is kept.").format(detail)
        elif key == "failed_empty":
            text = self.tr("⚠ Error: {0}. Nothing was received.").format(detail)
        elif key == "stopped":
            text = self.tr("Stopped.")
        else:
            text = ""
        # errMsg tokens (net::ERR_CONNECTION_REFUSED) have no space: let them wrap, not widen
        self.status.setText(wrappable(text))
        self.status.setProperty("error", key.startswith("failed"))
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setVisible(bool(text))


def _elide(note: str) -> str:
    # A note may carry a long path or URL with no place to wrap; the network log has it whole.
    short = note if len(note) <= NOTE_CHARS else note[: NOTE_CHARS - 1] + "…"
    return short.replace("/", "/\u200b")  # a zero-width space lets a path wrap after "/"


def now_stamp() -> str:
    """The wall-clock time shown above a new message."""
    return time.strftime("%H:%M")
