"""The client's parsers read the stub's golden frames (tests/fixtures/golden_frames): the bytes
each wire format and fault puts on the wire give the text a correct client shows, whether the
network delivers them as written or one byte at a time."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from simulator.transports.framing import (
    Piece,
    WsFrame,
    make_parser,
    parse_envelope_frame,
    parse_raw_frame,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "golden_frames" / "frames.json"
GOLDEN: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
HTTP_FRAMING = {"plain": "text", "sse": "sse", "openai": "openai"}
"""The stub's HTTP wire formats → the client parser that reads each."""
WS_PARSER = {"ws_raw": parse_raw_frame, "ws_envelope": parse_envelope_frame}

CASES = GOLDEN["cases"]


def _frame(frame: dict[str, str]) -> str | bytes:
    return frame["text"] if frame["type"] == "text" else base64.b64decode(frame["base64"])


def _http_pieces(framing: str, reads: list[bytes]) -> list[Piece]:
    parser = make_parser(framing)
    pieces = [p for data in reads for p in parser.feed(data)]
    return pieces + parser.close()


def test_the_fixture_covers_every_format_the_client_reads() -> None:
    assert GOLDEN["version"] == 1
    assert {c["format"] for c in CASES} == set(HTTP_FRAMING) | set(WS_PARSER)


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c["format"] in HTTP_FRAMING],
    ids=lambda c: f"{c['format']}-{c['case']}",
)
@pytest.mark.parametrize("delivery", ["as-written", "byte-by-byte"])
def test_http_formats_parse_to_the_reply_text(case: dict[str, Any], delivery: str) -> None:
    body = base64.b64decode(case["body"])
    reads = (
        [_frame(f) for f in case["frames"]]
        if delivery == "as-written"
        else [body[i : i + 1] for i in range(len(body))]
    )
    pieces = _http_pieces(
        HTTP_FRAMING[case["format"]], [r if isinstance(r, bytes) else r.encode() for r in reads]
    )
    text = "".join(p.text for p in pieces if p.malformed is None)
    if any(p.altered for p in pieces):
        # Bytes that are not UTF-8 in a plain body: the page shows U+FFFD, the run is altered
        assert case["format"] == "plain" and case["case"] == "malformed_at"
        text = text.replace("\ufffd", "")
    assert text == case["text"]
    if case["error"] is not None and case["end"] == "end":
        assert any(p.error for p in pieces)
    if case["error"] is None and case["end"] == "end" and case["format"] != "plain":
        assert any(p.done for p in pieces)  # the format's own end marker was understood


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c["format"] in WS_PARSER],
    ids=lambda c: f"{c['format']}-{c['case']}",
)
def test_websocket_formats_parse_to_the_reply_text(case: dict[str, Any]) -> None:
    frames: list[WsFrame] = [WS_PARSER[case["format"]](_frame(f)) for f in case["frames"]]
    assert "".join(f.text for f in frames if f.kind == "chunk") == case["text"]
    if case["error"] is not None:
        assert any(f.kind == "error" and f.code == case["error"]["code"] for f in frames)
    if case["error"] is None and case["end"] == "end":
        assert frames[-1].kind == "done"
