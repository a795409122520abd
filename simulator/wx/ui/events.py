"""What the native UI layer shows, as typed values and the events observers receive.

The window draws these as chrome around the page (toast, loading, modal, action sheet,
navigation bar, tab bar); the headless JSON output reports them. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ToastIcon = Literal["success", "error", "loading", "none"]


@dataclass(frozen=True, slots=True)
class Toast:
    """The one toast/loading layer: `showToast` and `showLoading` replace each other (the
    platform draws both in one layer, "toast 和 loading 相关接口可以相互混用")."""

    seq: int
    kind: Literal["toast", "loading"]
    title: str
    icon: ToastIcon
    image: str
    duration_ms: int | None
    """None for a loading: it stays until hidden."""
    mask: bool
    at: float


@dataclass(frozen=True, slots=True)
class Modal:
    id: int
    title: str
    content: str
    show_cancel: bool
    cancel_text: str
    cancel_color: str
    confirm_text: str
    confirm_color: str
    editable: bool
    placeholder_text: str
    at: float


@dataclass(frozen=True, slots=True)
class ModalAnswer:
    confirm: bool
    content: str = ""
    """What the user typed into an editable modal."""


@dataclass(frozen=True, slots=True)
class ActionSheet:
    id: int
    items: tuple[str, ...]
    item_color: str
    alert_text: str
    at: float


@dataclass(frozen=True, slots=True)
class NavigationBar:
    """One page's bar. `front_color` is #ffffff or #000000 (the platform allows no other)."""

    title: str = ""
    front_color: str = "#000000"
    background_color: str = "#ffffff"
    loading: bool = False
    """`showNavigationBarLoading`: the spinner beside the title."""
    animation_ms: int = 0
    animation_timing: str = "linear"


@dataclass(frozen=True, slots=True)
class TabBarItemState:
    badge: str | None = None
    red_dot: bool = False


@dataclass(frozen=True, slots=True)
class TabBar:
    visible: bool = True
    items: tuple[TabBarItemState, ...] = ()


# -- events -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ToastShown:
    toast: Toast


@dataclass(frozen=True, slots=True)
class ToastHidden:
    seq: int
    reason: Literal["timeout", "hidden"]


@dataclass(frozen=True, slots=True)
class ModalOpened:
    modal: Modal


@dataclass(frozen=True, slots=True)
class ModalClosed:
    id: int
    answer: ModalAnswer


@dataclass(frozen=True, slots=True)
class ActionSheetOpened:
    sheet: ActionSheet


@dataclass(frozen=True, slots=True)
class ActionSheetClosed:
    id: int
    tap_index: int | None
    """None: cancelled."""


@dataclass(frozen=True, slots=True)
class NavigationBarChanged:
    page_id: int | None
    bar: NavigationBar


@dataclass(frozen=True, slots=True)
class TabBarChanged:
    tab_bar: TabBar


@dataclass(frozen=True, slots=True)
class Vibrated:
    long: bool
    type: str
    """heavy | medium | light for vibrateShort; "" for vibrateLong."""


@dataclass(frozen=True, slots=True)
class ClipboardChanged:
    text: str


UiEvent = (
    ToastShown
    | ToastHidden
    | ModalOpened
    | ModalClosed
    | ActionSheetOpened
    | ActionSheetClosed
    | NavigationBarChanged
    | TabBarChanged
    | Vibrated
    | ClipboardChanged
)
