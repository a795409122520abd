"""What `wx.request` puts on the wire (data serialisation, headers) and makes of the body."""

from __future__ import annotations

import codecs
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from simulator.wx.errors import InvalidArgument

METHODS = ("OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT")
_URI_SAFE = "-_.!~*'()"  # what encodeURIComponent leaves alone


@dataclass(frozen=True, slots=True)
class PreparedRequest:
    """A request ready for the HTTP client."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None


def js_string(value: Any) -> str:
    """`String(value)` as JavaScript would write it (the platform stringifies query values)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(value)
    if isinstance(value, list | tuple):
        return ",".join("" if v is None else js_string(v) for v in value)
    if isinstance(value, Mapping):
        return "[object Object]"
    return str(value)


def query_string(data: Mapping[str, Any]) -> str:
    """`encodeURIComponent(k)=encodeURIComponent(v)&…`, the platform's GET/form encoding."""
    return "&".join(
        f"{quote(str(k), safe=_URI_SAFE)}={quote(js_string(v), safe=_URI_SAFE)}"
        for k, v in data.items()
    )


def _header_value(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def prepare_request(
    url: str,
    method: str,
    data: Any,
    header: Mapping[str, Any] | None,
    referer: str,
) -> PreparedRequest:
    """Apply the platform's rules to one `wx.request` call.

    GET/HEAD: an object `data` becomes the query string. Other methods: an object is
    JSON unless content-type is form-urlencoded (PUT/DELETE follow POST; the docs only
    name POST). Strings go as UTF-8, bytes as they are. content-type defaults to
    application/json; Referer is the platform's fixed value and cannot be set.

    Raises:
        InvalidArgument: unknown method, or data that cannot be serialised (errno 600010).
    """
    method = (method or "GET").upper()
    if method not in METHODS:
        raise InvalidArgument(f'invalid method "{method}"')
    headers = {
        str(k): js_string(v) for k, v in (header or {}).items() if str(k).lower() != "referer"
    }
    if _header_value(headers, "content-type") is None:
        headers["content-type"] = "application/json"
    headers["Referer"] = referer
    body: bytes | None = None
    if method in ("GET", "HEAD"):
        if isinstance(data, Mapping) and data:
            sep = "&" if "?" in url else "?"
            url = f"{url}{sep}{query_string(data)}"
        elif isinstance(data, str) and data:
            sep = "&" if "?" in url else "?"
            url = f"{url}{sep}{data}"
        return PreparedRequest(method, url, headers, None)
    if data is None:
        body = None
    elif isinstance(data, bytes | bytearray | memoryview):
        body = bytes(data)
    elif isinstance(data, str):
        body = data.encode()
    elif "application/x-www-form-urlencoded" in (_header_value(headers, "content-type") or ""):
        if not isinstance(data, Mapping):
            raise InvalidArgument("data serialization failed", 600010)
        body = query_string(data).encode()
    else:
        try:
            body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        except (TypeError, ValueError) as exc:
            raise InvalidArgument(f"data serialization failed: {exc}", 600010) from exc
    return PreparedRequest(method, url, headers, body)


def charset_of(header: Mapping[str, str]) -> str:
    """The codec named by Content-Type's `charset` (gbk, gb18030, big5, …), else UTF-8."""
    content_type = _header_value(header, "content-type") or ""
    for param in content_type.split(";")[1:]:
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "charset":
            try:
                return codecs.lookup(value.strip().strip('"')).name
            except LookupError:
                break  # unknown charset: read as UTF-8, as a browser falls back
    return "utf-8"


def decode_body(
    body: bytes | bytearray, data_type: str, response_type: str, charset: str = "utf-8"
) -> tuple[Any, bool]:
    """The `res.data` of a complete body, and whether decoding altered the text.

    arraybuffer → bytes. text → the declared charset (the platform converts it), one BOM
    stripped; undecodable bytes become U+FFFD (converted "if possible") and the flag says
    so. dataType json → parsed once; when it is not JSON the string stays, as on a device.
    """
    if response_type == "arraybuffer":
        return bytes(body), False
    try:
        text, altered = body.decode(charset), False
    except UnicodeDecodeError:
        text, altered = body.decode(charset, errors="replace"), True
    if text.startswith("\ufeff"):
        text = text[1:]
    if data_type == "json":
        try:
            return json.loads(text), altered
        except ValueError:
            return text, altered
    return text, altered


def header_dict(raw: list[tuple[str, str]]) -> tuple[dict[str, str], list[str]]:
    """Response headers as the platform's `header` object, plus the `cookies` list."""
    header: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in raw:
        if name.lower() == "set-cookie":
            cookies.append(value)
        header[name] = f"{header[name]}, {value}" if name in header else value
    return header, cookies


def wire_size(data: str | bytes) -> int:
    """Bytes of one message on the wire (UTF-8 for text; ASCII text needs no encoding)."""
    if isinstance(data, bytes):
        return len(data)
    return len(data) if data.isascii() else len(data.encode())
