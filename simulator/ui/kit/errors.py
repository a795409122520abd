"""What a failed run means in one plain sentence, put in front of the raw error for the toast."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP as _noop
from PySide6.QtCore import QCoreApplication

from simulator.transports.events import RunFailed
from simulator.transports.failures import FailureKind


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # lupdate looks for this name
    """Mark `text` for lupdate; typed as str (PySide's stub says object)."""
    return str(_noop(context, text))


_UNREACHABLE = QT_TRANSLATE_NOOP("Errors", "The backend cannot be reached.")
_DROPPED = QT_TRANSLATE_NOOP("Errors", "The connection dropped in the middle of the reply.")
_UNREADABLE = QT_TRANSLATE_NOOP("Errors", "The backend sent data the page cannot read.")
_ANSWERED_ERROR = QT_TRANSLATE_NOOP("Errors", "The backend answered with an error.")
_FALLBACK = QT_TRANSLATE_NOOP("Errors", "The reply failed.")

HEADLINES: dict[FailureKind, str] = {
    FailureKind.UNREACHABLE: _UNREACHABLE,
    FailureKind.REFUSED: _UNREACHABLE,
    FailureKind.TIMEOUT: QT_TRANSLATE_NOOP("Errors", "The backend did not answer in time."),
    FailureKind.HTTP_STATUS: _ANSWERED_ERROR,
    FailureKind.BACKEND_ERROR: _ANSWERED_ERROR,
    FailureKind.DROPPED: _DROPPED,
    FailureKind.PROTOCOL: _UNREADABLE,
    FailureKind.MALFORMED: _UNREADABLE,
    FailureKind.TOO_LARGE: QT_TRANSLATE_NOOP("Errors", "The message is too large for the backend."),
    FailureKind.ABORTED: QT_TRANSLATE_NOOP("Errors", "The request was aborted."),
    FailureKind.UNSUPPORTED_BY_BACKEND: QT_TRANSLATE_NOOP(
        "Errors", "This backend has no endpoint for this transport."
    ),
    FailureKind.INVALID_REQUEST: QT_TRANSLATE_NOOP(
        "Errors", "The page's request is invalid (check the URL and paths)."
    ),
    FailureKind.UNKNOWN: _FALLBACK,
}
"""One headline per failure kind (a kind without an entry gets the generic one)."""
_KEPT = QT_TRANSLATE_NOOP("Errors", "The {0} characters received so far are kept.")


def headline(kind: FailureKind) -> str:
    """One translated sentence saying what kind of failure it is."""
    return QCoreApplication.translate("Errors", HEADLINES.get(kind, _FALLBACK))


def failure_message(transport: str, failure: RunFailed, kept_chars: int) -> str:
    """The toast for a failed run: what happened, the raw reason, what was kept."""
    lines = [headline(failure.kind), f"{transport}: {failure.error}"]
    if kept_chars:
        lines.append(QCoreApplication.translate("Errors", _KEPT).format(kept_chars))
    return "\n".join(lines)
