"""Which text on the page is the reply: found from the data, as a person reading it would.

A project page keeps its messages in its own shape (`chatList[3].text`, `list[i].content`…),
so the host cannot name the reply's key in advance. It mirrors each instance's data from the
`setData` patches it relays, and during a run the first string that *grows by appending*
(same path, the new value starts with the old one and is longer) is the reply; its later
growth is what the page painted. A path given by the user (`--reply-path`) wins.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")

Path = tuple[str | int, ...]


def parse_path(key: str) -> Path:
    return tuple(int(i) if i else k for k, i in _PART.findall(key))


def set_path(root: dict[str, Any], key: str, value: Any) -> None:
    parts = parse_path(key)
    node: Any = root
    for here, after in itertools.pairwise(parts):
        child = _get(node, here)
        if not isinstance(child, dict | list):
            child = [] if isinstance(after, int) else {}
            _put(node, here, child)
        node = child
    if parts:
        _put(node, parts[-1], value)


def _get(node: Any, key: str | int) -> Any:
    if isinstance(node, list) and isinstance(key, int):
        return node[key] if 0 <= key < len(node) else None
    if isinstance(node, dict):
        return node.get(str(key))
    return None


def _put(node: Any, key: str | int, value: Any) -> None:
    if isinstance(node, list) and isinstance(key, int):
        node.extend([None] * (key + 1 - len(node)))
        node[key] = value
    elif isinstance(node, dict):
        node[str(key)] = value


def strings(value: Any, prefix: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every string leaf under `value` with its path."""
    if isinstance(value, str):
        yield prefix, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings(v, (*prefix, i))


def key_text(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass
class Growth:
    delta: str
    total: int
    stamp: Any
    """What the host attached to the patch (its arrival and setData times, seq)."""


@dataclass
class ReplyTracker:
    """Data mirrors per instance id and the reply path of the current run.

    The reply is the first string to grow by appending twice (a one-off change such as a
    scroll id going from "" to "msg3" is not a reply); if none did by the end, the longest
    string created in this run (the new message's) that grew once; else a string created in
    this run that is still empty (the reply stayed empty: `stayed_empty`); else the longest
    string that grew once. Growth seen before the decision is handed out with its own stamp.
    """

    fixed_path: str | None = None
    data: dict[Any, dict[str, Any]] = field(default_factory=dict)
    reply: tuple[Any, Path] | None = None
    text: str = ""
    running: bool = False
    _seen: dict[tuple[Any, Path], list[Growth]] = field(default_factory=dict)
    _replaced: dict[tuple[Any, Path], Growth] = field(default_factory=dict)
    _created: dict[tuple[Any, Path], None] = field(default_factory=dict)
    """Strings that appeared during the run, in order (a new message's fields)."""
    stayed_empty: bool = False
    """The run ended with the reply's string (`reply`) created but never filled."""

    def reset(self, instance: Any, data: dict[str, Any]) -> None:
        self.data[instance] = data

    def drop(self, instance: Any) -> None:
        self.data.pop(instance, None)

    def start_run(self) -> None:
        self.reply = None
        self.text = ""
        self.running = True
        self._seen = {}
        self._replaced = {}
        self._created = {}
        self.stayed_empty = False

    def end_run(self) -> list[Growth]:
        """The run ended: growth still undecided, if one string grew once."""
        self.running = False
        if self.reply is not None:
            return []
        fresh = [k for k in self._seen if k in self._created]
        if fresh or self._seen:
            key = max(fresh or self._seen, key=lambda k: self._seen[k][-1].total)
            if fresh or not self._empty_created():
                return self._decide(key)
        empty = self._empty_created()
        if empty:  # the new message's text never grew: name it, not a scroll id that did
            self.reply = empty[-1]
            self.stayed_empty = True
        return []

    def _empty_created(self) -> list[tuple[Any, Path]]:
        return [k for k in self._created if _leaf(self.data.get(k[0], {}), k[1]) == ""]

    def reply_key(self) -> str | None:
        """The reply's data path as the page names it (`chatList[1].text`), once decided."""
        return key_text(self.reply[1]) if self.reply is not None else None

    def no_reply_reason(self) -> str:
        """Why the run has no reply text, for its failure."""
        key = self.reply_key()
        if self.stayed_empty and key is not None:
            return f"the reply stayed empty at data.{key}: the page never filled it"
        return (
            "the page showed no reply: no text in its data grew while it ran "
            "(name the reply's data path with --reply-path if it is built otherwise)"
        )

    def apply(self, instance: Any, patch: dict[str, Any], stamp: Any = None) -> list[Growth]:
        """Apply a relayed patch; the reply's growth to report now (maybe held back ones)."""
        root = self.data.setdefault(instance, {})
        watching = self.running and self.reply is None
        before = dict(strings(root)) if watching and self.fixed_path is None else {}
        for key, value in patch.items():
            set_path(root, key, value)
        if not self.running:
            return []
        if self.reply is None and self.fixed_path is not None:
            path = parse_path(self.fixed_path)
            if isinstance(_leaf(root, path), str):
                self.reply = (instance, path)
        if self.reply is not None:
            owner, path = self.reply
            return self._grow(_leaf(root, path), stamp) if owner == instance else []
        for path, value in strings(root):
            old = before.get(path)
            if old is None and watching and self.fixed_path is None:
                self._created[(instance, path)] = None
            if old is not None and len(value) > len(old) and value.startswith(old):
                seen = self._seen.setdefault((instance, path), [])
                seen.append(Growth(value[len(old) :], len(value), stamp))
                if len(seen) >= 2:
                    return self._decide((instance, path))
            elif old is not None and old != value and (instance, path) in self._seen:
                # a string that grew was cut back or rewritten (a framework re-rendering
                # it): its earlier growth is no longer on screen; what shows now is the base
                # any later growth extends
                self._seen[(instance, path)] = []
                self._replaced[(instance, path)] = Growth(value, len(value), stamp)
            elif old and value and old != value and (instance, path) not in self._seen:
                # a placeholder ("…", "思考中") replaced by the first chunk: if this string
                # then grows, that chunk is the reply's first
                self._replaced[(instance, path)] = Growth(value, len(value), stamp)
        return []

    def _decide(self, key: tuple[Any, Path]) -> list[Growth]:
        self.reply = key
        held = self._seen.get(key, [])
        first = self._replaced.get(key)
        if first is not None and held and held[0].total - len(held[0].delta) == first.total:
            held = [first, *held]
        held = [g for g in held if g.delta]
        total = held[-1].total if held else 0
        text = _leaf(self.data.get(key[0], {}), key[1])
        self.text = text[:total] if isinstance(text, str) else ""
        return _covering(held, self.text)

    def _grow(self, now: Any, stamp: Any) -> list[Growth]:
        if not isinstance(now, str) or now == self.text:
            return []
        delta = now[len(self.text) :] if now.startswith(self.text) else now
        self.text = now
        return [Growth(delta, len(now), stamp)]


def _covering(held: list[Growth], text: str) -> list[Growth]:
    """`held` such that its deltas join to `text` exactly (the run's text is never other than
    the page's): a base shown before the first growth that was kept leads as its own piece;
    if the pieces still do not add up, the whole text goes as one piece, at the first stamp."""
    joined = "".join(g.delta for g in held)
    if joined == text or not held:
        return held
    if text.endswith(joined):
        base = text[: len(text) - len(joined)]
        return [Growth(base, len(base), held[0].stamp), *held]
    return [Growth(text, len(text), held[0].stamp)]


def _leaf(root: Any, path: Path) -> Any:
    node = root
    for part in path:
        node = _get(node, part)
        if node is None:
            return None
    return node
