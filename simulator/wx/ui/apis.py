"""The interaction and navigation-bar APIs: showToast … setNavigationBarColor, tab-bar badges,
pageScrollTo, createSelectorQuery. A mixin of `WxRuntime`; state lives in `NativeUi`.

errMsg texts: `hideLoading:fail:toast can't be found` (developers' reports quote it, also
without the second colon on newer clients), `showActionSheet:fail cancel`, `… not TabBar
page`, `showModal:fail confirmText length should not larger than 4 Chinese characters` —
community-reported platform strings; the parameter-error shape is the platform's own.
"""

from __future__ import annotations

import re
from typing import Any

from simulator.wx.apicall import (
    MISSING,
    ApiBase,
    Promise,
    WxApi,
    api_options,
    need_str,
    param_error,
)
from simulator.wx.callbacks import Callback
from simulator.wx.errors import InvalidArgument, WxError
from simulator.wx.ui import events as ui
from simulator.wx.ui.state import NativeUi
from simulator.wx.ui.view import ScrollRequest, SelectorQuery, ViewCommands

TOAST_MS = 1500
"""`showToast` duration default (doc: 1500)."""
TOAST_ICONS = ("success", "error", "loading", "none")
MODAL_BUTTON_MAX = 4
"""Button texts: "最多 4 个字符" — counted as Chinese characters (ASCII counts half)."""
ACTION_SHEET_MAX = 6
NOT_FOUND = ":toast can't be found"
"""Appended to `hideLoading:fail` / `hideToast:fail` (no space: the reported text)."""
FRONT_COLORS = ("#ffffff", "#000000")
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
TIMING = ("linear", "easeIn", "easeOut", "easeInOut")


class _NotFound(WxError):
    """The platform's `hideLoading:fail:toast can't be found` has no space after `fail`."""

    def err_msg(self, api: str) -> str:
        return f"{api}:fail{self.detail}"


def _button_width(text: str) -> float:
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)


class UiApis(ApiBase):
    """Mixed into `WxRuntime`; `ui` and `view` are set by `_init_native`."""

    ui: NativeUi
    view: ViewCommands | None

    # -- toast / loading: a handler each (its parameters are the API's options), then the rows
    def _show_toast(
        self, title: Any = MISSING, icon: str = "success", image: str = "",
        duration: int = TOAST_MS, mask: bool = False,
    ) -> None:  # fmt: skip
        """Shows at once (success does not wait for the duration). Default icon "success"."""
        text = need_str("title", title)
        shown = icon if icon in TOAST_ICONS else "success"
        ms = int(duration) if isinstance(duration, int | float) else TOAST_MS
        self.ui.show_toast("toast", text, shown, str(image or ""), ms, bool(mask))  # type: ignore[arg-type]

    def _show_loading(self, title: Any = MISSING, mask: bool = False) -> None:
        self.ui.show_toast("loading", need_str("title", title), "loading", "", None, bool(mask))

    def _hide_toast(self, noConflict: bool = False) -> None:
        """Hides a toast or a loading (they share a layer); `noConflict` (2.22.1) only a toast."""
        self._hide("hideToast", "toast", noConflict)

    def _hide_loading(self, noConflict: bool = False) -> None:
        """Nothing shown → `fail` "hideLoading:fail:toast can't be found"; without callbacks
        that is a rejected Promise, as on the phone ("(in promise) MiniProgramError")."""
        self._hide("hideLoading", "loading", noConflict)

    def _hide(self, api: str, kind: Any, no_conflict: bool) -> None:
        only = kind if no_conflict and self.canIUse(f"{api}.object.noConflict") else None
        if not self.ui.hide_toast(only):
            raise _NotFound(NOT_FOUND)

    showToast = WxApi(_show_toast)
    showLoading = WxApi(_show_loading)
    hideToast = WxApi(_hide_toast)
    hideLoading = WxApi(_hide_loading)

    # -- modal / action sheet ----------------------------------------------------------------
    @api_options
    def showModal(
        self,
        title: Any = "",
        content: Any = "",
        showCancel: bool = True,
        cancelText: Any = "取消",
        cancelColor: str = "#000000",
        confirmText: Any = "确定",
        confirmColor: str = "#576B95",
        editable: bool = False,
        placeholderText: str = "",
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        """`success({confirm, cancel, content})` once answered (UI or `AutoAnswers`);
        cancelling is a success with `cancel: true`, as on the platform."""
        ok, bad, promise = self._later("showModal", success, fail, complete)
        try:
            for name, value in (("title", title), ("content", content)):
                need_str(name, value)
            for name, value in (("cancelText", cancelText), ("confirmText", confirmText)):
                if _button_width(need_str(name, value)) > MODAL_BUTTON_MAX:
                    raise InvalidArgument(
                        f"{name} length should not larger than 4 Chinese characters"
                    )
        except WxError as exc:
            bad(exc)
            return promise
        can_edit = bool(editable) and self.canIUse("showModal.object.editable")

        def answered(answer: ui.ModalAnswer) -> None:
            ok(
                {
                    "confirm": answer.confirm,
                    "cancel": not answer.confirm,
                    "content": answer.content if can_edit and answer.confirm else "",
                }
            )

        self.ui.open_modal(
            answered, title=title, content=content, show_cancel=bool(showCancel),
            cancel_text=cancelText, cancel_color=str(cancelColor), confirm_text=confirmText,
            confirm_color=str(confirmColor), editable=can_edit,
            placeholder_text=str(placeholderText or ""),
        )  # fmt: skip
        return promise

    @api_options
    def showActionSheet(
        self,
        itemList: Any = MISSING,
        itemColor: str = "#000000",
        alertText: str = "",
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        """`success({tapIndex})`, or `fail` "showActionSheet:fail cancel" when cancelled."""
        ok, bad, promise = self._later("showActionSheet", success, fail, complete)
        if not isinstance(itemList, list | tuple) or not all(isinstance(i, str) for i in itemList):
            bad(param_error("itemList", "Array", itemList))
            return promise
        if len(itemList) > ACTION_SHEET_MAX:
            bad(InvalidArgument("parameter error: itemList should not be large than 6"))
            return promise

        def answered(index: int | None) -> None:
            if index is None:
                bad(WxError("cancel"))
            else:
                ok({"tapIndex": index})

        self.ui.open_action_sheet(answered, tuple(itemList), str(itemColor), str(alertText or ""))
        return promise

    # -- navigation bar --------------------------------------------------------------------
    def _set_title(self, title: Any = MISSING) -> None:
        self.ui.update_navigation_bar(title=need_str("title", title))

    def _set_colors(
        self, frontColor: Any = MISSING, backgroundColor: Any = MISSING,
        animation: dict[str, Any] | None = None,
    ) -> None:  # fmt: skip
        """frontColor only #ffffff or #000000 (doc: "仅支持 #ffffff 和 #000000")."""
        front = need_str("frontColor", frontColor).lower()
        back = need_str("backgroundColor", backgroundColor)
        if front not in FRONT_COLORS:
            raise InvalidArgument(f'invalid frontColor "{frontColor}"')
        if not _HEX.match(back):
            raise InvalidArgument(f'invalid backgroundColor "{backgroundColor}"')
        anim = animation if isinstance(animation, dict) else {}
        ms = anim.get("duration", 0)
        timing = anim.get("timingFunc", "linear")
        self.ui.update_navigation_bar(
            front_color=front,
            background_color=back,
            animation_ms=int(ms) if isinstance(ms, int | float) else 0,
            animation_timing=timing if timing in TIMING else "linear",
        )

    def _bar_loading(self) -> None:
        self.ui.update_navigation_bar(loading=True)

    def _bar_loaded(self) -> None:
        self.ui.update_navigation_bar(loading=False)

    setNavigationBarTitle = WxApi(_set_title)
    setNavigationBarColor = WxApi(_set_colors)
    showNavigationBarLoading = WxApi(_bar_loading)
    hideNavigationBarLoading = WxApi(_bar_loaded)

    # -- tab bar -----------------------------------------------------------------------------
    def _tab(self, index: Any = None) -> int | None:
        if self.ui.tab_bar is None or self.ui.tab_index is None:
            raise WxError("not TabBar page")
        if index is None:
            return None
        if not isinstance(index, int) or isinstance(index, bool):
            raise param_error("index", "Number", index)
        if not 0 <= index < len(self.ui.tab_bar.items):
            raise WxError("tabbar item not found")
        return index

    def _set_badge(self, index: Any = MISSING, text: Any = MISSING) -> None:
        i = self._tab(index)
        self.ui.update_tab_bar(index=i, badge=need_str("text", text), red_dot=False)

    def _remove_badge(self, index: Any = MISSING) -> None:
        self.ui.update_tab_bar(index=self._tab(index), badge=None)

    def _show_dot(self, index: Any = MISSING) -> None:
        self.ui.update_tab_bar(index=self._tab(index), red_dot=True, badge=None)

    def _hide_dot(self, index: Any = MISSING) -> None:
        self.ui.update_tab_bar(index=self._tab(index), red_dot=False)

    def _show_tab_bar(self, animation: bool = False) -> None:
        self._tab()
        self.ui.update_tab_bar(visible=True)

    def _hide_tab_bar(self, animation: bool = False) -> None:
        self._tab()
        self.ui.update_tab_bar(visible=False)

    setTabBarBadge = WxApi(_set_badge)
    removeTabBarBadge = WxApi(_remove_badge)
    showTabBarRedDot = WxApi(_show_dot)
    hideTabBarRedDot = WxApi(_hide_dot)
    showTabBar = WxApi(_show_tab_bar)
    hideTabBar = WxApi(_hide_tab_bar)

    # -- the view ----------------------------------------------------------------------------
    @api_options
    def pageScrollTo(
        self,
        scrollTop: float | None = None,
        selector: str | None = None,
        offsetTop: float = 0,
        duration: int = 300,
        success: Callback | None = None,
        fail: Callback | None = None,
        complete: Callback | None = None,
    ) -> Promise:
        """Asks the view (`ViewCommands.scroll_to`); success once it scrolled. Without a
        view (single-file page mode) it succeeds at once: there is nothing to scroll."""
        ok, bad, promise = self._later("pageScrollTo", success, fail, complete)
        if scrollTop is None and selector is None:
            bad(InvalidArgument("parameter error: scrollTop or selector is required"))
            return promise
        if self.view is None:
            ok({})
            return promise
        request = ScrollRequest(
            self.ui.page_id,
            float(scrollTop) if isinstance(scrollTop, int | float) else None,
            selector if isinstance(selector, str) else None,
            float(offsetTop) if isinstance(offsetTop, int | float) else 0.0,
            int(duration) if isinstance(duration, int | float) else 300,
        )

        def done(error: str | None) -> None:
            if error is None:
                ok({})
            else:
                bad(WxError(error))

        self.view.scroll_to(request, done)
        return promise

    def createSelectorQuery(self) -> SelectorQuery:
        """A query on the top page; `exec` asks the view (`ViewCommands.query`)."""
        return SelectorQuery(self.view, self.ui.page_id)

    def canIUse(self, schema: str) -> bool:  # provided by WxRuntime
        raise NotImplementedError
