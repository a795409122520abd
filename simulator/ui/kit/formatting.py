"""How figures read on screen: durations, sizes, and one run's live latency line."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from simulator.metrics.live import LiveFigures

_BREAKS = re.compile(r"([:_/.,=(])(?=\S)|(?<=[a-z])(?=[A-Z])")
"""After a separator, or inside a CamelCase word: where an errMsg token may wrap."""


def wrappable(text: str) -> str:
    """`text` with zero-width spaces where tokens like "net::ERR_CONNECTION_REFUSED" may wrap.

    A word-wrapping label only breaks at spaces: an unbroken token would widen its column.
    """
    return _BREAKS.sub(lambda m: (m.group(1) or "") + "\u200b", text)


def ms(seconds: float | None) -> str:
    """`0.1234` → "123 ms", `2.5` → "2.50 s", None → "—"."""
    if seconds is None:
        return "—"
    if seconds < 1.0:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def size(nbytes: int | float | None) -> str:
    """Bytes as B / KB / MB."""
    if nbytes is None:
        return "—"
    if nbytes < 1024:
        return f"{nbytes:.0f} B"
    if nbytes < 1024 * 1024:
        return f"{nbytes / 1024:.1f} KB"
    return f"{nbytes / 1024 / 1024:.2f} MB"


LIVE_LABELS = (
    QT_TRANSLATE_NOOP("Latency", "response"),
    QT_TRANSLATE_NOOP("Latency", "first content byte"),
    QT_TRANSLATE_NOOP("Latency", "first char"),
    QT_TRANSLATE_NOOP("Latency", "gaps"),
    QT_TRANSLATE_NOOP("Latency", "total"),
    QT_TRANSLATE_NOOP("Latency", "requests"),
)
"""Marked for lupdate; translated when the line is built."""


def tr(text: str) -> str:
    return QCoreApplication.translate("Latency", text)


def live_line(m: LiveFigures, via: str = "") -> str:
    """The figures shown under a streaming bubble, measured so far; `via` first when given
    (the tier `auto` is on: "auto → websocket")."""
    gap_p50 = m.gap_p50()
    gap_max = max(m.gaps) if m.gaps else None
    total = m.last_paint_s if m.end_s is not None else None
    parts = [
        *([via] if via else []),
        f"{tr('response')} {ms(m.connected_s)}",
        f"{tr('first content byte')} {ms(m.first_byte_s)}",
        f"{tr('first char')} {ms(m.first_paint_s)}",
        f"{tr('gaps')} {ms(gap_p50)}/{ms(gap_max)}",
        f"{tr('total')} {ms(total if total is not None else m.end_s)}",
        f"{tr('requests')} {m.requests}",
        size(m.bytes),
    ]
    # no-break spaces inside each figure: the line wraps between figures, never inside one
    return " · ".join(part.replace(" ", "\u00a0") for part in parts)
