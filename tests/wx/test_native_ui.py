"""Native UI APIs: toast/loading (one layer), modal and action sheet answers, navigation and
tab bars, pageScrollTo / createSelectorQuery through ViewCommands, observers, toast floods."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from simulator.wx import CallFailed
from simulator.wx.ui import events as ui
from simulator.wx.ui.state import HISTORY, AutoAnswers
from simulator.wx.ui.view import NodeQuery, ScrollRequest
from tests.helpers.waits import quiet_for, until
from tests.wx.conftest import Calls, MakeNative


async def test_show_toast_defaults_and_success_before_it_hides(make_native: MakeNative) -> None:
    wx = make_native()
    seen: list[ui.UiEvent] = []
    wx.ui.subscribe(seen.append)
    calls = Calls()
    wx.showToast(title="已发送", **calls.outcome())
    toast = wx.ui.toast
    assert toast is not None
    assert (toast.kind, toast.icon, toast.duration_ms, toast.mask) == (
        "toast",
        "success",
        1500,
        False,
    )
    assert calls.names == []
    await calls.finished()
    assert calls.log == [
        ("success", {"errMsg": "showToast:ok"}),
        ("complete", {"errMsg": "showToast:ok"}),
    ]
    assert wx.ui.toast is toast  # still shown: success does not wait for the duration
    assert seen == [ui.ToastShown(toast)]


async def test_toast_hides_itself_after_its_duration(make_native: MakeNative) -> None:
    wx = make_native()
    seen: list[ui.UiEvent] = []
    wx.ui.subscribe(seen.append)
    wx.showToast(title="x", icon="none", duration=20)
    seq = wx.ui.toast.seq if wx.ui.toast else 0
    await until(lambda: wx.ui.toast is None)
    assert seen[-1] == ui.ToastHidden(seq, "timeout")


async def test_toast_without_title_fails_with_the_parameter_error(make_native: MakeNative) -> None:
    wx = make_native()
    calls = Calls()
    wx.showToast(icon="none", **calls.outcome())
    await calls.finished()
    assert calls.first("fail") == {
        "errMsg": "showToast:fail parameter error: parameter.title should be String instead of "
        "Undefined;"
    }
    assert wx.ui.toast is None


async def test_loading_and_toast_share_one_layer(make_native: MakeNative) -> None:
    wx = make_native()
    wx.showLoading(title="加载中", mask=True)
    assert wx.ui.toast is not None and wx.ui.toast.kind == "loading"
    assert wx.ui.toast.duration_ms is None
    wx.showToast(title="失败", icon="error")
    assert wx.ui.toast is not None and wx.ui.toast.kind == "toast"  # replaced the loading
    assert await wx.hideLoading() == {"errMsg": "hideLoading:ok"}  # hides the toast too
    assert wx.ui.toast is None


async def test_hide_loading_with_nothing_shown_fails_as_on_the_phone(
    make_native: MakeNative,
) -> None:
    wx = make_native()
    calls = Calls()
    wx.hideLoading(**calls.outcome())
    await calls.finished()
    assert calls.log == [
        ("fail", {"errMsg": "hideLoading:fail:toast can't be found"}),
        ("complete", {"errMsg": "hideLoading:fail:toast can't be found"}),
    ]
    with pytest.raises(CallFailed) as failed:
        await wx.hideToast()
    assert failed.value.res == {"errMsg": "hideToast:fail:toast can't be found"}


async def test_no_conflict_hides_only_its_own_kind(make_native: MakeNative) -> None:
    wx = make_native()
    wx.showToast(title="a", icon="none")
    with pytest.raises(CallFailed):
        await wx.hideLoading(noConflict=True)
    assert wx.ui.toast is not None  # the toast stays
    assert await wx.hideToast(noConflict=True) == {"errMsg": "hideToast:ok"}


async def test_a_toast_flood_keeps_one_toast_one_timer_and_bounded_history(
    make_native: MakeNative,
) -> None:
    wx = make_native()
    shown = []
    wx.ui.subscribe(lambda e: shown.append(e) if isinstance(e, ui.ToastShown) else None)
    for i in range(1000):
        wx.showToast(title=f"t{i}", icon="none", duration=30)
    assert wx.ui.toasts_shown == 1000 and len(shown) == 1000
    assert len(wx.ui.history) == HISTORY
    assert wx.ui.toast is not None and wx.ui.toast.title == "t999"
    await until(lambda: wx.ui.toast is None)
    hidden = [e for e in wx.ui.history if isinstance(e, ui.ToastHidden)]
    assert len(hidden) == 1  # only the last toast's timer fired


async def test_modal_auto_confirm_result_and_order(make_native: MakeNative) -> None:
    wx = make_native()
    calls = Calls()
    seen: list[ui.UiEvent] = []
    wx.ui.subscribe(seen.append)
    wx.showModal(title="删除？", content="不可恢复", **calls.outcome())
    assert [m.title for m in wx.ui.modals] == ["删除？"]
    assert calls.names == []
    await calls.finished()
    res = {"confirm": True, "cancel": False, "content": "", "errMsg": "showModal:ok"}
    assert calls.log == [("success", res), ("complete", res)]
    assert wx.ui.modals == []
    assert [type(e) for e in seen] == [ui.ModalOpened, ui.ModalClosed]


async def test_modal_cancel_policy_and_editable_content(make_native: MakeNative) -> None:
    wx = make_native(answers=AutoAnswers(modal="cancel"))
    res = await wx.showModal(title="t")
    assert (res["confirm"], res["cancel"]) == (False, True)
    typed = make_native(answers=AutoAnswers(modal_content="你好"))
    res = await typed.showModal(title="名字", editable=True, placeholderText="输入")
    assert res["content"] == "你好" and res["confirm"] is True


async def test_modal_waits_for_the_ui_when_no_policy(make_native: MakeNative) -> None:
    wx = make_native(answers=AutoAnswers(modal=None, action_sheet=None))
    calls = Calls()
    wx.showModal(title="t", **calls.outcome())
    await quiet_for(0.05)  # no answer comes by itself
    assert calls.names == [] and len(wx.ui.modals) == 1
    assert wx.ui.answer_modal(wx.ui.modals[0].id, ui.ModalAnswer(False))
    await calls.finished()
    assert calls.first("success")["cancel"] is True
    assert not wx.ui.answer_modal(999, ui.ModalAnswer(True))


async def test_modal_button_text_longer_than_four_chinese_characters_fails(
    make_native: MakeNative,
) -> None:
    wx = make_native()
    with pytest.raises(CallFailed) as failed:
        await wx.showModal(title="t", confirmText="确定确定确")
    assert failed.value.res["errMsg"] == (
        "showModal:fail confirmText length should not larger than 4 Chinese characters"
    )
    assert (await wx.showModal(title="t", cancelText="Cancel"))["confirm"]  # ASCII counts half
    assert wx.ui.modals == []


async def test_action_sheet_tap_cancel_and_too_many_items(make_native: MakeNative) -> None:
    wx = make_native(answers=AutoAnswers(action_sheet=1))
    res = await wx.showActionSheet(itemList=["复制", "删除"])
    assert res == {"tapIndex": 1, "errMsg": "showActionSheet:ok"}
    cancelling = make_native(answers=AutoAnswers(action_sheet=-1))
    calls = Calls()
    cancelling.showActionSheet(itemList=["a"], **calls.outcome())
    await calls.finished()
    assert calls.log[0] == ("fail", {"errMsg": "showActionSheet:fail cancel"})
    with pytest.raises(CallFailed) as failed:
        await wx.showActionSheet(itemList=list("abcdefg"))
    assert failed.value.res["errMsg"] == (
        "showActionSheet:fail parameter error: itemList should not be large than 6"
    )


async def test_navigation_bar_per_page_title_and_colours(make_native: MakeNative) -> None:
    wx = make_native()
    wx.ui.set_current_page(1, ui.NavigationBar(title="聊天"))
    await wx.setNavigationBarTitle(title="对方正在输入…")
    await wx.setNavigationBarColor(
        frontColor="#FFFFFF", backgroundColor="#07c160", animation={"duration": 200}
    )
    bar = wx.ui.navigation_bar
    assert (bar.title, bar.front_color, bar.background_color, bar.animation_ms) == (
        "对方正在输入…", "#ffffff", "#07c160", 200,
    )  # fmt: skip
    wx.ui.set_current_page(2, ui.NavigationBar(title="设置"))
    assert wx.ui.navigation_bar.title == "设置"
    wx.ui.set_current_page(1)
    assert wx.ui.navigation_bar.title == "对方正在输入…"  # page 1 kept its own bar
    with pytest.raises(CallFailed) as failed:
        await wx.setNavigationBarColor(frontColor="#ff0000", backgroundColor="#000000")
    assert failed.value.res["errMsg"] == 'setNavigationBarColor:fail invalid frontColor "#ff0000"'
    await wx.showNavigationBarLoading()
    assert wx.ui.navigation_bar.loading


async def test_tab_bar_apis_need_a_tab_page(make_native: MakeNative) -> None:
    wx = make_native()
    with pytest.raises(CallFailed) as failed:
        await wx.setTabBarBadge(index=0, text="3")
    assert failed.value.res["errMsg"] == "setTabBarBadge:fail not TabBar page"
    wx.ui.configure_tab_bar(2)
    wx.ui.set_current_page(1, tab_index=0)
    await wx.setTabBarBadge(index=1, text="3")
    await wx.showTabBarRedDot(index=0)
    assert wx.ui.tab_bar is not None
    assert [(i.badge, i.red_dot) for i in wx.ui.tab_bar.items] == [(None, True), ("3", False)]
    await wx.hideTabBar()
    assert not wx.ui.tab_bar.visible
    with pytest.raises(CallFailed):
        await wx.removeTabBarBadge(index=5)


class FakeView:
    def __init__(self) -> None:
        self.scrolls: list[ScrollRequest] = []
        self.queries: list[list[NodeQuery]] = []

    def scroll_to(self, request: ScrollRequest, done: Callable[[str | None], None]) -> None:
        self.scrolls.append(request)
        done(None if request.selector != "#missing" else "selector not found")

    def query(self, requests: list[NodeQuery], done: Callable[[list[Any]], None]) -> None:
        self.queries.append(requests)
        done([{"id": "msg", "top": 10.0, "height": 20.0} for _ in requests])


async def test_page_scroll_to_goes_to_the_view(make_native: MakeNative) -> None:
    view = FakeView()
    wx = make_native(view=view)
    wx.ui.set_current_page(3)
    assert await wx.pageScrollTo(scrollTop=99999, duration=0) == {"errMsg": "pageScrollTo:ok"}
    assert view.scrolls == [ScrollRequest(3, 99999.0, None, 0.0, 0)]
    with pytest.raises(CallFailed) as failed:
        await wx.pageScrollTo(selector="#missing")
    assert failed.value.res["errMsg"] == "pageScrollTo:fail selector not found"


async def test_page_scroll_without_a_view_succeeds_quietly(make_native: MakeNative) -> None:
    wx = make_native()
    calls = Calls()
    wx.pageScrollTo(scrollTop=100, **calls.outcome())
    await calls.finished()
    assert calls.names == ["success", "complete"]


async def test_selector_query_exec_runs_node_callbacks_then_exec(make_native: MakeNative) -> None:
    view = FakeView()
    wx = make_native(view=view)
    order: list[Any] = []
    query = wx.createSelectorQuery()
    query.select("#msg").boundingClientRect(lambda r: order.append(("rect", r)))
    query.selectViewport().scrollOffset()
    query.exec(lambda rs: order.append(("exec", len(rs))))
    assert [q.selector for q in view.queries[0]] == ["#msg", ""]
    assert view.queries[0][0].fields == {"id": True, "dataset": True, "rect": True, "size": True}
    assert view.queries[0][1].viewport
    assert [name for name, _ in order] == ["rect", "exec"]
    headless = make_native()
    results: list[Any] = []
    headless.createSelectorQuery().select("#x").boundingClientRect().exec(results.append)
    assert results == [[None]]


async def test_observer_errors_do_not_break_the_api(make_native: MakeNative) -> None:
    wx = make_native()

    def broken(event: ui.UiEvent) -> None:
        raise RuntimeError("observer bug")

    unsubscribe = wx.ui.subscribe(broken)
    assert await wx.showToast(title="x") == {"errMsg": "showToast:ok"}
    unsubscribe()
    snap = wx.ui.snapshot()
    assert snap["toast"] == {"kind": "toast", "title": "x", "icon": "success"}


async def test_a_closed_runtime_with_native_state_leaves_no_cycle() -> None:
    from simulator.wx import WxRuntime
    from tests.helpers.cycles import collector_off, in_cycles

    with collector_off():
        wx = WxRuntime()
        wx.showToast(title="x", duration=10_000)
        wx.setStorageSync("k", {"v": 1})
        wx.onAppShow(lambda res: None)
        await wx.showModal(title="t")
        await wx.aclose()
        del wx
        found = in_cycles(lambda o: type(o).__module__.startswith("simulator.wx"))
    assert not found, found
