"""Failures of automation requests: answered as the protocol's `{id, error: {message}}`."""

from __future__ import annotations


class AutomationError(Exception):
    """A request that cannot be done (bad params, no such element, a JS error, …)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnknownMethod(AutomationError):
    """A method this server does not implement (listed in docs/automation.md)."""

    def __init__(self, method: str) -> None:
        super().__init__(f"unimplemented method: {method} (see docs/automation.md)")
        self.method = method
