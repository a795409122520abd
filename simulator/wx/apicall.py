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
from collections.abc import Callable, Mapping
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


_CALLBACKS = ("success", "fail", "complete")


def _bind(keys: tuple[str, ...], args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    """The options of one call, as `api_options` takes them: one options object (a mapping)
    and/or keywords, or positional values in the options' order; unknown keys dropped.

    Raises:
        TypeError: more positional values than options, or one given twice.
    """
    if len(args) == 1 and isinstance(args[0], Mapping):
        given = {str(k): v for k, v in args[0].items()}
        given.update(kwargs)
    else:
        if len(args) > len(keys):
            raise TypeError(f"takes at most {len(keys)} options ({len(args)} given)")
        given = dict(zip(keys, args, strict=False))
        for key, value in kwargs.items():
            if key in given:
                raise TypeError(f"got multiple values for option {key!r}")
            given[key] = value
    return {k: v for k, v in given.items() if k in keys}


def _noop(res: Any) -> None:
    """The success of a callbacks-only API called with none (it then returns nothing)."""


class WxApi:
    """One callback-style wx API as a row in a mixin's body: `showToast = WxApi(_show_toast)`.

    The handler does the work: its keyword parameters after `self` are the API's options
    (their defaults the API's; `MISSING` = required, so the handler's check gives the
    platform's text), it returns the success fields (a dict or None; with `result`, the value
    put under that key) and raises `WxError` for `fail`. The row adds the call shape every such
    API shares (`api_options`, `ApiBase._answer`): one options object or keywords, unknown
    options ignored, success or fail then complete on a later turn, or a Promise without
    callbacks. `promise=False`: callbacks only, nothing returned (getSystemInfoAsync).
    """

    def __init__(
        self, handler: Callable[..., Any], *, result: str | None = None, promise: bool = True
    ) -> None:
        self.handler = handler
        self.result = result
        self.promise = promise
        self.name = handler.__name__
        options = list(inspect.signature(handler).parameters)[1:]
        self.keys = (*options, *_CALLBACKS)
        self.__doc__ = handler.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name  # the wx name: the errMsg's prefix

    def __get__(self, api: ApiBase | None, owner: type | None = None) -> Callable[..., Any]:
        return self.call if api is None else functools.partial(self.call, api)

    def call(self, api: ApiBase, /, *args: Any, **kwargs: Any) -> Promise:
        options = _bind(self.keys, args, kwargs)
        success, fail, complete = (options.pop(k, None) for k in _CALLBACKS)
        if not self.promise and not (success or fail or complete):
            success = _noop
        return api._answer(self.name, success, fail, complete, lambda: self._run(api, options))

    def _run(self, api: ApiBase, options: dict[str, Any]) -> Result | None:
        value = self.handler(api, **options)
        return {self.result: value} if self.result is not None else value


class WxSyncApi:
    """One `*Sync` API as a row: `getStorageSync = WxSyncApi(_get_or_empty)`. The handler's
    parameters are the API's (positional, as page code passes them); its value is returned,
    a `WxError` it raises is thrown with the full errMsg (`ApiBase._sync`)."""

    def __init__(self, handler: Callable[..., Any]) -> None:
        self.handler = handler
        self.name = handler.__name__
        self.__doc__ = handler.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, api: ApiBase | None, owner: type | None = None) -> Callable[..., Any]:
        return self.call if api is None else functools.partial(self.call, api)

    def call(self, api: ApiBase, /, *args: Any, **kwargs: Any) -> Any:
        return api._sync(self.name, lambda: self.handler(api, *args, **kwargs))
