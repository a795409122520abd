"""WeChat's compilers: one $gwx for a project, wcsc per stylesheet, errors with file:line, cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from simulator.project.compile import CompileCache, CompileError, compile_project, view_files
from tests.project.view.harness import FEATURES


def test_imports_includes_and_wxs_are_compiled_together() -> None:
    files = view_files(FEATURES, ["pages/main/index", "components/card/index"])
    assert files[:2] == ["pages/main/index.wxml", "components/card/index.wxml"]
    assert set(files[2:]) == {"tpl/item.wxml", "tpl/header.wxml", "utils/fmt.wxs"}
    out = compile_project(FEATURES, ["pages/main/index", "components/card/index"])
    assert "$gwx" in out.gwx
    assert set(out.styles) == {"pages/main/index", "components/card/index"}
    assert "%s" not in out.styles["pages/main/index"].splitlines()


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(FEATURES, root)
    return root


def test_wxml_error_has_the_compilers_message_file_and_line(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    page = root / "pages/main/index.wxml"
    page.write_text("<view>\n  <text>unclosed</view>\n", encoding="utf-8")
    with pytest.raises(CompileError) as info:
        compile_project(root, ["pages/main/index"])
    err = info.value
    assert (err.file, err.line) == ("pages/main/index.wxml", 2)
    assert "expect end-tag `text`" in err.message


def test_wxss_error_and_missing_import(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "pages/main/index.wxss").write_text(".a { color: red;\n.b { }}}\n", encoding="utf-8")
    with pytest.raises(CompileError) as info:
        compile_project(root, ["pages/main/index"])
    assert info.value.file is not None and info.value.file.endswith("pages/main/index.wxss")
    assert info.value.line is not None
    (root / "pages/main/index.wxss").write_text('@import "nope.wxss";\n', encoding="utf-8")
    with pytest.raises(CompileError, match=r"nope\.wxss"):
        compile_project(root, ["pages/main/index"])
    (root / "pages/main/index.wxss").unlink()
    (root / "tpl/item.wxml").unlink()
    with pytest.raises(CompileError) as missing:
        compile_project(root, ["pages/main/index"])
    assert (
        missing.value.file == "pages/main/index.wxml" and "tpl/item.wxml" in missing.value.message
    )


def test_outputs_are_cached_by_content(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    cache = CompileCache(tmp_path / "cache")
    first = compile_project(root, ["pages/main/index"], cache)
    assert first.seconds > 0
    again = compile_project(root, ["pages/main/index"], CompileCache(tmp_path / "cache"))
    assert again.seconds == 0 and again.gwx == first.gwx
    (root / "tpl/header.wxml").write_text("<view>changed {{title}}</view>", encoding="utf-8")
    changed = compile_project(root, ["pages/main/index"], cache)
    assert changed.seconds > 0 and "changed " in changed.gwx
