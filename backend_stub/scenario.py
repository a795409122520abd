"""Scenarios: a compact `key=value,...` spec that shapes the timing and faults of a reply."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from backend_stub.llm.library import SCRIPT_NAMES


class ScenarioError(ValueError):
    """A scenario spec that cannot be parsed; the message says which key and why."""


def _number(low: float, high: float) -> Callable[[str], float]:
    def convert(raw: str) -> float:
        value = float(raw)
        if not low <= value <= high:  # also rejects nan
            raise ValueError(f"must be between {low:g} and {high:g}")
        return value

    return convert


def _integer(low: int, high: int) -> Callable[[str], int]:
    def convert(raw: str) -> int:
        value = int(raw)
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}")
        return value

    return convert


def _script(raw: str) -> str:
    if raw not in SCRIPT_NAMES:
        raise ValueError(f"unknown script, choose one of {', '.join(sorted(SCRIPT_NAMES))}")
    return raw


def _status(raw: str) -> int:
    value = int(raw)
    if not 400 <= value <= 599:
        raise ValueError("must be an HTTP error status (400-599)")
    return value


# key -> converter; the dataclass below holds one field per key.
_KEYS: dict[str, Callable[[str], Any]] = {
    "ttft_ms": _number(0, 120_000),
    "tps": _number(0.1, 100_000),
    "jitter_ms": _number(0, 10_000),
    "chunk_tokens": _integer(1, 10_000),
    "interval_ms": _number(0, 60_000),
    "stall_at": _integer(0, 10_000_000),
    "stall_ms": _number(0, 600_000),
    "drop_after": _integer(0, 10_000_000),
    "status": _status,
    "error_at": _integer(0, 10_000_000),
    "malformed_at": _integer(0, 10_000_000),
    "slice_bytes": _integer(1, 1_000_000),
    "script": _script,
    "length": _integer(1, 10_000_000),
    "seed": _integer(-(2**62), 2**62),
    "speed": _number(0.01, 1000),
}


@dataclass(frozen=True)
class Scenario:
    """Timing and faults of one reply; every field is optional in the spec.

    `given` remembers which keys a spec set, so a request's scenario can be laid over the
    server default key by key (`default.overlay(request)`).
    """

    ttft_ms: float = 300.0
    """Delay from the request to the first chunk."""
    tps: float = 25.0
    """Tokens per second after the first chunk."""
    jitter_ms: float = 10.0
    """Each gap between chunks moves by a seeded uniform amount in [-jitter, +jitter]."""
    chunk_tokens: int = 1
    """Tokens per chunk (the rate stays `tps` tokens per second)."""
    interval_ms: float | None = None
    """Fixed gap between chunks, overriding `tps` (miniapp-stream defaults to 100 ms)."""
    stall_at: int | None = None
    """Chunk index before which the reply stalls for `stall_ms`."""
    stall_ms: float = 3000.0
    drop_after: int | None = None
    """Cut the connection abruptly once this many chunks were written on it."""
    status: int | None = None
    """Answer this HTTP error status (JSON body) instead of a reply."""
    error_at: int | None = None
    """Fail mid-reply before chunk N with an in-band error (error frame / SSE error event)."""
    malformed_at: int | None = None
    """Insert one malformed frame before chunk N (the chunk itself still follows)."""
    slice_bytes: int | None = None
    """Re-slice each HTTP body write into pieces of this many bytes, flushed separately."""
    script: str | None = None
    """Reply script name; None picks a short reply in the prompt's language (English for a
    Latin-only prompt, else Chinese) from the message and seed."""
    length: int | None = None
    """Exact reply length in characters (long replies are built from the script library)."""
    seed: int | None = None
    """Overrides the server seed for this reply."""
    speed: float | None = None
    """Replay only: timing scale of the recording (2 = twice as fast), over `--replay-speed`."""
    given: frozenset[str] = field(default=frozenset(), compare=False)
    """Keys set explicitly; for a Scenario built in code, the fields that differ from defaults."""

    def __post_init__(self) -> None:
        if not self.given:
            changed = frozenset(
                f.name
                for f in dataclasses.fields(self)
                if f.name in _KEYS and getattr(self, f.name) != f.default
            )
            object.__setattr__(self, "given", changed)

    @classmethod
    def parse(cls, spec: str | None) -> Scenario:
        """Parse `"ttft_ms=800,tps=30,drop_after=8"`; an empty spec gives the defaults.

        Raises:
            ScenarioError: unknown key, bad value, or a key given twice.
        """
        values: dict[str, Any] = {}
        for item in (spec or "").split(","):
            item = item.strip()
            if not item:
                continue
            key, sep, raw = item.partition("=")
            key = key.strip()
            if not sep:
                raise ScenarioError(f"{item!r}: expected key=value")
            if key not in _KEYS:
                raise ScenarioError(f"{key!r}: unknown key, known: {', '.join(_KEYS)}")
            if key in values:
                raise ScenarioError(f"{key!r}: given twice")
            try:
                values[key] = _KEYS[key](raw.strip())
            except ValueError as exc:
                raise ScenarioError(f"{key}={raw.strip()!r}: {exc}") from None
        return cls(**values, given=frozenset(values))

    def overlay(self, other: Scenario) -> Scenario:
        """This scenario with every key `other` set replaced by `other`'s value."""
        if not other.given:
            return self
        changes = {key: getattr(other, key) for key in other.given}
        return dataclasses.replace(self, **changes, given=self.given | other.given)

    def with_fallback(self, **defaults: Any) -> Scenario:
        """Apply endpoint defaults for keys that neither the server nor the request set."""
        changes = {key: value for key, value in defaults.items() if key not in self.given}
        return dataclasses.replace(self, **changes) if changes else self

    def spec(self) -> str:
        """The compact spec of the keys this scenario sets (round-trips through `parse`)."""
        return ",".join(
            f"{key}={_format(getattr(self, key))}" for key in _KEYS if key in self.given
        )


def _format(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
