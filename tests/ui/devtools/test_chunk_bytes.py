"""The network panel's raw reads: each onChunkReceived as bytes, and where a read cut text."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from simulator.ui.devtools.chunk_bytes import hex_dump, read_cuts, utf8_head, utf8_tail
from simulator.ui.devtools.network_detail import FlowDetail

BODY = 'data: {"text":"你好"}\n\n'.encode()


def test_a_read_ending_inside_a_character_or_a_line_is_named() -> None:
    cut = BODY.index("你".encode()) + 1  # one byte of 你 in the first read
    first, second = BODY[:cut], BODY[cut:]
    assert utf8_tail(first) == 1 and utf8_head(second) == 2
    assert utf8_tail(BODY) == 0 and utf8_tail("😀".encode()[:3]) == 3
    cuts = read_cuts([first, second])
    assert cuts[0].cuts_char == 1 and cuts[0].cuts_line
    assert cuts[1].cuts_char == 0 and not cuts[1].cuts_line
    dump = hex_dump(first)
    assert dump.startswith("0000  64 61 74 61 3a 20") and dump.endswith("|")


def test_the_chunks_tab_shows_reads_with_their_cuts_and_hex(qtbot: QtBot) -> None:
    detail = FlowDetail()
    qtbot.addWidget(detail)
    cut = BODY.index("好".encode()) + 2
    detail.raw_reads.setChecked(True)
    detail._fill_chunks([(1.0, BODY[:cut]), (1.05, BODY[cut:])], 0.5)
    assert detail.chunks.rowCount() == 2
    first = detail.chunks.item(0, 3).data(0x0100)  # UserRole: the whole cell
    assert first.startswith("✂ character ✂ line")
    detail.chunks.setCurrentCell(0, 0)
    whole = detail.chunk_text.toPlainText()
    assert "2 byte(s)" in whole and "0000  64 61 74 61" in whole
    detail.chunks.setCurrentCell(1, 0)
    assert "starts with 1 byte(s)" in detail.chunk_text.toPlainText()
    # off: the SSE events as before
    detail.raw_reads.setChecked(False)
    detail._fill_chunks([(1.0, BODY[:cut]), (1.05, BODY[cut:])], 0.5)
    assert detail.chunks.rowCount() == 1
