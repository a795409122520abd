"""Race mode: one prompt on every transport at once, side by side, each with its own numbers."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from simulator.session.run import RunHandle
from simulator.transports.registry import race_names
from simulator.ui.devtools.chars_chart import TRANSPORT_COLORS
from simulator.ui.kit.frame_clock import FrameClock
from simulator.ui.phone.bubbles import AssistantBubble
from simulator.ui.phone.chat_view import ChatView
from simulator.ui.phone.phone import InputBar

RACE_TRANSPORTS = race_names()
"""The transport table's `in_race` rows: every transport but `auto`, long polling beside the
seed's 1 s polling (requests per reply side by side: the polling economics)."""


class RaceLane(QFrame):
    """One transport's column: its name, and the reply typing itself out with its figures."""

    def __init__(self, transport: str, clock: FrameClock) -> None:
        super().__init__()
        self.setObjectName("raceLane")
        self.transport = transport
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        title = QLabel(transport)
        title.setObjectName("raceTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet(f"background: {TRANSPORT_COLORS.get(transport, '#888')};")
        column.addWidget(title)
        self.chat = ChatView(clock)
        self.chat.width_ratio = 0.9  # no avatar in a lane: use the room
        self.chat.hint_shown = False  # the race's own line says what to do, once, whole
        self.chat.hint.hide()
        column.addWidget(self.chat, 1)

    def add_run(self, run: RunHandle) -> AssistantBubble:
        return self.chat.add_assistant(run, show_avatar=False)


class RaceView(QWidget):
    """The lanes, the prompt being raced, and an input bar that races whatever is sent."""

    def __init__(self, clock: FrameClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("raceView")
        column = QVBoxLayout(self)
        self.prompt = QLabel()
        self.prompt.setObjectName("racePrompt")
        self.prompt.setWordWrap(True)
        column.addWidget(self.prompt)
        lanes = QHBoxLayout()
        lanes.setSpacing(8)
        self.lanes = {name: RaceLane(name, clock) for name in RACE_TRANSPORTS}
        for lane in self.lanes.values():
            lanes.addWidget(lane, 1)
        column.addLayout(lanes, 1)
        self.input_bar = InputBar()
        column.addWidget(self.input_bar)
        self._prompt_text = ""
        self.retranslate()

    def add_run(self, run: RunHandle) -> AssistantBubble | None:
        """Give `run` a bubble in its transport's lane."""
        lane = self.lanes.get(run.transport)
        if lane is None:
            return None
        self._prompt_text = run.prompt
        self.retranslate()
        return lane.add_run(run)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        if self._prompt_text:
            self.prompt.setText(self.tr("Race: “{0}”").format(self._prompt_text))
        else:
            self.prompt.setText(self.tr("Race mode: send one prompt to every transport at once."))
