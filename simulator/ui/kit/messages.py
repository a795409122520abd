"""Runtime messages from below the UI (transport notes, failure details), translated here.

The layers below Qt write plain English; the window translates at its boundary. One row per
message: its English template ({0}, {1}… stand for the variable parts, which stay as they are:
errMsg texts, URLs, numbers). A test reads the transports' `note(...)` calls and fails on any
template missing from this table.
"""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QCoreApplication

from simulator.ui.kit.errors import QT_TRANSLATE_NOOP

CONTEXT = "Messages"
# fmt: off
TEMPLATES = (
    QT_TRANSLATE_NOOP(
        "Messages", "partial read refused, the reply will arrive whole at the end: {0}"
    ),
    QT_TRANSLATE_NOOP("Messages", "malformed body bytes: {0}"),
    QT_TRANSLATE_NOOP("Messages", "text altered: {0}"),
    QT_TRANSLATE_NOOP("Messages", "malformed event ignored: {0}"),
    QT_TRANSLATE_NOOP("Messages", "no chunk arrived: the whole body came with success"),
    QT_TRANSLATE_NOOP("Messages", "backend ignores the cursor ({0}): snapshot polling every {1} s"),
    QT_TRANSLATE_NOOP("Messages", "answers at once instead of waiting (wait_ms ignored)"),
    QT_TRANSLATE_NOOP("Messages", "answered the whole content despite the cursor"),
    QT_TRANSLATE_NOOP("Messages", "{0}; reconnecting in {1} ms ({2}/{3})"),
    QT_TRANSLATE_NOOP("Messages", "resuming reply {0} from seq {1}"),
    QT_TRANSLATE_NOOP("Messages", "non-text frame ignored ({0} bytes)"),
    QT_TRANSLATE_NOOP("Messages", "{0} frame ignored: {1}"),
    QT_TRANSLATE_NOOP("Messages", "duplicate chunk {0} dropped"),
    QT_TRANSLATE_NOOP("Messages", "{0} skipped: base library lacks {1}"),
    QT_TRANSLATE_NOOP("Messages", "connection closed ({0})"),
    QT_TRANSLATE_NOOP("Messages", "no frame for {0} s"),
    QT_TRANSLATE_NOOP("Messages", "chunk {0} missing (got {1})"),
    QT_TRANSLATE_NOOP("Messages", "done after {0} chunks but only {1} arrived"),
    QT_TRANSLATE_NOOP("Messages", "server error {0}: {1}"),
)
# fmt: on
"""The English templates (marked for lupdate)."""
_SLOT = re.compile(r"\\\{(\d)\\\}")


@cache
def _pattern(template: str) -> re.Pattern[str]:
    return re.compile(_SLOT.sub(r"(?P<p\1>.*?)", re.escape(template)) + r"\Z", re.DOTALL)


BRIEF = {
    "partial read refused, the reply will arrive whole at the end: {0}": QT_TRANSLATE_NOOP(
        "Messages", "Partial reads refused: the reply will arrive whole at the end."
    ),
}
"""Notes whose detail is a raw wx error: a bubble says only the sentence (its tooltip and the
network log keep the error)."""


def brief_message(text: str) -> str:
    """`text` as a bubble says it: the sentence of a `BRIEF` note, else `translate_message`."""
    for template, brief in BRIEF.items():
        if _pattern(template).match(text):
            return QCoreApplication.translate(CONTEXT, brief)
    return translate_message(text)


def translate_message(text: str) -> str:
    """`text` in the UI language when it matches a template, else as it is (data, not UI)."""
    # the longest templates first: "{0} frame ignored: {1}" must not take a longer row's text
    for template in sorted(TEMPLATES, key=len, reverse=True):
        found = _pattern(template).match(text)
        if found is None:
            continue
        parts = [translate_message(v) for _, v in sorted(found.groupdict().items())]
        return QCoreApplication.translate(CONTEXT, template).format(*parts)
    return text


def translate_lines(text: str) -> str:
    """Each line of `text` translated on its own (a toast has "transport: detail" lines)."""
    out = []
    for line in text.split("\n"):
        head, sep, rest = line.partition(": ")
        translated = translate_message(line)
        if translated == line and sep and " " not in head:  # "download: <message>"
            translated = head + sep + translate_message(rest)
        out.append(translated)
    return "\n".join(out)
