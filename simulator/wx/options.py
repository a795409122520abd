"""The object form of every wx call: `wx.request({"url": ..., "success": fn})`.

Pages (and the page runtime) pass one options object; Python callers may use keywords. Keys
a function does not know are ignored, as the platform ignores unknown options.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def object_form(fn: Callable[P, R]) -> Callable[P, R]:
    """Let a wx method take one options mapping as well as keyword arguments."""
    params = inspect.signature(fn).parameters
    open_ended = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    known = {name for name in params if name != "self"}

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if len(args) == 2 and isinstance(args[1], Mapping):
            merged = {str(k): v for k, v in args[1].items()}
            merged.update(kwargs)
            if not open_ended:
                merged = {k: v for k, v in merged.items() if k in known}
            return fn(args[0], **merged)
        return fn(*args, **kwargs)

    return wrapper
