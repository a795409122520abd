"""Buffering from the arrival pattern alone: no server stamps needed.

A stream that something held back reaches the page as one read (or a few) at the end, after a
long silence: first byte ≈ last byte. A stream that flows spreads its reads over the reply.
Which measure decided is part of the answer, so a table can say how it knows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MIN_DURATION_S = 0.3
"""A reply over in less than this is too short to tell buffered from fast."""
SPREAD_SHARE = 0.1
"""Without a reference: reads spread over less than this share of the wait → buffered."""
REFERENCE_SHARE = 0.2
"""With a reference spread (emission trace or an unbuffered probe): below this share → buffered."""


@dataclass(frozen=True, slots=True)
class ArrivalVerdict:
    buffered: bool | None
    """None: cannot tell (too few reads over too short a time)."""
    measure: str
    """Which measure decided: "reference-spread", "arrival-spread" or "too-short"."""
    why: str


def judge_arrival(
    arrivals_s: Sequence[float], reference_spread_s: float | None = None
) -> ArrivalVerdict:
    """Judge one reply from the times (seconds after send) its text reached the page.

    `reference_spread_s` is how long the backend took to produce the reply when known (its
    emission stamps, or the same reply read without anything in between): then the arrival
    spread is compared with it. Without one, the spread is compared with the time to the last
    byte: a reply that waited long and then came in one burst was buffered.
    """
    if not arrivals_s:
        return ArrivalVerdict(None, "too-short", "no text arrived")
    first, last = arrivals_s[0], arrivals_s[-1]
    spread = last - first
    reads = len(arrivals_s)
    if reference_spread_s is not None and reference_spread_s > 0.05:
        buffered = spread < REFERENCE_SHARE * reference_spread_s
        return ArrivalVerdict(
            buffered,
            "reference-spread",
            f"{reads} read(s) over {spread * 1000:.0f} ms vs {reference_spread_s * 1000:.0f} ms"
            " of production",
        )
    if last < MIN_DURATION_S:
        return ArrivalVerdict(
            None, "too-short", f"whole reply within {last * 1000:.0f} ms: too short to tell"
        )
    buffered = spread < SPREAD_SHARE * last
    return ArrivalVerdict(
        buffered,
        "arrival-spread",
        f"{reads} read(s) spread over {spread * 1000:.0f} ms of {last * 1000:.0f} ms to last byte",
    )
