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
        # "… unimplemented …" not at the start: minium looks for it at an index > 0
        super().__init__(f"method {method} unimplemented (see docs/automation.md)")
        self.method = method
