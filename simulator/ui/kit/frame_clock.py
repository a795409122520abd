"""One ~60 Hz timer that drives every typewriter on screen, and stops when none is busy."""

from __future__ import annotations

import gc
import time
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

GC_FREEZE_INTERVAL_S = 1.0


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
        self._frozen_at = 0.0

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

    def stop(self) -> None:
        """No more frames (the window closed): forget every item."""
        self._timer.stop()
        self._items.clear()

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
        if start - self._frozen_at >= GC_FREEZE_INTERVAL_S:
            # A long reply keeps tens of thousands of run events alive; a full collection
            # scans them all (25 ms at 20k chunks, 50-100 ms on a busy machine) and stalls
            # the typing. Freezing moves what survived so far out of the collector's scans;
            # refcounting still frees it, and run events hold no cycles.
            gc.freeze()
            self._frozen_at = start
        self.frame_finished.emit(start, time.monotonic() - start)
