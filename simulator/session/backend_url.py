"""The one grammar of `--backend`: every command's flag and `backend_url` in a settings file."""

from __future__ import annotations

from urllib.parse import urlsplit

EMBEDDED = "embedded"
"""`--backend embedded` (or empty): the embedded stub, kept as an empty `backend_url`."""


def parse_backend(value: str) -> str:
    """The one grammar of `--backend` (every command's, and `backend_url` in a settings file):
    empty or `embedded` is the embedded stub (""), anything else an http(s) URL with a host.

    Raises:
        ValueError: anything else (nothing is sent then).
    """
    text = value.strip()
    if text in ("", EMBEDDED):
        return ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"{value!r} is not a backend URL: give http:// or https:// and a host"
            f" (e.g. http://127.0.0.1:8080), or {EMBEDDED!r} for the embedded stub"
        )
    return text
