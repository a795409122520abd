"""Node's own list of built-in modules (`module.builtinModules`), from the Node pages run in."""

from __future__ import annotations

import functools
import json
import subprocess

from simulator.page.node import find_node


@functools.cache
def builtin_names() -> tuple[str, ...]:
    """Every built-in, each with and without `node:` (the `node:`-only ones only with it)."""
    node = find_node()
    out = subprocess.run(
        [node.path, "-e", "console.log(JSON.stringify(require('module').builtinModules))"],
        capture_output=True, text=True, check=True, timeout=30,
    ).stdout  # fmt: skip
    names: list[str] = json.loads(out)
    both = {n for n in names} | {n if n.startswith("node:") else f"node:{n}" for n in names}
    return tuple(sorted(both))
