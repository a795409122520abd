"""Content-Encoding decoding with a bound on every output piece (no gzip bomb in one read)."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

PIECE = 64 * 1024
"""Largest decoded piece handed on at once."""
ACCEPT_ENCODING = "gzip, deflate"
"""What we advertise: the encodings decoded here (brotli/zstd are not, so not asked for)."""


class BoundedInflater:
    """Decodes one body's `Content-Encoding` (gzip, deflate, identity) piece by piece.

    zlib's `max_length` keeps each output at most `PIECE` bytes, so the caller can stop
    after any piece; unknown encodings pass through as they came, like httpx does.
    """

    def __init__(self, content_encoding: str) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        coding = codings[-1] if codings else "identity"
        self._z: Any = None  # zlib's decompress object
        self._deflate = coding == "deflate"
        if coding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif self._deflate:
            self._z = zlib.decompressobj()

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decoded pieces of `data`. Raises `zlib.error` on a corrupt stream."""
        z = self._z
        if z is None:
            if data:
                yield data
            return
        pending = data
        while pending:
            try:
                out = z.decompress(pending, PIECE)
            except zlib.error:
                if not self._deflate:
                    raise
                # "deflate" without the zlib wrapper (servers send both); retry raw
                self._deflate = False
                z = self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                out = z.decompress(pending, PIECE)
            self._deflate = False
            pending = z.unconsumed_tail
            if out:
                yield out
            if z.eof:
                return

    def flush(self) -> bytes:
        return bytes(self._z.flush()) if self._z is not None else b""
