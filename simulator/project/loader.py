"""Open a mini-program project: its root, `app.json`, page and component `.json` files.

The root is a folder with `app.json`, or one whose `project.config.json` names it in
`miniprogramRoot` (Taro's `dist/`, uni-app's `dist/build/mp-weixin`). Paths inside the
project are kept as the platform writes them: without extension, relative to the root
(`pages/index/index`, `components/bubble/index`, `miniprogram_npm/tdesign/button/button`).
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.project.errors import (
    BadConfig,
    MissingComponent,
    MissingPage,
    NotAProject,
)

SCRIPT_EXTS = (".js", ".ts")
"""What a page or component script may be (TypeScript as DevTools' compile allows)."""
WINDOW_KEYS = (
    "navigationBarTitleText", "navigationBarBackgroundColor", "navigationBarTextStyle",
    "navigationStyle", "backgroundColor", "backgroundTextStyle", "enablePullDownRefresh",
    "onReachBottomDistance", "pageOrientation", "disableScroll",
)  # fmt: skip
"""`window` keys a page's `.json` may override (its top-level keys, as the platform reads)."""
MAX_TAB_ITEMS = (2, 5)


@dataclass(frozen=True, slots=True)
class Component:
    path: str
    """Root-relative, no extension."""
    script: Path
    config: dict[str, Any]
    using: dict[str, str]
    """Tag → component path, resolved."""


@dataclass(frozen=True, slots=True)
class PageConfig:
    route: str
    script: Path
    window: dict[str, Any]
    """app.json's `window` with the page's own keys over it."""
    using: dict[str, str]
    is_component: bool
    """The page's json says `"component": true` (a Component used as a page)."""


@dataclass
class Project:
    root: Path
    app: dict[str, Any]
    pages: list[PageConfig]
    components: dict[str, Component] = field(default_factory=dict)
    app_script: Path | None = None

    @property
    def entry(self) -> str:
        entry = self.app.get("entryPagePath")
        return str(entry) if entry else self.pages[0].route

    @property
    def tab_pages(self) -> list[str]:
        bar = self.app.get("tabBar") or {}
        return [str(item.get("pagePath", "")).removesuffix(".html") for item in bar.get("list", [])]

    def page(self, route: str) -> PageConfig | None:
        return next((p for p in self.pages if p.route == route), None)

    def usings(self) -> dict[str, dict[str, str]]:
        """Owner path → {tag: component path}, for pages and components (the view's map)."""
        out = {p.route: p.using for p in self.pages}
        out.update({c.path: c.using for c in self.components.values()})
        return out

    def scripts(self) -> dict[str, str]:
        """Root-relative path (no extension) → script file, for the logic layer."""
        out = {p.route: str(p.script) for p in self.pages}
        out.update({c.path: str(c.script) for c in self.components.values()})
        return out


def find_root(folder: Path) -> Path:
    """The miniprogram root for `folder`.

    Raises:
        NotAProject, BadConfig.
    """
    folder = folder.resolve()
    if (folder / "app.json").is_file():
        return folder
    config_file = folder / "project.config.json"
    if config_file.is_file():
        config = read_json(config_file)
        sub = config.get("miniprogramRoot")
        if isinstance(sub, str) and sub:
            root = (folder / sub).resolve()
            if (root / "app.json").is_file():
                return root
            raise NotAProject(f"miniprogramRoot is {sub!r} but {root} has no app.json", config_file)
    raise NotAProject(
        f"{folder} is not a mini-program project: no app.json here, and no "
        "project.config.json whose miniprogramRoot points at one"
    )


def read_json(path: Path) -> dict[str, Any]:
    """A json config file as an object.

    Raises:
        BadConfig: with the line json names.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise BadConfig(f"cannot read it ({exc.strerror})", path) from exc
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        why = f"not valid JSON: {exc.msg} (column {exc.colno})"
        raise BadConfig(why, path, exc.lineno) from exc
    if not isinstance(value, dict):
        raise BadConfig("expected a JSON object", path, 1)
    return value


def load_project(folder: Path) -> Project:
    """Read the whole project config: pages, their windows, every component reachable.

    Raises:
        NotAProject, BadConfig, MissingPage, MissingComponent.
    """
    root = find_root(folder)
    app_file = root / "app.json"
    app = read_json(app_file)
    routes = app.get("pages")
    if not isinstance(routes, list) or not routes or not all(isinstance(r, str) for r in routes):
        raise BadConfig('"pages" must be a non-empty list of page paths', app_file)
    routes = [*routes, *_subpackage_routes(app, app_file)]
    window = app.get("window") or {}
    if not isinstance(window, dict):
        raise BadConfig('"window" must be an object', app_file)
    project = Project(root, app, [], app_script=_script(root, "app"))
    app_using = _using(project, "app", app, app_file)
    for route in routes:
        route = route.strip("/").removesuffix(".html")
        script = _script(root, route)
        if script is None:
            raise MissingPage(
                f'app.json lists page "{route}" but {route}.js (or .ts) is not there',
                app_file, _line_of(app_file, route),
            )  # fmt: skip
        config_file = root / f"{route}.json"
        config = read_json(config_file) if config_file.is_file() else {}
        own_window = config.get("window")
        own: dict[str, Any] = own_window if isinstance(own_window, dict) else config
        page_window = {**window, **{k: v for k, v in own.items() if k in WINDOW_KEYS}}
        using = {**app_using, **_using(project, route, config, config_file)}
        project.pages.append(
            PageConfig(route, script, page_window, using, bool(config.get("component")))
        )
    _check_tab_bar(project, app_file)
    return project


def _subpackage_routes(app: dict[str, Any], app_file: Path) -> list[str]:
    out: list[str] = []
    for sub in app.get("subpackages") or app.get("subPackages") or []:
        if not isinstance(sub, dict) or not isinstance(sub.get("root"), str):
            raise BadConfig('every "subpackages" entry needs a "root"', app_file)
        out += [posixpath.join(sub["root"], p) for p in sub.get("pages", [])]
    return out


def _script(root: Path, path: str) -> Path | None:
    for ext in SCRIPT_EXTS:
        candidate = root / f"{path}{ext}"
        if candidate.is_file():
            return candidate
    return None


def _using(project: Project, owner: str, config: dict[str, Any], file: Path) -> dict[str, str]:
    """`usingComponents` of `owner`, each resolved and loaded (recursively)."""
    raw = config.get("usingComponents") or {}
    if not isinstance(raw, dict):
        raise BadConfig('"usingComponents" must be an object', file)
    out: dict[str, str] = {}
    for tag, target in raw.items():
        if not isinstance(target, str) or not target:
            raise BadConfig(f'usingComponents "{tag}" must be a path', file, _line_of(file, tag))
        if target.startswith("plugin://"):
            continue  # plugins are not part of the project
        path = resolve_component(project.root, owner, target)
        if path is None:
            raise MissingComponent(
                f'usingComponents "{tag}": no component at "{target}" '
                f"(looked relative to {owner}, from the root, and in miniprogram_npm/)",
                file, _line_of(file, target),
            )  # fmt: skip
        out[tag] = path
        if path not in project.components:
            _load_component(project, path)
    return out


def _load_component(project: Project, path: str) -> None:
    root = project.root
    script = _script(root, path)
    config_file = root / f"{path}.json"
    assert script is not None  # resolve_component checked it
    config = read_json(config_file) if config_file.is_file() else {}
    # placeholder first: a component using itself (recursion) resolves to the same entry
    project.components[path] = Component(path, script, config, {})
    using = _using(project, path, config, config_file)
    project.components[path] = Component(path, script, config, using)


def resolve_component(root: Path, owner: str, target: str) -> str | None:
    """A `usingComponents` value as a root-relative path, or None if nothing is there.

    Relative (`./x`, `../x`), absolute from the root (`/components/x`), or an npm package
    built into `miniprogram_npm/` (`tdesign-miniprogram/button/button`, or a package name
    whose `index` is the component), searched from the owner's folder up to the root.
    """
    target = target.removesuffix(".js")
    base = posixpath.dirname(owner)
    candidates: list[str] = []
    if target.startswith("/"):
        candidates.append(target.lstrip("/"))
    elif target.startswith("."):
        candidates.append(posixpath.normpath(posixpath.join(base, target)))
    else:
        for folder in _up(base):
            npm = posixpath.join(folder, "miniprogram_npm", target)
            candidates += [npm, posixpath.join(npm, "index")]
        candidates += [target, posixpath.normpath(posixpath.join(base, target))]
    for candidate in candidates:
        if not candidate.startswith("..") and _script(root, candidate) is not None:
            return candidate
        index = posixpath.join(candidate, "index")
        if not candidate.startswith("..") and _script(root, index) is not None:
            return index
    return None


def _up(folder: str) -> Iterable[str]:
    while True:
        yield folder
        if not folder:
            return
        folder = posixpath.dirname(folder)


def _check_tab_bar(project: Project, app_file: Path) -> None:
    bar = project.app.get("tabBar")
    if bar is None:
        return
    items = bar.get("list") if isinstance(bar, dict) else None
    low, high = MAX_TAB_ITEMS
    if not isinstance(items, list) or not low <= len(items) <= high:
        raise BadConfig(f'"tabBar.list" needs {low} to {high} items', app_file)
    for route in project.tab_pages:
        if project.page(route) is None:
            raise MissingPage(
                f'tabBar names "{route}", which is not in "pages"',
                app_file, _line_of(app_file, route),
            )  # fmt: skip


def _line_of(file: Path, needle: str) -> int | None:
    """The first line of `file` quoting `needle` (json names no line for a semantic error)."""
    try:
        lines = file.read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return None
    quoted = f'"{needle}"'
    return next((i for i, line in enumerate(lines, 1) if quoted in line), None)
