"""`WxCalls`: the script's `call` messages run on one `WxRuntime` through the API table.

Callbacks travel as function ids (answered with `cb` messages), returned objects as handles,
`sync` calls are answered on the sync pipe. Shared by page mode and project mode.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from simulator.page.apis import API_BY_NAME, Api
from simulator.page.origin import OriginMap
from simulator.page.wire import from_js, to_js
from simulator.wx import WxError, WxRuntime


class WxCalls:
    def __init__(
        self,
        wx: WxRuntime,
        origin: OriginMap,
        *,
        post: Callable[[dict[str, Any]], None],
        sync_reply: Callable[[dict[str, Any]], None],
        on_error: Callable[[str], None],
        on_result: Callable[[Any], None] | None = None,
        apis: dict[str, Api] | None = None,
    ) -> None:
        self.wx = wx
        self.origin = origin
        self.post = post
        self.sync_reply = sync_reply
        self.on_error = on_error
        self.on_result = on_result
        """Sees every callback's result before the script does (e.g. to note a reply id)."""
        self.apis = API_BY_NAME if apis is None else apis
        self.last_activity = 0.0
        self._handles: dict[int, Any] = {}
        self._functions: dict[int, Callable[..., None]] = {}

    def call(self, msg: dict[str, Any]) -> None:
        name: str = msg["api"]
        api = self.apis.get(name)
        method = name.rsplit(".", 1)[-1]
        try:
            if api is None:
                raise WxError("not supported in simulator")
            target = self.wx if msg.get("h") is None else self._handles[int(msg["h"])]
            args = from_js(msg.get("args") or [], self._function, self._handles.__getitem__)
            fn = getattr(target, method)
            if api.kind in ("callback", "task"):
                opts = dict(args[0]) if args and isinstance(args[0], dict) else {}
                if api.url and isinstance(opts.get("url"), str):
                    opts["url"] = self.origin.map(opts["url"])
                result = self._call_with_options(fn, method, opts)
            else:
                result = fn(*args)
        except Exception as exc:
            self._failed(msg, method, exc)
            return
        if "ret" in msg:
            self._handles[int(msg["ret"])] = result
        if msg.get("sync"):
            self.sync_reply({"value": to_js(result)})

    def _call_with_options(self, fn: Callable[..., Any], method: str, opts: dict[str, Any]) -> Any:
        try:
            return fn(**opts)
        except (TypeError, WxError) as exc:  # bad options: the platform fails, it does not throw
            detail = exc.detail if isinstance(exc, WxError) else "parameter error"
            res = {"errMsg": f"{method}:fail {detail}"}
            for key in ("fail", "complete"):
                cb = opts.get(key)
                if callable(cb):
                    asyncio.get_running_loop().call_soon(cb, res)
            return None

    def _failed(self, msg: dict[str, Any], method: str, exc: Exception) -> None:
        if isinstance(exc, WxError):
            exc.api = method
        text = str(exc)
        if msg.get("sync"):
            self.sync_reply({"error": text})
        else:
            self.on_error(f"{method}: {text}")

    def _function(self, fn_id: int) -> Callable[..., None]:
        fn = self._functions.get(fn_id)
        if fn is None:

            def fn(res: Any = None) -> None:
                if self.on_result is not None:
                    self.on_result(res)
                self.last_activity = time.monotonic()
                self.post({"t": "cb", "fn": fn_id, "args": [to_js(res)]})

            self._functions[fn_id] = fn
        return fn
