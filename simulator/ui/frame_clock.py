"""One ~60 Hz timer that drives every typewriter on screen, and stops when none is busy."""

from __future__ import annotations

import time
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal


class Animated(Protocol):
    """Something painted frame by frame."""

    def tick(self, now: float) -> bool:
        """Paint the frame due at `now`; return False once there is nothing left to animate."""
        ...


class FrameClock(QObject):
    """Calls `tick(now)` on each registered item once per frame (monotonic seconds).

    Updates are capped at the frame rate however fast chunks arrive: ten chunks between two
    frames cost one re-render, not ten.
    """

    frame_finished = Signal(float, float)
    """(frame start, seconds spent in the frame) — the render benchmark listens to it."""

    def __init__(self, interval_ms: int = 16, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.on_timeout)
        self._items: list[Animated] = []

    def add(self, item: Animated) -> None:
        """Animate `item` until its `tick` returns False."""
        if item not in self._items:
            self._items.append(item)
        if not self._timer.isActive():
            self._timer.start()

    def remove(self, item: Animated) -> None:
        """Stop animating `item`."""
        if item in self._items:
            self._items.remove(item)

    @property
    def active(self) -> bool:
        """Whether anything is still being animated."""
        return bool(self._items)

    def on_timeout(self) -> None:
        start = time.monotonic()
        for item in list(self._items):
            if not item.tick(start):
                self.remove(item)
        if not self._items:
            self._timer.stop()
        self.frame_finished.emit(start, time.monotonic() - start)
