"""The JS-environment table: its rows, its switches and its documentation agree."""

from __future__ import annotations

import pytest

from simulator.project.jsenv import JS_GLOBALS, env_for, js_platform
from tests.project.conftest import ROOT


def test_every_row_is_documented_in_wx_emulation() -> None:
    doc = (ROOT / "docs" / "wx-emulation.md").read_text(encoding="utf-8")
    table = doc[doc.index("## The JavaScript environment per platform") :]
    for row in JS_GLOBALS:
        assert f"`{row.name}`" in table, row.name


def test_phones_lack_text_decoder_and_devtools_has_it() -> None:
    assert "TextDecoder" not in env_for("ios")["globals"]
    assert "TextDecoder" not in env_for("device")["globals"]
    assert "TextDecoder" in env_for("devtools")["globals"]
    assert "WebAssembly" not in env_for("ios")["globals"]
    assert "WebAssembly" in env_for("android")["globals"]


def test_assumed_rows_are_switches_off_by_default() -> None:
    assert "atob" in env_for("ios")["globals"]  # uncertain: present unless asked
    assert "atob" not in env_for("ios", ["atob"])["globals"]
    assert "atob" in env_for("devtools", ["atob"])["globals"]
    assert env_for("devtools")["chunkData"] == "ArrayBuffer"
    assert env_for("devtools", ["chunkData"])["chunkData"] == "Uint8Array"
    assert env_for("ios", ["chunkData"])["chunkData"] == "ArrayBuffer"


def test_unknown_names_are_refused() -> None:
    assert js_platform("device") == "ios"
    with pytest.raises(ValueError, match="unknown platform 'watchos'"):
        env_for("watchos")
    with pytest.raises(ValueError, match="Nope"):
        env_for("ios", ["Nope"])
