"""A cell's verdict: ONE table of kinds, and the judge that picks one from what a run left."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from simulator.verdict import Status

CONTEXT = 20
"""Characters of context shown each side of the first bad character."""
REPLACEMENT = "\ufffd"


class CellVerdict(StrEnum):
    """A matrix cell's verdict (its own words: a cell is judged, not a run), `exact` being
    the run table's word (`simulator.verdict`)."""

    EXACT = Status.EXACT.value
    GARBLED = "garbled"
    CRASHED = "crashed"
    HUNG = "hung"
    FAILED_CLEANLY = "failed cleanly"
    ENDED = "ended"
    """No oracle (a backend that is not deterministic, without --expect): the page ended."""
    ERROR = "error"
    """The check could not run the cell (the page did not load, the backend did not answer)."""


PASSING = frozenset({CellVerdict.EXACT, CellVerdict.FAILED_CLEANLY, CellVerdict.ENDED})
"""Verdicts a CI run accepts (exit 0)."""


@dataclass(frozen=True, slots=True)
class Garble:
    """Where the page's text first differs from the backend's."""

    index: int
    got: str
    """The page's character there ("" when its text ends early)."""
    want: str
    """The backend's character there ("" when the page shows more)."""
    got_context: str
    want_context: str
    replacement_char: bool
    """U+FFFD appears in the page's text (a decoder replaced bytes it could not decode)."""
    byte_offset: int | None = None
    """Where the backend's character starts in the response body (when found)."""
    reads: tuple[int, ...] = ()
    """Read boundaries (body offsets) nearest around that character."""
    cut_inside: bool = False
    """A read boundary falls inside that character's bytes."""
    cut_event: bool = False
    """A read boundary falls inside the SSE event (blank-line delimited) that carried it."""

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index, "got": self.got, "want": self.want,
            "got_context": self.got_context, "want_context": self.want_context,
            "replacement_char": self.replacement_char, "byte_offset": self.byte_offset,
            "reads": list(self.reads), "cut_inside_char": self.cut_inside,
            "cut_inside_event": self.cut_event,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class Judged:
    verdict: CellVerdict
    summary: str
    garble: Garble | None = None
    error: dict[str, Any] = field(default_factory=dict)
    """crashed: the page's uncaught error (message, file, line)."""
    reason: str = ""
    """Why, in one sentence a person reads first (the window's cell detail shows it beside
    the garble's character and context); "" for exact."""


def first_difference(got: str, want: str) -> int | None:
    """Index of the first differing character, None when equal."""
    if got == want:
        return None
    n = min(len(got), len(want))
    for i in range(n):
        if got[i] != want[i]:
            return i
    return n


def garble(got: str, want: str, index: int, body: bytes | None, reads: list[int]) -> Garble:
    """The garble at `index`, with the read boundaries around the backend's character."""
    g = got[index] if index < len(got) else ""
    w = want[index] if index < len(want) else ""
    offset = _byte_offset(want, index, body) if w and body is not None else None
    around: tuple[int, ...] = ()
    inside = event_cut = False
    if offset is not None and body is not None:
        end = offset + len(w.encode())
        before = [r for r in reads if r <= offset]
        after = [r for r in reads if r >= end]
        within = [r for r in reads if offset < r < end]
        inside = bool(within)
        around = tuple([*before[-1:], *within, *after[:1]])
        start = body.rfind(b"\n\n", 0, offset)
        start = 0 if start < 0 else start + 2
        stop = body.find(b"\n\n", end)
        stop = len(body) if stop < 0 else stop + 2
        event_cut = any(start < r < stop for r in reads)
    return Garble(
        index, g, w,
        got[max(0, index - CONTEXT) : index + CONTEXT + 1],
        want[max(0, index - CONTEXT) : index + CONTEXT + 1],
        REPLACEMENT in got, offset, around, inside, event_cut,
    )  # fmt: skip


def _byte_offset(want: str, index: int, body: bytes) -> int | None:
    """The body offset of `want[index]`: its k-th occurrence in the text is taken to be the
    k-th occurrence of its UTF-8 bytes in the body (JSON/SSE framing keeps non-ASCII raw)."""
    char = want[index]
    nth = want[:index].count(char)
    needle = char.encode()
    at = -1
    for _ in range(nth + 1):
        at = body.find(needle, at + 1)
        if at < 0:
            return None
    return at


def judge_cell(
    *,
    text: str,
    oracle: str | None,
    timed_out: bool,
    hang_bound_s: float,
    page_errors: list[dict[str, Any]],
    network_failed: bool,
    visible_error: bool,
    body: bytes | None,
    reads: list[int],
    empty_at: str | None = None,
) -> Judged:
    """hung > crashed > exact > failed cleanly > garbled (the first that holds).

    The rule is the same on every platform: failed cleanly when the request failed, the page
    shows an error and still shows every char of the reply that had reached it (none on PC,
    whose body comes whole in `success`). `empty_at`: the data path of a reply the page
    created and never filled (project mode), named in the reason.
    """
    if timed_out:
        why = (
            f"no end within {hang_bound_s:g} s: the page still waited (a request open or a "
            "timer armed) and showed no error"
        )
        return Judged(CellVerdict.HUNG, why, reason=why)
    if page_errors:
        err = page_errors[0]
        where = f" ({err['file']}:{err['line']})" if err.get("file") and err.get("line") else ""
        why = f"{err['message']}{where}"
        return Judged(CellVerdict.CRASHED, why, error=err, reason=why)
    if oracle is None:
        why = "the page ended; no oracle to judge its text against"
        return Judged(CellVerdict.ENDED, why, reason=why)
    index = first_difference(text, oracle)
    if index is None:
        return Judged(CellVerdict.EXACT, f"the page shows the backend's text ({len(oracle)} chars)")
    # the partial text is kept: what the page shows before its error is the reply's start,
    # and not nothing when some of the reply had reached it
    reached = body is not None and bool(oracle) and oracle[0].encode() in body
    kept = REPLACEMENT not in text[:index] and (index > 0 or not reached)
    if network_failed and visible_error and kept:
        why = (
            f"the request failed; the page kept {index} of {len(oracle)} chars and showed an error"
            if index or reached
            else f"the request failed before any of the reply ({len(oracle)} chars) reached the"
            " page, and the page showed an error"
        )
        return Judged(CellVerdict.FAILED_CLEANLY, why, reason=why)
    # a reply cut short or replaced by an error message is no decoding fault: the reads
    # around it are not its cause, so they are not named
    lost = (network_failed and visible_error) or index >= len(text)
    g = garble(text, oracle, index, body, [] if lost else reads)
    if network_failed and visible_error:
        what = (
            "the request failed after part of the reply had reached the page, and the page "
            f"dropped it for an error: it shows {text[:40]!r}"
        )
    elif not g.got:  # nothing wrong is shown: the reply is cut short (or missing)
        what = _cut_short(index, len(oracle), network_failed, empty_at)
    else:
        what = f"char {index}: {g.got!r} where the backend sent {g.want!r}"
    return Judged(CellVerdict.GARBLED, what, g, reason=what)


def _cut_short(index: int, total: int, network_failed: bool, empty_at: str | None) -> str:
    """The page's text is a strict prefix of the backend's and no error is shown."""
    if index == 0 and empty_at:
        where = f"the reply stayed empty at data.{empty_at} (0 of {total} chars)"
    elif index == 0:
        where = f"the page shows none of the reply (0 of {total} chars)"
    else:
        where = f"the reply stops at char {index} of {total}"
    cause = "the request failed, " if network_failed else ""
    return f"{cause}{where}, and no error is shown"
