"""The architecture docs name only paths that exist, and the README's layout names every package."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATH = re.compile(r"`((?:simulator|backend_stub|tests)/[\w/.]*)`")


def test_every_path_in_the_architecture_doc_exists() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(PATH.findall(text))
    assert len(named) > 20
    missing = sorted(p for p in named if not (ROOT / p.rstrip("/")).exists())
    assert not missing, f"docs/architecture.md names paths that do not exist: {missing}"


def test_the_readme_layout_lists_every_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout") :]
    layout = layout[: layout.index("```\n", layout.index("```") + 3)]
    packages = [
        f"{top}/{p.name}/"
        for top in ("simulator",)
        for p in sorted((ROOT / top).iterdir())
        if (p / "__init__.py").exists()
    ]
    missing = [p for p in packages if p not in layout]
    assert not missing, f"README's layout leaves out {missing}"
    assert "backend_stub/" in layout
