"""Values between the bridge and the runtime: bytes as `{"$ab": base64}`, a `Date` as
`{"$date": epoch ms}` (storage keeps it, as the platform does), host objects by handle."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any


def to_js(value: Any) -> Any:
    """A runtime result as JSON for the bridge (bytes become an ArrayBuffer there)."""
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$ab": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=UTC)
        return {"$date": round(stamp.timestamp() * 1000)}
    if isinstance(value, dict):
        return {str(k): to_js(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_js(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def from_js(
    value: Any, function: Callable[[int], Callable[..., Any]], handle: Callable[[int], Any]
) -> Any:
    """A JSON value from the bridge: `$fn` ids become callables, `$ab` bytes, `$h` objects."""
    if isinstance(value, list):
        return [from_js(v, function, handle) for v in value]
    if isinstance(value, dict):
        if "$fn" in value:
            return function(int(value["$fn"]))
        if "$ab" in value:
            return base64.b64decode(value["$ab"])
        if "$h" in value:
            return handle(int(value["$h"]))
        if "$date" in value and len(value) == 1:
            return datetime.fromtimestamp(float(value["$date"]) / 1000, UTC)
        return {k: from_js(v, function, handle) for k, v in value.items()}
    return value
