"""Honest verdicts on a run against any backend, and the one table of their words.

One rule, stated in docs/backends.md: a run is `exact` only against an oracle (the expected
text given by the user, `--expect`; the backend's own record, our stub's trace; a recording),
`consistent` only when its text equals the text other transports received for the same prompt
on a backend the probe found deterministic, and otherwise `unverified` — never `consistent`
by structure alone. Text that still holds wire syntax (SSE field lines, JSON envelopes,
`[DONE]`) is no reply: `failed: unparsed_framing`, with a sample. Structural checks hold
oracle or not: nothing arrives after the reply completed, no reconnect repeats a prefix, and
the text never grows past what the wire carried.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from simulator.transports.events import (
    ChunkReceived,
    EmptyResponseReceived,
    ReplyCompleted,
    RunEvent,
    RunFailed,
    RunStopped,
    TransportNote,
)
from simulator.transports.failures import FailureKind
from simulator.transports.shapes import wire_syntax

MIN_REPEAT = 8
"""A repeated prefix shorter than this may be the reply's own wording, not a re-delivery."""


class Status(StrEnum):
    EXACT = "exact"
    CONSISTENT = "consistent"
    UNVERIFIED = "unverified"
    FAILED = "failed"
    UNSUPPORTED = "unsupported"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class VerdictWord:
    """One row of the verdict table: the word (stored by the history, written by the bench and
    the load report), whether it counts as a success, its English label (the UI translates it in
    context "Verdicts") and what it promises."""

    status: Status
    ok: bool
    label: str
    meaning: str


VERDICTS: tuple[VerdictWord, ...] = (
    VerdictWord(Status.EXACT, True, "exact",
                "the text equals an oracle: --expect, the backend's own trace, a recording"),
    VerdictWord(Status.CONSISTENT, True, "consistent",
                "the text equals what other transports received for the same prompt, on a"
                " backend the probe found deterministic"),
    VerdictWord(Status.UNVERIFIED, True, "unverified",
                "completed, structural checks hold, but nothing says the text is right"),
    VerdictWord(Status.FAILED, False, "failed",
                "an error, wrong or inconsistent text, wire syntax left in the text, or a"
                " structural check broken (the kind says which)"),
    VerdictWord(Status.UNSUPPORTED, False, "unsupported",
                "not run: the backend cannot serve this transport (the probe says why)"),
    VerdictWord(Status.STOPPED, False, "stopped", "stopped before the end"),
)  # fmt: skip
"""Every verdict word; `ok` rows count as successes (exit 0), but only exact and consistent
ones vouch for the text."""

VERDICT_BY_WORD = {row.status.value: row for row in VERDICTS}
LEGACY_WORDS = {"ok": Status.UNVERIFIED, "text differs": Status.FAILED}
"""Words older histories stored, read as today's (an old "ok" checked no text)."""


def verdict_word(word: str) -> VerdictWord:
    """The row of a stored word (legacy words mapped); unknown words read as failed."""
    word = LEGACY_WORDS.get(word, word)
    return VERDICT_BY_WORD.get(str(word), VERDICT_BY_WORD[Status.FAILED.value])


class Kind(StrEnum):
    """Why a run failed (or could not be run)."""

    ERROR = "error"
    """The transport ended in error (its message is the why)."""
    STOPPED = "stopped"
    INCOMPLETE = "incomplete"
    """No terminal event: the run was cut by the bench's deadline."""
    TEXT_DIFFERS = "text_differs"
    TEXT_ALTERED = "text_altered"
    """The page's text is not what the backend sent (invalid bytes shown as U+FFFD)."""
    TEXT_AFTER_COMPLETE = "text_after_complete"
    REPEATED_PREFIX = "repeated_prefix"
    OVERGROWTH = "overgrowth"
    INCONSISTENT = "inconsistent"
    UNPARSED_FRAMING = "unparsed_framing"
    """The text still holds wire syntax: the framing was never parsed out of it."""
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True, slots=True)
class Verdict:
    status: Status
    why: str
    kind: Kind | None = None
    """Set when the status is failed or unsupported."""
    failure: FailureKind | None = None
    """For `Kind.ERROR`: the transport's typed failure (refused, timeout, http_status…)."""

    @property
    def ok(self) -> bool:
        """A success (exit 0); only exact and consistent vouch for the text (`vouched`)."""
        return VERDICT_BY_WORD[self.status.value].ok

    @property
    def vouched(self) -> bool:
        return self.status in (Status.EXACT, Status.CONSISTENT)

    def as_dict(self) -> dict[str, str | None]:
        return {
            "verdict": self.status.value,
            "kind": self.kind and self.kind.value,
            "why": self.why,
            "failure": self.failure and self.failure.value,
        }


def unsupported(why: str) -> Verdict:
    return Verdict(Status.UNSUPPORTED, why, Kind.UNSUPPORTED)


def structural(events: Sequence[RunEvent], text: str | None = None) -> Verdict | None:
    """The checks that hold on any backend; a failed verdict, or None when all hold. With
    `text` (what the run ended with), the pieces that streamed in (as the typewriter and the
    figures saw them) must join to it: else what was shown is not what was judged."""
    parts: list[str] = []  # the texts, joined once at the end
    chars = 0
    carried = 0  # UTF-8 bytes of the text, counted per piece (no copy of a long reply)
    wire = 0
    completed = False
    first_chunk = ""
    repeats = 0
    reconnect_at: int | None = None
    for event in events:
        if isinstance(event, ChunkReceived) and event.text:
            if completed:
                return Verdict(
                    Status.FAILED,
                    "text arrived after the reply completed",
                    Kind.TEXT_AFTER_COMPLETE,
                )
            if not first_chunk:
                first_chunk = event.text
            elif event.text.startswith(first_chunk):
                repeats += 1
                # One repeat of a long start, or two of a short one: not the reply's wording.
                if (len(first_chunk) >= MIN_REPEAT or repeats >= 2) and len(first_chunk) >= 2:
                    return Verdict(
                        Status.FAILED,
                        f"a later chunk repeats the reply's start ({first_chunk[:20]!r}…) at"
                        f" char {chars}: content delivered twice (a snapshot appended as"
                        " a delta?)",
                        Kind.REPEATED_PREFIX,
                    )
            parts.append(event.text)
            chars += len(event.text)
            carried += len(event.text) if event.text.isascii() else len(event.text.encode())
        if isinstance(event, ChunkReceived | EmptyResponseReceived):
            wire += event.nbytes
        if isinstance(event, TransportNote) and "reconnect" in event.message:
            reconnect_at = chars if reconnect_at is None else reconnect_at
        if isinstance(event, ReplyCompleted):
            completed = True
    streamed = "".join(parts)
    if reconnect_at and reconnect_at >= MIN_REPEAT:
        head = streamed[:reconnect_at]
        if streamed[reconnect_at:].startswith(head):
            return Verdict(
                Status.FAILED,
                f"after the reconnect the first {reconnect_at} chars arrived again",
                Kind.REPEATED_PREFIX,
            )
    if wire and carried > wire:
        return Verdict(
            Status.FAILED,
            f"the page holds {carried} bytes of text but the wire carried {wire}",
            Kind.OVERGROWTH,
        )
    if text is not None and parts and streamed != text:
        why = _difference(streamed, text, "reply the run ended with")
        return Verdict(Status.FAILED, f"streamed {why}", Kind.TEXT_DIFFERS)
    return None


def judge(
    events: Sequence[RunEvent], expected: str | None = None, oracle: str = "expected text"
) -> Verdict:
    """One run on its own: its ending, the structural checks, then `expected` if given, else
    the wire-syntax check; without an oracle a clean run is `unverified`."""
    end = next((e for e in events if isinstance(e, ReplyCompleted | RunFailed | RunStopped)), None)
    if end is None:
        return Verdict(Status.FAILED, "the run never ended (cut by the deadline)", Kind.INCOMPLETE)
    if isinstance(end, RunFailed):
        return Verdict(Status.FAILED, end.error, Kind.ERROR, end.kind)
    if isinstance(end, RunStopped):
        return Verdict(Status.STOPPED, "stopped before the end", Kind.STOPPED)
    if end.altered is not None:
        why = f"the page's text is not what the backend sent: {end.altered}"
        return Verdict(Status.FAILED, why, Kind.TEXT_ALTERED)
    broken = structural(events, end.text)
    if broken is not None:
        return broken
    if expected is not None:
        if end.text == expected:
            return Verdict(Status.EXACT, f"text equals the {oracle} ({len(expected)} chars)")
        sample = wire_syntax(end.text)
        if sample is not None and wire_syntax(expected) is None:
            return _unparsed(end.text, sample)
        return Verdict(Status.FAILED, _difference(end.text, expected, oracle), Kind.TEXT_DIFFERS)
    sample = wire_syntax(end.text)
    if sample is not None:
        return _unparsed(end.text, sample)
    return Verdict(
        Status.UNVERIFIED,
        f"completed ({len(end.text)} chars), structural checks hold; no oracle says the text"
        " is right (--expect, or probe a deterministic backend to compare transports)",
    )


def _unparsed(text: str, sample: str) -> Verdict:
    return Verdict(
        Status.FAILED,
        f"the text still holds wire syntax, e.g. {sample} ({len(text)} chars): the framing"
        " was not parsed (probe the backend, or set its framing)",
        Kind.UNPARSED_FRAMING,
    )


def compare_across(
    texts: Sequence[str | None],
    verdicts: Sequence[Verdict],
    transports: Sequence[str] | None = None,
) -> list[Verdict]:
    """Runs of one prompt on a backend the probe found deterministic: an unverified run whose
    text is the majority's, and the majority holds runs of at least two transports, becomes
    consistent; an unverified run with another text fails as inconsistent. Without a strict
    majority across transports nothing changes: agreement of one transport with itself
    proves nothing.

    `texts[i]` is run i's text (None when it did not complete), `transports[i]` its transport
    (default: every run its own). Exact, failed and other verdicts are kept.
    """
    names = list(transports) if transports is not None else [str(i) for i in range(len(texts))]
    pool = [
        (t, n)
        for t, n, v in zip(texts, names, verdicts, strict=True)
        if v.status is Status.UNVERIFIED and t is not None
    ]
    # A text another run continues was cut short, however many runs agree on it.
    distinct = set(t for t, _ in pool)
    cut = {a: b for a in distinct for b in distinct if a != b and b.startswith(a)}
    counts = Counter(t for t, _ in pool if t not in cut)
    if not counts:
        return list(verdicts)
    ranked = counts.most_common(2)
    majority, votes = ranked[0]
    strict = len(ranked) == 1 or votes > ranked[1][1]
    backers = {n for t, n in pool if t == majority}
    out: list[Verdict] = []
    for text, name, verdict in zip(texts, names, verdicts, strict=True):
        if verdict.status is not Status.UNVERIFIED or text is None:
            out.append(verdict)
        elif text in cut:
            out.append(
                Verdict(
                    Status.FAILED,
                    f"cut short: another run of the same prompt received the same start and"
                    f" {len(cut[text]) - len(text)} chars more ({len(text)} of"
                    f" {len(cut[text])})",
                    Kind.INCONSISTENT,
                )
            )
        elif not strict or len(backers) < 2:
            out.append(verdict)
        elif text == majority:
            others = sorted(backers - {name})
            out.append(
                Verdict(
                    Status.CONSISTENT,
                    f"same text ({len(text)} chars) as {', '.join(others)} (deterministic backend)",
                )
            )
        else:
            out.append(
                Verdict(
                    Status.FAILED,
                    _difference(text, majority, "text the other transports received"),
                    Kind.INCONSISTENT,
                )
            )
    return out


def _difference(got: str, want: str, oracle: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), None)
    at = min(len(got), len(want)) if at is None else at
    return (
        f"text differs from the {oracle} at char {at}: got {len(got)} chars"
        f" {got[at : at + 20]!r}…, expected {len(want)} chars {want[at : at + 20]!r}…"
    )
