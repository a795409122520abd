"""What the native (non-network) wx APIs share: the success/fail/complete call shape, the
Promise style, and the platform's parameter-error text.

Every async API calls back on a later loop turn, never inside the call, `success` (or
`fail`) before `complete`; with no callback and base library >= 2.10.2 it returns a future
(the page bridge makes that a Promise).
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from simulator.wx.callbacks import Callback, Outcome, Result
from simulator.wx.config import WxConfig
from simulator.wx.errors import CallFailed, InvalidArgument, WxError
from simulator.wx.host import Host
from simulator.wx.options import object_form
from simulator.wx.versions import PROMISE_SINCE, at_least


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING: Any = _Missing()
"""Default of a required option, so leaving it out gets the platform's text, not TypeError."""

Promise = asyncio.Future[Result] | None
P = ParamSpec("P")
R = TypeVar("R")


def js_type(value: Any) -> str:
    """The type name the platform's parameter check prints."""
    if value is MISSING:
        return "Undefined"
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int | float):
        return "Number"
    if isinstance(value, str):
        return "String"
    if isinstance(value, list | tuple):
        return "Array"
    if callable(value):
        return "Function"
    return "Object"


def param_error(name: str, expected: str, value: Any) -> InvalidArgument:
    """`parameter error: parameter.title should be String instead of Undefined;` — the
    format of the platform's option checks (seen in navigateTo, request, storage errors)."""
    return InvalidArgument(
        f"parameter error: parameter.{name} should be {expected} instead of {js_type(value)};"
    )


def need_str(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise param_error(name, "String", value)
    return value


class ApiBase:
    """Base of the native API mixins of `WxRuntime` (which sets `_host` and `config`)."""

    _host: Host
    config: WxConfig

    def _outcome(
        self, success: Callback | None, fail: Callback | None, complete: Callback | None
    ) -> tuple[Outcome, Promise]:
        if (
            success
            or fail
            or complete
            or not at_least(self.config.base_library_version, PROMISE_SINCE)
        ):
            return Outcome(success, fail, complete), None
        future: asyncio.Future[Result] = self._host.loop.create_future()

        def ok(res: Result) -> None:
            if not future.done():
                future.set_result(res)

        def bad(res: Result) -> None:
            if not future.done():
                future.set_exception(CallFailed(res))

        return Outcome(ok, bad), future

    def _answer(
        self,
        api: str,
        success: Callback | None,
        fail: Callback | None,
        complete: Callback | None,
        op: Callable[[], Result | None],
    ) -> Promise:
        """Run `op` now; call back on the next loop turn with its result (+ `errMsg`), or
        with `fail` when it raised a `WxError`."""
        outcome, promise = self._outcome(success, fail, complete)
        try:
            res = dict(op() or {})
        except WxError as exc:
            self._host.call_soon(outcome.failed, exc.fail_result(api))
            return promise
        res["errMsg"] = f"{api}:ok"
        self._host.call_soon(outcome.succeed, res)
        return promise

    def _later(
        self,
        api: str,
        success: Callback | None,
        fail: Callback | None,
        complete: Callback | None,
    ) -> tuple[Callable[[Result], None], Callable[[WxError], None], Promise]:
        """For an answer that comes later (a modal, a scroll): `(ok, bad, promise)`."""
        outcome, promise = self._outcome(success, fail, complete)

        def ok(res: Result) -> None:
            self._host.call_soon(outcome.succeed, {**res, "errMsg": f"{api}:ok"})

        def bad(exc: WxError) -> None:
            self._host.call_soon(outcome.failed, exc.fail_result(api))

        return ok, bad, promise

    @staticmethod
    def _sync(api: str, op: Callable[[], Any]) -> Any:
        """A `*Sync` API: the value, or the `WxError` raised with the full errMsg as text."""
        try:
            return op()
        except WxError as exc:
            exc.api = api
            raise


def api_options(fn: Callable[P, R]) -> Callable[P, R]:
    """`object_form`, and unknown keyword options dropped too (the platform ignores options
    it does not know; the page bridge passes the page's object as keywords)."""
    formed = object_form(fn)
    known = {name for name in inspect.signature(fn).parameters if name != "self"}

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if kwargs:
            kwargs = {k: v for k, v in kwargs.items() if k in known}
        return formed(*args, **kwargs)

    return wrapper
