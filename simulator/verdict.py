"""Honest verdicts on a run against any backend: exact, consistent, failed or unsupported.

The text is judged by the best oracle available — the expected text given by the user
(`--expect`), else the backend's own record (our stub's trace), else the other runs of the
same prompt when the backend is deterministic — and structural checks always hold, oracle or
not: nothing arrives after the reply completed, no reconnect repeats a prefix, and the text
never grows past what the wire carried.
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

MIN_REPEAT = 8
"""A repeated prefix shorter than this may be the reply's own wording, not a re-delivery."""


class Status(StrEnum):
    EXACT = "exact"
    CONSISTENT = "consistent"
    FAILED = "failed"
    UNSUPPORTED = "unsupported"


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


def structural(events: Sequence[RunEvent]) -> Verdict | None:
    """The checks that hold on any backend; a failed verdict, or None when all hold."""
    parts: list[str] = []  # the texts, joined only when a reconnect needs checking
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
    if reconnect_at and reconnect_at >= MIN_REPEAT:
        text = "".join(parts)
        head = text[:reconnect_at]
        if text[reconnect_at:].startswith(head):
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
    return None


def judge(
    events: Sequence[RunEvent], expected: str | None = None, oracle: str = "expected text"
) -> Verdict:
    """One run on its own: its ending, the structural checks, then `expected` if given."""
    end = next((e for e in events if isinstance(e, ReplyCompleted | RunFailed | RunStopped)), None)
    if end is None:
        return Verdict(Status.FAILED, "the run never ended (cut by the deadline)", Kind.INCOMPLETE)
    if isinstance(end, RunFailed):
        return Verdict(Status.FAILED, end.error, Kind.ERROR, end.kind)
    if isinstance(end, RunStopped):
        return Verdict(Status.FAILED, "stopped before the end", Kind.STOPPED)
    if end.altered is not None:
        why = f"the page's text is not what the backend sent: {end.altered}"
        return Verdict(Status.FAILED, why, Kind.TEXT_ALTERED)
    broken = structural(events)
    if broken is not None:
        return broken
    if expected is not None:
        if end.text == expected:
            return Verdict(Status.EXACT, f"text equals the {oracle} ({len(expected)} chars)")
        return Verdict(Status.FAILED, _difference(end.text, expected, oracle), Kind.TEXT_DIFFERS)
    return Verdict(Status.CONSISTENT, "completed; structural checks hold (no oracle)")


def compare_across(texts: Sequence[str | None], verdicts: Sequence[Verdict]) -> list[Verdict]:
    """Runs of one prompt on a deterministic backend: each ok run must match the majority text.

    `texts[i]` is run i's text (None when it did not complete). Runs already judged exact or
    failed keep their verdict; consistent runs that disagree with the others fail.
    """
    counts = Counter(t for t, v in zip(texts, verdicts, strict=True) if v.ok and t is not None)
    if len(counts) == 0:
        return list(verdicts)
    majority, votes = counts.most_common(1)[0]
    out: list[Verdict] = []
    for text, verdict in zip(texts, verdicts, strict=True):
        if verdict.status is not Status.CONSISTENT or text is None:
            out.append(verdict)
        elif text == majority:
            peers = sum(counts.values())
            out.append(
                Verdict(
                    Status.CONSISTENT,
                    f"same text as {votes - 1} of {peers - 1} other run(s) (deterministic backend)",
                )
            )
        else:
            out.append(
                Verdict(
                    Status.FAILED,
                    _difference(text, majority, "text of the other runs"),
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
