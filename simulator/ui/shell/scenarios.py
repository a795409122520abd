"""Scenario presets: the stub's fault knobs most demos need, each with a line saying what it does.

One row per preset (add one = add a row). The spec is the stub's scenario syntax
(docs/stub.md); the free-text field in the settings stays for anything else.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication


@dataclass(frozen=True, slots=True)
class Preset:
    name: str
    spec: str
    explanation: str


def _n(marked: object) -> str:
    return str(marked)


PRESETS = (
    Preset(
        _n(QT_TRANSLATE_NOOP("Scenario", "Default")),
        "",
        _n(
            QT_TRANSLATE_NOOP(
                "Scenario", "The stub's normal reply: a short first-token wait, then steady text."
            )
        ),
    ),
    Preset(
        _n(QT_TRANSLATE_NOOP("Scenario", "Slow first token")),
        "ttft_ms=3000",
        _n(
            QT_TRANSLATE_NOOP(
                "Scenario", "Three seconds before the first character, like a busy model."
            )
        ),
    ),
    Preset(
        _n(QT_TRANSLATE_NOOP("Scenario", "Stall mid-reply")),
        "stall_at=20,stall_ms=4000",
        _n(
            QT_TRANSLATE_NOOP(
                "Scenario", "Four seconds of silence after 20 chunks: does the UI look frozen?"
            )
        ),
    ),
    Preset(
        _n(QT_TRANSLATE_NOOP("Scenario", "Drop at chunk 20")),
        "drop_after=20",
        _n(
            QT_TRANSLATE_NOOP(
                "Scenario",
                "Cut after 20 chunks without a goodbye: the text so far must stay.",
            )
        ),
    ),
    Preset(
        _n(QT_TRANSLATE_NOOP("Scenario", "Server error 500")),
        "status=500",
        _n(QT_TRANSLATE_NOOP("Scenario", "The backend answers HTTP 500 instead of a reply.")),
    ),
    Preset(
        _n(QT_TRANSLATE_NOOP("Scenario", "Error mid-stream")),
        "error_at=15",
        _n(
            QT_TRANSLATE_NOOP(
                "Scenario",
                "The reply fails in-band before chunk 15 (error frame or SSE error event).",
            )
        ),
    ),
    Preset(
        _n(QT_TRANSLATE_NOOP("Scenario", "Malformed frame")),
        "malformed_at=10",
        _n(
            QT_TRANSLATE_NOOP(
                "Scenario", "One unparseable frame before chunk 10; the stream goes on."
            )
        ),
    ),
    Preset(
        _n(QT_TRANSLATE_NOOP("Scenario", "UTF-8 split")),
        "slice_bytes=1",
        _n(
            QT_TRANSLATE_NOOP(
                "Scenario",
                "Every body write is cut into 1-byte reads: a Chinese character spans reads.",
            )
        ),
    ),
    Preset(
        _n(QT_TRANSLATE_NOOP("Scenario", "Fast burst")),
        "ttft_ms=0,tps=400,jitter_ms=0",
        _n(QT_TRANSLATE_NOOP("Scenario", "No wait, 400 tokens/s: the typewriter's backlog shows.")),
    ),
)


def preset_for(spec: str) -> Preset | None:
    """The preset whose spec is `spec` (None: a custom scenario)."""
    return next((p for p in PRESETS if p.spec == spec.strip()), None)


def tr(text: str) -> str:
    return QCoreApplication.translate("Scenario", text)
