"""The platform's API list (from the official typings) and how the API table matches it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from simulator.page.apis import API_TABLE
from simulator.page.platform_apis import (
    emulated_names,
    emulation_count,
    init_message_table,
    not_emulated,
    platform_apis,
    source,
)
from simulator.wx import DownloadTask, FileSystemManager, RequestTask, SocketTask, WxRuntime
from simulator.wx.ui.view import NodesRef, SelectorQuery

ROOT = Path(__file__).resolve().parents[2]
CLASSES = {
    "RequestTask": RequestTask,
    "DownloadTask": DownloadTask,
    "SocketTask": SocketTask,
    "FileSystemManager": FileSystemManager,
    "SelectorQuery": SelectorQuery,
    "NodesRef": NodesRef,
}
# our table's kind → the platform list's kinds it may be
KINDS = {
    "sync": {"sync"},
    "callback": {"async", "callback"},
    "task": {"task"},
    "listener": {"listener"},
    "object": {"sync"},
    "local": {"sync"},
}


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_platform_apis", ROOT / "scripts" / "gen_platform_apis.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_platform_apis"] = module
    spec.loader.exec_module(module)
    return module


def test_every_emulated_name_exists_on_the_platform_with_the_same_shape() -> None:
    platform = platform_apis()
    for api in API_TABLE:
        if "." in api.name:
            continue
        assert api.name in platform, f"{api.name} is not a platform API"
        assert platform[api.name].kind in KINDS[api.kind], api.name
        if api.promise:
            assert platform[api.name].promise, api.name


def test_every_row_has_a_python_implementation() -> None:
    for api in API_TABLE:
        if api.kind == "local":
            continue
        cls, _, method = api.name.rpartition(".")
        owner = CLASSES[cls] if cls else WxRuntime
        assert callable(getattr(owner, method, None)), api.name


def test_emulation_count_for_the_closing_note() -> None:
    emulated, total = emulation_count()
    assert source()["version"] == _script().VERSION
    assert total == len(platform_apis()) == 499  # miniprogram-api-typings 5.2.3
    assert emulated == len(emulated_names()) == 68
    assert len(not_emulated()) == total - emulated
    assert "getLocation" in not_emulated() and "showToast" not in not_emulated()


def test_init_message_table_tells_missing_from_nonexistent() -> None:
    table = init_message_table()
    apis = table["apis"]
    assert apis["getStorageSync"] == {
        "kind": "sync",
        "sync": True,
        "promise": False,
        "emulated": True,
    }
    assert apis["getLocation"]["emulated"] is False and apis["getLocation"]["promise"] is True
    assert apis["onAppShow"]["kind"] == "listener"
    assert apis["request"]["kind"] == "task"
    assert "TextDecoder" not in apis and "fetch" not in apis  # undefined → TypeError
    assert table["source"]["package"] == "miniprogram-api-typings"


SAMPLE = """
declare namespace WechatMiniprogram {
    interface FooOption {
        /** done */
        success?: FooSuccessCallback
    }
    interface Empty {}
    interface BarOption {
        complete?: BarCompleteCallback
    }
    interface Wx {
        /** [wx.foo](https://example) example:
        if (x) {
        } */
        foo<T extends FooOption = FooOption>(option?: T): PromisifySuccessResult<T, FooOption>
        bar(option: BarOption): void
        fooSync(key: string): any
        onThing(listener: (res: X) => void): void
        upload(option: BarOption): UploadTask
        env: {
            USER_DATA_PATH: string
        }
    }
}
"""


def test_generator_classifies_members_and_ignores_comment_code() -> None:
    apis = _script().parse(SAMPLE)
    assert {name: row["kind"] for name, row in apis.items()} == {
        "bar": "callback",
        "env": "property",
        "foo": "async",
        "fooSync": "sync",
        "onThing": "listener",
        "upload": "task",
    }
    assert apis["foo"]["promise"] and apis["fooSync"]["sync"]


@pytest.mark.parametrize("name", ["showToast", "getSystemInfoSync", "createSelectorQuery"])
def test_committed_list_has_the_chat_page_apis(name: str) -> None:
    assert name in platform_apis()
