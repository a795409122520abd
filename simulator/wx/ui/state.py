"""`NativeUi`: the state of the native UI a page drives, with plain observers (no Qt).

Bounded whatever the page does: one toast at a time (a new one replaces the old and its
timer), open modals and action sheets only while they wait for an answer, and a short
history for reports. 100 toasts a second cost 100 replacements, not 100 kept objects.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from simulator.wx.ui import events as ui

logger = logging.getLogger("simulator.wx")

Observer = Callable[[ui.UiEvent], object]
HISTORY = 200
"""UI events kept for the headless report (older ones are dropped)."""


@dataclass(frozen=True, slots=True)
class AutoAnswers:
    """How modals and action sheets are answered when nobody is at the screen (headless runs,
    tests). `None` waits for `NativeUi.answer_modal` / `answer_action_sheet` (the window)."""

    modal: Literal["confirm", "cancel"] | None = "confirm"
    modal_content: str = ""
    """Typed into an editable modal before it is confirmed."""
    action_sheet: int | None = 0
    """The tapIndex chosen; -1 cancels (`showActionSheet:fail cancel`)."""


@dataclass(slots=True)
class _Pending:
    item: Any
    done: Callable[[Any], None]


class NativeUi:
    """The toast/loading layer, modals, action sheets, navigation bars, tab bar, clipboard.

    `loop_of()` gives the running loop when a timer or an automatic answer is needed, so the
    object can be built before the loop runs.
    """

    def __init__(
        self,
        loop_of: Callable[[], asyncio.AbstractEventLoop],
        answers: AutoAnswers | None = None,
    ) -> None:
        self._loop_of = loop_of
        self.answers = answers or AutoAnswers()
        self._observers: tuple[Observer, ...] = ()
        self.history: deque[ui.UiEvent] = deque(maxlen=HISTORY)
        self._seq = itertools.count(1)
        self.toast: ui.Toast | None = None
        self._toast_timer: asyncio.TimerHandle | None = None
        self.toasts_shown = 0
        self._modals: dict[int, _Pending] = {}
        self._sheets: dict[int, _Pending] = {}
        self._bars: dict[int | None, ui.NavigationBar] = {None: ui.NavigationBar()}
        self.page_id: int | None = None
        self.tab_bar: ui.TabBar | None = None
        self.tab_index: int | None = None
        """The tab of the current page, None when it is not a tab page."""
        self.clipboard = ""
        self.vibrations = 0

    # -- observers ---------------------------------------------------------------------------
    def subscribe(self, observer: Observer) -> Callable[[], None]:
        """Call `observer(event)` for every change; returns the unsubscribe function."""
        self._observers = (*self._observers, observer)

        def unsubscribe() -> None:
            self._observers = tuple(o for o in self._observers if o is not observer)

        return unsubscribe

    def _emit(self, event: ui.UiEvent) -> None:
        self.history.append(event)
        for observer in self._observers:
            try:
                observer(event)
            except Exception:
                logger.exception("! UI observer %r raised", observer)

    # -- toast / loading ---------------------------------------------------------------------
    def show_toast(
        self,
        kind: Literal["toast", "loading"],
        title: str,
        icon: ui.ToastIcon = "none",
        image: str = "",
        duration_ms: int | None = None,
        mask: bool = False,
    ) -> ui.Toast:
        """Show a toast or loading, replacing whichever was shown (and its timer)."""
        if self._toast_timer is not None:
            self._toast_timer.cancel()
            self._toast_timer = None
        toast = ui.Toast(
            next(self._seq), kind, title, icon, image, duration_ms, mask, time.monotonic()
        )
        self.toast = toast
        self.toasts_shown += 1
        if duration_ms is not None:
            self._toast_timer = self._loop_of().call_later(
                max(duration_ms, 0) / 1000, self._toast_timeout, toast.seq
            )
        self._emit(ui.ToastShown(toast))
        return toast

    def hide_toast(self, kind: Literal["toast", "loading"] | None = None) -> bool:
        """Hide what is shown (only a `kind` one if given); False when there was none."""
        toast = self.toast
        if toast is None or (kind is not None and toast.kind != kind):
            return False
        self._drop_toast("hidden")
        return True

    def _toast_timeout(self, seq: int) -> None:
        if self.toast is not None and self.toast.seq == seq:
            self._toast_timer = None
            self._drop_toast("timeout")

    def _drop_toast(self, reason: Literal["timeout", "hidden"]) -> None:
        assert self.toast is not None
        seq = self.toast.seq
        self.toast = None
        if self._toast_timer is not None:
            self._toast_timer.cancel()
            self._toast_timer = None
        self._emit(ui.ToastHidden(seq, reason))

    # -- modal -------------------------------------------------------------------------------
    def open_modal(self, done: Callable[[ui.ModalAnswer], None], **fields: Any) -> ui.Modal:
        """Open a modal; `done(answer)` runs once it is answered (by the UI or the policy)."""
        modal = ui.Modal(id=next(self._seq), at=time.monotonic(), **fields)
        self._modals[modal.id] = _Pending(modal, done)
        self._emit(ui.ModalOpened(modal))
        policy = self.answers.modal
        if policy is not None:
            answer = ui.ModalAnswer(
                policy == "confirm",
                self.answers.modal_content if modal.editable and policy == "confirm" else "",
            )
            self._loop_of().call_soon(self.answer_modal, modal.id, answer)
        return modal

    @property
    def modals(self) -> list[ui.Modal]:
        """Open modals, oldest first (the screen shows the first)."""
        return [p.item for p in self._modals.values()]

    def answer_modal(self, modal_id: int, answer: ui.ModalAnswer) -> bool:
        """The user tapped a button; False when that modal is no longer open."""
        pending = self._modals.pop(modal_id, None)
        if pending is None:
            return False
        self._emit(ui.ModalClosed(modal_id, answer))
        pending.done(answer)
        return True

    # -- action sheet ------------------------------------------------------------------------
    def open_action_sheet(
        self, done: Callable[[int | None], None], items: tuple[str, ...], item_color: str,
        alert_text: str,
    ) -> ui.ActionSheet:  # fmt: skip
        sheet = ui.ActionSheet(next(self._seq), items, item_color, alert_text, time.monotonic())
        self._sheets[sheet.id] = _Pending(sheet, done)
        self._emit(ui.ActionSheetOpened(sheet))
        choice = self.answers.action_sheet
        if choice is not None:
            index = choice if 0 <= choice < len(items) else None
            self._loop_of().call_soon(self.answer_action_sheet, sheet.id, index)
        return sheet

    @property
    def action_sheets(self) -> list[ui.ActionSheet]:
        return [p.item for p in self._sheets.values()]

    def answer_action_sheet(self, sheet_id: int, tap_index: int | None) -> bool:
        """An item was tapped (`None`: cancelled); False when that sheet is not open."""
        pending = self._sheets.pop(sheet_id, None)
        if pending is None:
            return False
        self._emit(ui.ActionSheetClosed(sheet_id, tap_index))
        pending.done(tap_index)
        return True

    # -- navigation bar / pages --------------------------------------------------------------
    def set_current_page(
        self,
        page_id: int | None,
        bar: ui.NavigationBar | None = None,
        tab_index: int | None = None,
    ) -> None:
        """The logic layer's page stack changed: `page_id` is on top. `bar` is its initial
        bar (from app.json `window` and the page's .json) the first time it is shown."""
        if bar is not None and page_id not in self._bars:
            self._bars[page_id] = bar
        self._bars.setdefault(page_id, ui.NavigationBar())
        self.page_id = page_id
        self.tab_index = tab_index
        self._emit(ui.NavigationBarChanged(page_id, self._bars[page_id]))

    def page_destroyed(self, page_id: int) -> None:
        self._bars.pop(page_id, None)

    @property
    def navigation_bar(self) -> ui.NavigationBar:
        return self._bars.get(self.page_id, ui.NavigationBar())

    def update_navigation_bar(self, **changes: Any) -> ui.NavigationBar:
        bar = replace(self.navigation_bar, **changes)
        self._bars[self.page_id] = bar
        self._emit(ui.NavigationBarChanged(self.page_id, bar))
        return bar

    # -- tab bar -----------------------------------------------------------------------------
    def configure_tab_bar(self, items: int) -> None:
        """app.json has a `tabBar` with `items` entries."""
        self.tab_bar = ui.TabBar(True, tuple(ui.TabBarItemState() for _ in range(items)))
        self._emit(ui.TabBarChanged(self.tab_bar))

    def update_tab_bar(
        self, *, visible: bool | None = None, index: int | None = None, **item: Any
    ) -> None:
        bar = self.tab_bar
        assert bar is not None
        if visible is not None:
            bar = replace(bar, visible=visible)
        if index is not None:
            items = list(bar.items)
            items[index] = replace(items[index], **item)
            bar = replace(bar, items=tuple(items))
        self.tab_bar = bar
        self._emit(ui.TabBarChanged(bar))

    # -- clipboard / vibration ---------------------------------------------------------------
    def set_clipboard(self, text: str) -> None:
        self.clipboard = text
        self._emit(ui.ClipboardChanged(text))

    def vibrate(self, long: bool, kind: str = "") -> None:
        self.vibrations += 1
        self._emit(ui.Vibrated(long, kind))

    # -- lifecycle / reports -----------------------------------------------------------------
    def close(self) -> None:
        if self._toast_timer is not None:
            self._toast_timer.cancel()
            self._toast_timer = None

    def snapshot(self) -> dict[str, Any]:
        """What the screen shows now, as JSON (for the headless output)."""
        toast = self.toast
        bar = self.navigation_bar
        return {
            "toast": None
            if toast is None
            else {"kind": toast.kind, "title": toast.title, "icon": toast.icon},
            "toastsShown": self.toasts_shown,
            "modals": [{"title": m.title, "content": m.content} for m in self.modals],
            "actionSheets": [list(s.items) for s in self.action_sheets],
            "navigationBar": {
                "title": bar.title,
                "frontColor": bar.front_color,
                "backgroundColor": bar.background_color,
                "loading": bar.loading,
            },
            "tabBar": None
            if self.tab_bar is None
            else {
                "visible": self.tab_bar.visible,
                "items": [{"badge": i.badge, "redDot": i.red_dot} for i in self.tab_bar.items],
            },
            "clipboard": self.clipboard,
            "vibrations": self.vibrations,
        }
