"""The scrolling list of bubbles; follows new text until the user scrolls up."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from simulator.session.run import RunHandle
from simulator.typewriter import Policy
from simulator.ui.kit.frame_clock import FrameClock
from simulator.ui.phone.bubbles import ROW_MARGIN, AssistantBubble, TimeLabel, UserBubble, now_stamp

TIME_LABEL_GAP_S = 180.0
"""WeChat shows the time again only after a pause between messages."""
FOLLOW_SLACK_PX = 8
MIN_BUBBLE_WIDTH = 80
"""Floor while the view is still being laid out (its width can be near zero then)."""


class ChatView(QScrollArea):
    """Bubbles top to bottom; auto-scroll stops when the user scrolls up, resumes at the bottom."""

    def __init__(self, clock: FrameClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.chars_per_second = 60.0
        self.width_ratio = 0.72
        """Widest a bubble may be, as a share of the page (WeChat: about 70 %)."""
        self.policy = Policy.ADAPTIVE
        self.setObjectName("chatView")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # a phone shows no desktop scroll bar: the page scrolls by wheel, drag or keys
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self._content = QWidget()
        self._content.setObjectName("chatContent")
        self._layout = QVBoxLayout(self._content)
        self._layout.setContentsMargins(0, 8, 0, 12)
        self._layout.setSpacing(6)
        self.hint_shown = True
        """Whether an empty page shows the hint (a race lane does not: the race says it)."""
        self.hint = QLabel()
        self.hint.setObjectName("chatHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self.hint)
        self._layout.addStretch(1)
        self.setWidget(self._content)
        self.following = True
        self._last_message_at: float | None = None
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self.on_value_changed)
        bar.rangeChanged.connect(self.on_range_changed)
        self.bubbles: list[AssistantBubble] = []
        self.new_below = QPushButton(self)
        """"New messages ↓": text arrived below while the user reads further up."""
        self.new_below.setObjectName("newBelow")
        self.new_below.hide()
        self.new_below.clicked.connect(self.scroll_to_newest)
        self.retranslate()

    def bubble_width(self) -> int:
        """Widest a bubble may be, in pixels: a share of the page, never wider than the row
        (a narrow race lane would otherwise clip the text on the right)."""
        page = self.viewport().width()
        share = max(160, int(page * self.width_ratio))
        return max(MIN_BUBBLE_WIDTH, min(page - 2 * ROW_MARGIN, share))

    def add_user(self, text: str) -> UserBubble:
        """Show the user's message (and the time when it has been a while)."""
        now = time.monotonic()
        if self._last_message_at is None or now - self._last_message_at > TIME_LABEL_GAP_S:
            self._append(TimeLabel(now_stamp()))
        self._last_message_at = now
        bubble = UserBubble(text, self.bubble_width())
        self._append(bubble)
        self.following = True  # sending jumps back to the newest message
        return bubble

    def add_assistant(self, run: RunHandle, show_avatar: bool = True) -> AssistantBubble:
        """A bubble that types out `run`'s reply."""
        bubble = AssistantBubble(
            run,
            self.clock,
            self.bubble_width(),
            chars_per_second=self.chars_per_second,
            policy=self.policy,
            show_avatar=show_avatar,
        )
        self._append(bubble)
        self.bubbles.append(bubble)
        return bubble

    def append_widget(self, widget: QWidget) -> None:
        """A row of another kind (page mode's bubbles) below the last one."""
        self._append(widget)

    def clear(self) -> None:
        """A fresh page (the capsule's reload, home): every message goes, the hint comes back."""
        while self._layout.count() > 2:
            item = self._layout.takeAt(1)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for bubble in self.bubbles:
            self.clock.remove(bubble)
        self.bubbles.clear()
        self._last_message_at = None
        self.hint.setVisible(self.hint_shown)

    def _append(self, widget: QWidget) -> None:
        self.hint.hide()
        self._layout.insertWidget(self._layout.count() - 1, widget)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.new_below.setText(self.tr("New messages ↓"))
        self.hint.setText(
            self.tr("Ask the assistant something: the reply streams in, with its cost beside it.")
        )

    # -- follow the newest text ------------------------------------------------------------
    def on_value_changed(self, value: int) -> None:
        self.following = value >= self.verticalScrollBar().maximum() - FOLLOW_SLACK_PX
        if self.following:
            self.new_below.hide()

    def on_range_changed(self, _minimum: int, maximum: int) -> None:
        if self.following:
            self.verticalScrollBar().setValue(maximum)
        elif maximum > 0:
            self._place_new_below()
            self.new_below.show()
            self.new_below.raise_()

    def scroll_to_newest(self) -> None:
        self.following = True
        self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())
        self.new_below.hide()

    def _place_new_below(self) -> None:
        self.new_below.adjustSize()
        x = (self.width() - self.new_below.width()) // 2
        self.new_below.move(x, self.height() - self.new_below.height() - 10)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_new_below()
        width = self.bubble_width()
        for bubble in self.bubbles:
            bubble.set_max_width(width)
