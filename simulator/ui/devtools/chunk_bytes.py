"""Each read of a streamed body as bytes: a hex dump, and where a read cut the text.

The page's `onChunkReceived` gets the body in reads the network chose, not in characters or
SSE lines: a read may end inside a UTF-8 character (a decoder per chunk garbles it) or inside
an SSE line (a parser without a carry-over buffer breaks). This module (no Qt) says which.
"""

from __future__ import annotations

from dataclasses import dataclass

HEX_WIDTH = 16


def utf8_tail(data: bytes) -> int:
    """How many bytes at the end of `data` begin a UTF-8 character that the read cut (0: none)."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte & 0xC0 == 0x80:  # a continuation byte: look further back for the lead
            continue
        need = (
            2
            if byte & 0xE0 == 0xC0
            else 3
            if byte & 0xF0 == 0xE0
            else 4
            if byte & 0xF8 == 0xF0
            else 1
        )
        return back if need > back else 0
    return 0


def utf8_head(data: bytes) -> int:
    """How many continuation bytes `data` starts with (the previous read's character's rest)."""
    n = 0
    while n < min(3, len(data)) and data[n] & 0xC0 == 0x80:
        n += 1
    return n


@dataclass(frozen=True, slots=True)
class ReadCut:
    index: int
    size: int
    cuts_char: int
    """Bytes of a character this read ends with and the next read completes (0: none)."""
    cuts_line: bool
    """The read ends inside a line (no newline at its end): an SSE line continues next read."""


def read_cuts(pieces: list[bytes]) -> list[ReadCut]:
    return [
        ReadCut(i, len(p), utf8_tail(p), bool(p) and not p.endswith((b"\n", b"\r")))
        for i, p in enumerate(pieces)
    ]


def hex_dump(data: bytes, width: int = HEX_WIDTH) -> str:
    """`0000  e4 bd a0 …  |ä½ |`: offset, bytes in hex, printable ASCII (others as ·)."""
    lines = []
    for start in range(0, len(data), width):
        row = data[start : start + width]
        hexes = " ".join(f"{b:02x}" for b in row).ljust(width * 3 - 1)
        text = "".join(chr(b) if 32 <= b < 127 else "·" for b in row)
        lines.append(f"{start:04x}  {hexes}  |{text}|")
    return "\n".join(lines)


def read_at(pieces: list[bytes], offset: int) -> tuple[int, int] | None:
    """(read index, offset inside it) of the body byte at `offset`; None past the body."""
    start = 0
    for i, piece in enumerate(pieces):
        if start <= offset < start + len(piece):
            return i, offset - start
        start += len(piece)
    return None


def hex_span(byte: int, count: int = 1, width: int = HEX_WIDTH) -> list[tuple[int, int, int]]:
    """Where bytes `byte`…`byte + count - 1` of a `hex_dump` sit: (line, column, length) per
    dump line they touch (a character's bytes may wrap to the next line)."""
    spans: list[tuple[int, int, int]] = []
    for b in range(byte, byte + count):
        line, col = divmod(b, width)
        column = 6 + col * 3
        if spans and spans[-1][0] == line:
            spans[-1] = (line, spans[-1][1], column + 2 - spans[-1][1])
        else:
            spans.append((line, column, 2))
    return spans
