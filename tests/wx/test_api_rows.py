"""The row-driven wx APIs (`WxApi`, `WxSyncApi`): every row answers under its own name, and
the call shape is the one `api_options` gave the hand-written methods."""

from __future__ import annotations

import asyncio

import pytest

from simulator.wx import CallFailed, WxError, WxRuntime
from simulator.wx.apicall import WxApi, WxSyncApi
from tests.wx.conftest import Calls, MakeNative


def _rows() -> dict[str, WxApi | WxSyncApi]:
    return {
        name: row
        for cls in WxRuntime.__mro__
        for name, row in vars(cls).items()
        if isinstance(row, WxApi | WxSyncApi)
    }


def test_every_row_is_named_after_its_attribute_and_callable_on_the_class() -> None:
    rows = _rows()
    assert len(rows) >= 35
    for name, row in rows.items():
        assert row.name == name
        assert callable(getattr(WxRuntime, name))


async def test_options_object_keywords_positional_and_unknown_keys(
    make_native: MakeNative,
) -> None:
    wx = make_native()
    first, second = Calls(), Calls()
    wx.setStorage({"key": "a", "data": 1, "nope": True, **first.outcome()})
    wx.setStorage({"key": "b", **second.outcome()}, data=2)  # keywords over the object
    await first.finished()
    await second.finished()
    assert first.names == ["success", "complete"] and second.names == ["success", "complete"]
    wx.setStorage("c", 3, success=lambda res: None)  # positional, in the options' order
    assert wx.batchGetStorageSync(["a", "b", "c"]) == [1, 2, 3]
    with pytest.raises(TypeError):
        wx.setStorage("a", key="b")
    with pytest.raises(TypeError):
        wx.vibrateLong(1, 2, 3, 4)


async def test_result_shape_promise_and_callbacks_only(make_native: MakeNative) -> None:
    wx = make_native()
    wx.setStorageSync("k", [1])
    assert await wx.getStorage(key="k") == {"data": [1], "errMsg": "getStorage:ok"}
    with pytest.raises(CallFailed) as failed:
        await wx.setNavigationBarTitle(title=3)
    assert failed.value.res["errMsg"] == (
        "setNavigationBarTitle:fail parameter error: parameter.title should be String instead "
        "of Number;"
    )
    assert wx.getSystemInfoAsync() is None  # no Promise form: nothing comes back
    got = Calls()
    wx.getSystemInfoAsync(**got.outcome())
    await got.finished()
    assert got.first("success")["errMsg"] == "getSystemInfoAsync:ok"
    with pytest.raises(WxError) as raised:
        wx.getStorageSync(5)
    assert str(raised.value).startswith("getStorageSync:fail parameter error")
    await asyncio.sleep(0)
