"""What a failed run means in one plain sentence, put in front of the raw error for the toast."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP as _noop
from PySide6.QtCore import QCoreApplication


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # lupdate looks for this name
    """Mark `text` for lupdate; typed as str (PySide's stub says object)."""
    return str(_noop(context, text))


# (pattern over the raw error, headline); the first match wins. The raw error (errMsg, HTTP
# status and the backend's reason) always follows the headline, so nothing is hidden.
_HEADLINES = (
    (
        r"HTTP 413|too.large|\b1009\b|exceeds limit",
        QT_TRANSLATE_NOOP("Errors", "The message is too large for the backend."),
    ),
    (
        r"refused|unreachable|ERR_CONNECTION|ERR_NAME|ConnectError|getaddrinfo|could not connect",
        QT_TRANSLATE_NOOP("Errors", "The backend cannot be reached."),
    ),
    (
        r"timed? ?out",
        QT_TRANSLATE_NOOP("Errors", "The backend did not answer in time."),
    ),
    (
        r"INCOMPLETE|\b1006\b|closed|dropped|reset|EOF",
        QT_TRANSLATE_NOOP("Errors", "The connection dropped in the middle of the reply."),
    ),
    (
        r"HTTP [45]\d\d|server error|status",
        QT_TRANSLATE_NOOP("Errors", "The backend answered with an error."),
    ),
    (
        r"malformed|decode|UTF-?8|parse",
        QT_TRANSLATE_NOOP("Errors", "The backend sent data the page cannot read."),
    ),
)
_FALLBACK = QT_TRANSLATE_NOOP("Errors", "The reply failed.")
_KEPT = QT_TRANSLATE_NOOP("Errors", "The {0} characters received so far are kept.")


def headline(error: str) -> str:
    """One translated sentence saying what kind of failure `error` is."""
    for pattern, text in _HEADLINES:
        if re.search(pattern, error, re.IGNORECASE):
            return QCoreApplication.translate("Errors", text)
    return QCoreApplication.translate("Errors", _FALLBACK)


def failure_message(transport: str, error: str, kept_chars: int) -> str:
    """The toast for a failed run: what happened, the raw reason, what was kept."""
    lines = [headline(error), f"{transport}: {error}"]
    if kept_chars:
        lines.append(QCoreApplication.translate("Errors", _KEPT).format(kept_chars))
    return "\n".join(lines)
