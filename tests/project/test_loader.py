"""Opening a project: the root, app.json and friends, and every bad input with file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.project.errors import BadConfig, MissingComponent, MissingPage, NotAProject
from simulator.project.loader import load_project, resolve_component
from tests.project.conftest import EXAMPLES


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_native_chat_opens_with_its_windows() -> None:
    project = load_project(EXAMPLES / "native-chat")
    assert [p.route for p in project.pages] == ["pages/chat/index"]
    page = project.pages[0]
    assert page.window["navigationBarTitleText"] == "对话"  # the page's .json wins
    assert page.window["backgroundColor"] == "#f5f5f5"  # app.json's window below it
    assert project.entry == "pages/chat/index"


def test_components_resolve_absolute_relative_and_from_miniprogram_npm(tmp_path: Path) -> None:
    app = {"pages": ["pages/a/index"], "usingComponents": {"t-button": "tdesign/button/button"}}
    page = {"usingComponents": {"x": "/comps/x/index", "y": "../../comps/y"}}
    comp = {"component": True, "usingComponents": {"self": "./index"}}
    root = write(tmp_path, {
        "app.json": json.dumps(app),
        "pages/a/index.js": "Page({})",
        "pages/a/index.json": json.dumps(page),
        "comps/x/index.js": "Component({})",
        "comps/y/index.js": "Component({})",
        "comps/y/index.json": json.dumps(comp),
        "miniprogram_npm/tdesign/button/button.js": "Component({})",
    })  # fmt: skip
    project = load_project(root)
    assert project.pages[0].using == {
        "t-button": "miniprogram_npm/tdesign/button/button",
        "x": "comps/x/index", "y": "comps/y/index",
    }  # fmt: skip
    assert project.components["comps/y/index"].using == {"self": "comps/y/index"}
    assert resolve_component(root, "pages/a/index", "./nope") is None


def test_project_config_miniprogram_root_is_followed(tmp_path: Path) -> None:
    write(tmp_path, {
        "project.config.json": json.dumps({"miniprogramRoot": "dist/"}),
        "dist/app.json": json.dumps({"pages": ["pages/i/i"]}),
        "dist/pages/i/i.js": "Page({})",
    })  # fmt: skip
    assert load_project(tmp_path).root == (tmp_path / "dist").resolve()


def test_a_folder_without_app_json_says_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(NotAProject, match=r"no app\.json"):
        load_project(tmp_path)
    write(tmp_path, {"project.config.json": '{"miniprogramRoot": "build"}'})
    with pytest.raises(NotAProject, match=r"miniprogramRoot is 'build'"):
        load_project(tmp_path)


def test_a_missing_page_is_named_with_its_line(tmp_path: Path) -> None:
    write(tmp_path, {
        "app.json": '{\n  "pages": [\n    "pages/a/index",\n    "pages/gone/index"\n  ]\n}',
        "pages/a/index.js": "Page({})",
    })  # fmt: skip
    with pytest.raises(MissingPage) as caught:
        load_project(tmp_path)
    assert caught.value.line == 4 and caught.value.file.endswith("app.json")
    assert 'page "pages/gone/index"' in str(caught.value)


def test_broken_json_gives_the_parsers_line(tmp_path: Path) -> None:
    write(tmp_path, {"app.json": '{\n  "pages": ["a"],\n  "window": {,}\n}'})
    with pytest.raises(BadConfig) as caught:
        load_project(tmp_path)
    assert caught.value.line == 3 and "not valid JSON" in str(caught.value)


def test_an_undeclared_component_path_is_named(tmp_path: Path) -> None:
    write(tmp_path, {
        "app.json": '{"pages": ["p/i"]}',
        "p/i.js": "Page({})",
        "p/i.json": '{\n  "usingComponents": {\n    "bubble": "/components/bubble/index"\n  }\n}',
    })  # fmt: skip
    with pytest.raises(MissingComponent) as caught:
        load_project(tmp_path)
    assert caught.value.line == 3 and '"bubble"' in str(caught.value)


def test_a_tab_bar_naming_an_unknown_page_is_refused(tmp_path: Path) -> None:
    write(tmp_path, {
        "app.json": json.dumps({"pages": ["p/a", "p/b"], "tabBar": {"list": [
            {"pagePath": "p/a", "text": "A"}, {"pagePath": "p/c", "text": "C"}]}}),
        "p/a.js": "Page({})", "p/b.js": "Page({})",
    })  # fmt: skip
    with pytest.raises(MissingPage, match='tabBar names "p/c"'):
        load_project(tmp_path)
