"""Where a replay's network panel looks: the read holding the first bad character's bytes,
else the first read that cut a character or an SSE line, on the flow that carried the reply."""

from __future__ import annotations

from simulator.check.chunks import ChunkRecord, ends_inside_char
from simulator.check.replay import reveal_point
from simulator.check.runner import CellResult
from simulator.check.verdicts import CellVerdict, Judged, garble
from tests.check.conftest import cell

BODY = "data: 你好\n\ndata: 世界\n\n".encode()


def reads(cuts: list[int], flow: int = 2) -> list[ChunkRecord]:
    """The body cut at `cuts`, as the page's reads of `flow` (a short other flow first)."""
    other = ChunkRecord(0, 1, 0.0, 0.0, b"{}", 0, "RequestTask.onChunkReceived", False, True)
    out, start = [other], 0
    for i, end in enumerate([*cuts, len(BODY)]):
        data = BODY[start:end]
        out.append(
            ChunkRecord(
                i + 1, flow, 0.0, 0.0, data, start, "RequestTask.onChunkReceived",
                ends_inside_char(data), not data.endswith(b"\n"),
            )
        )  # fmt: skip
        start = end
    return out


def test_the_read_holding_the_first_bad_characters_bytes() -> None:
    chunks = reads([5, 14, 22])  # 世 is bytes 20..22: the read 14..21 ends inside it
    want = "你好世界"
    got = "你好\ufffd界"
    g = garble(got, want, 2, BODY, [5, 14, 22])
    assert g.byte_offset == BODY.index("世".encode())
    result = CellResult(cell("android"), Judged(CellVerdict.GARBLED, "", g), got, want, 0, chunks)
    point = reveal_point(result)
    assert point is not None and point.why == "garble" and point.flow_id == 2
    held = [c for c in chunks if c.flow_id == 2][point.chunk or 0]
    assert held.offset <= g.byte_offset < held.offset + len(held.data)
    assert point.byte_offset == g.byte_offset


def test_without_a_garble_the_first_cut_read() -> None:
    # the first read is a whole event; the second ends inside 世 (and its line); the other
    # flow's read ends inside a line too, but it is not the reply's
    chunks = reads([14, 22])
    crashed = Judged(CellVerdict.CRASHED, "URIError: URI malformed")
    point = reveal_point(CellResult(cell("ios"), crashed, "", "你好世界", 0, chunks))
    assert point is not None and point.why == "cut"
    assert (point.flow_id, point.chunk, point.byte_offset) == (2, 1, 14)


def test_whole_reads_point_at_nothing_and_no_reads_at_no_flow() -> None:
    whole = reads([BODY.index(b"data: \xe4\xb8\x96")])  # cut between the two events
    exact = Judged(CellVerdict.EXACT, "")
    point = reveal_point(CellResult(cell("devtools"), exact, "", "", 0, whole))
    assert point is not None and (point.flow_id, point.chunk, point.why) == (2, None, "nothing")
    assert reveal_point(CellResult(cell("devtools"), exact)) is None
