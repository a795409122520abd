"""Close the inline markdown still open in a streaming tail, so a half-typed `**粗` shows bold."""

from __future__ import annotations

import re

_FENCES = ("```", "~~~")
# A line that starts a new block: a blank line, a heading, a quote, a list item, a table row.
_BLOCK_START = re.compile(r"\s*$|\s{0,3}(#{1,6}\s|>|[-+*]\s|\d{1,9}[.)]\s|\|)")
_URL = "]("


def close_open_inline(tail: str) -> str:
    """`tail` with its unclosed inline markers closed for now (or dropped when still empty).

    Only the block being typed is looked at (its markers cannot reach further back), and
    nothing inside an unfinished code fence is touched. Handled: `**`, `*`, `~~`, code spans
    of any backtick count, and a link whose address is still being typed (`[text](ht`).
    An opener with nothing after it yet is removed rather than closed: `**` alone shows
    nothing until its first character arrives. The final render never goes through here.
    """
    start = _current_block_start(tail)
    if start is None:
        return tail
    head, block = tail[:start], tail[start:]
    body = block.rstrip()
    if not body:
        return tail
    opened = _open_markers(body)
    if not opened:
        return tail
    # Empty openers at the very end are dropped, innermost first; the rest are closed
    # (an empty link address too: `[text]()` already shows as the link).
    while opened and opened[-1][1] == len(body) and opened[-1][0] != _URL:
        marker, _ = opened.pop()
        body = body[: len(body) - len(marker)].rstrip()
    closers = "".join(_closer(marker) for marker, _ in reversed(opened))
    return head + body + closers


def _current_block_start(tail: str) -> int | None:
    """Offset of the block being typed; None when the tail ends inside a code fence."""
    in_fence = False
    start = 0
    pos = 0
    for line in tail.splitlines(keepends=True):
        if line.strip().startswith(_FENCES):
            in_fence = not in_fence
            start = pos + len(line)
        elif not in_fence and _BLOCK_START.match(line):
            start = pos
        pos += len(line)
    return None if in_fence else start


def _line_marker_end(body: str, i: int) -> int:
    """Past a list bullet or quote marker at `i` (a line start), so its `*` is not emphasis."""
    match = _BLOCK_START.match(body, i)
    return match.end() if match else i


def _open_markers(body: str) -> list[tuple[str, int]]:
    """The markers still open at the end of `body`: (marker, offset just after it)."""
    stack: list[tuple[str, int]] = []
    i = 0
    n = len(body)
    line_start = True
    while i < n:
        if line_start:
            i = _line_marker_end(body, i)
            line_start = False
            if i >= n:
                break
        ch = body[i]
        top = stack[-1][0] if stack else ""
        if ch == "\n":
            line_start = True
            i += 1
        elif top.startswith("`"):
            run = _run(body, i, "`") if ch == "`" else 0
            if run == len(top):
                stack.pop()
            i += max(run, 1)
        elif top == _URL:
            if ch == ")":
                stack.pop()
            i += 1
        elif ch == "\\":
            i += 2
        elif ch == "`":
            run = _run(body, i, "`")
            stack.append(("`" * run, i + run))
            i += run
        elif ch == "[":
            stack.append(("[", i + 1))
            i += 1
        elif ch == "]":
            if top == "[":
                stack.pop()
                if body.startswith("(", i + 1):
                    stack.append((_URL, i + 2))
                    i += 1
            i += 1
        elif ch in "*~":
            run = _run(body, i, ch)
            i = _emphasis(body, i, run, ch, stack)
        else:
            i += 1
    return [(marker, end) for marker, end in stack if marker != "["]


def _emphasis(body: str, i: int, run: int, ch: str, stack: list[tuple[str, int]]) -> int:
    """Open or close `*`, `**` or `~~` for a run of `run` characters at `i`; the next offset."""
    end = i + run
    if ch == "~" and run != 2:
        return end  # only ~~ strikes through
    before = body[i - 1] if i > 0 else " "
    after = body[end] if end < len(body) else ""
    pieces = ["~~"] if ch == "~" else ["**"] * (run // 2) + ["*"] * (run % 2)
    for piece in pieces:
        if not before.isspace() and piece in (m for m, _ in stack):
            while stack and stack[-1][0] != piece:
                stack.pop()  # an inner opener that never closed is not emphasis
            stack.pop()
        elif not after.isspace():
            stack.append((piece, end))
    return end


def _run(text: str, i: int, ch: str) -> int:
    j = i
    while j < len(text) and text[j] == ch:
        j += 1
    return j - i


def _closer(marker: str) -> str:
    return ")" if marker == _URL else marker
