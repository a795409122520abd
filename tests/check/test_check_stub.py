"""Every verdict on the examples, against the real embedded stub (its trace is the oracle)."""

from __future__ import annotations

from pathlib import Path

from simulator.check.matrix import Cell
from simulator.check.traps import active_traps
from simulator.check.verdicts import CellVerdict
from tests.check.conftest import EXAMPLES, HANG_S, ROOT, cell, check

EXACT = CellVerdict.EXACT


def verdicts(report: object) -> dict[str, CellVerdict]:
    return {r.cell.name: r.verdict for r in report.results}  # type: ignore[attr-defined]


def test_the_correct_decoder_is_exact_everywhere_and_fails_cleanly_on_a_loss() -> None:
    cells = [
        cell("ios", seed=1), cell("android", "bytes"), cell("devtools", "ideal"),
        cell("pc", "ideal"), cell("ios", network="loss"), cell("android", network="loss"),
    ]  # fmt: skip
    report = check(EXAMPLES / "stream-decoder.js", cells, hang_s=8.0)
    assert report.error is None
    assert verdicts(report) == {
        "ios · wifi · 1": EXACT, "android · wifi · bytes": EXACT,
        "devtools · wifi · ideal": EXACT, "pc · wifi · ideal": EXACT,
        "ios · loss · 0": CellVerdict.FAILED_CLEANLY,  # its own timeout after iOS went silent
        "android · loss · 0": CellVerdict.FAILED_CLEANLY,  # fail, then its error shown
    }  # fmt: skip
    kept = report.results[4]
    assert kept.oracle is not None and kept.text.startswith(kept.oracle[:1])
    assert "[连接中断" in kept.text


def test_no_timeout_hangs_on_the_ios_silent_loss() -> None:
    report = check(EXAMPLES / "no-timeout.js", [cell("ios", network="loss")])
    [result] = report.results
    assert result.verdict is CellVerdict.HUNG, result.judged.summary
    assert f"{HANG_S:g} s" in result.judged.summary


def test_escape_decoder_crashes_on_a_phone_with_its_file_and_line() -> None:
    report = check(
        EXAMPLES / "escape-decoder.js", [cell("ios", "bytes"), cell("devtools", "ideal")]
    )
    crashed, fine = report.results
    assert fine.verdict is EXACT
    assert crashed.verdict is CellVerdict.CRASHED
    err = crashed.judged.error
    assert err["message"] == "URIError: URI malformed"
    assert (err["file"], err["line"]) == ("escape-decoder.js", 7)


def test_fresh_decoder_per_chunk_garbles_at_the_first_cut_character() -> None:
    report = check(
        EXAMPLES / "fresh-textdecoder.js", [cell("android", "bytes"), cell("devtools", "ideal")]
    )
    garbled, fine = report.results
    assert fine.verdict is EXACT
    assert garbled.verdict is CellVerdict.GARBLED
    g = garbled.judged.garble
    assert g is not None and garbled.oracle is not None
    assert (g.index, g.got, g.want) == (0, "\ufffd", garbled.oracle[0])
    assert g.replacement_char and g.cut_inside
    assert g.byte_offset is not None and g.reads[0] == g.byte_offset  # one byte per read
    # the chunk records: raw bytes, the callback, where a read cut a character
    first = garbled.chunks[0]
    assert first.callback == "RequestTask.onChunkReceived" and len(first.data) == 1
    assert any(c.cuts_char for c in garbled.chunks)
    assert any(c.set_data for c in garbled.chunks)


def test_sse_parser_without_a_buffer_breaks_on_split_events() -> None:
    report = check(EXAMPLES / "sse-no-buffer.js", [cell("ios", seed=0), cell("devtools", "ideal")])
    broken, fine = report.results
    assert fine.verdict is EXACT
    assert broken.verdict is CellVerdict.GARBLED
    g = broken.judged.garble
    assert g is not None and g.cut_event and not g.replacement_char


def test_a_project_is_judged_by_the_reply_its_view_shows() -> None:
    report = check(
        ROOT / "examples" / "projects" / "native-chat",
        [cell("ios", "bytes"), cell("devtools", "ideal"), cell("pc", "ideal")],
    )
    by = verdicts(report)
    assert by["ios · wifi · bytes"] is EXACT
    assert by["devtools · wifi · ideal"] is EXACT
    assert by["pc · wifi · ideal"] is CellVerdict.GARBLED  # PC gives no chunks: nothing shown
    # the body came in `success`, which the page ignores: its reply stayed empty, and the
    # reason names that path, never `scrollId` ("msg1"), which grew once (review finding 1)
    pc = report.results[2].judged
    assert pc.reason == pc.summary and "msg1" not in pc.reason, pc.reason
    assert pc.reason.startswith("the reply stayed empty at data.chatList[1].text (0 of ")
    assert pc.reason.endswith("and no error is shown") and report.results[2].text == ""


def test_the_background_what_if_interrupts_the_reply_on_the_phones_only() -> None:
    traps = active_traps(on=("background-5s",))
    cells = [
        Cell("android", "wifi", "seeded", 0, traps),
        Cell("devtools", "wifi", "ideal", 0, traps),
    ]
    phone, devtools = check(EXAMPLES / "stream-decoder.js", cells).results
    assert devtools.verdict is EXACT
    assert phone.verdict is CellVerdict.FAILED_CLEANLY, phone.judged.summary
    assert "interrupted" in phone.text  # the page's own error line carries the errMsg


def test_a_project_whose_view_does_not_show_the_reply_is_not_exact() -> None:
    # its data holds the backend's text; a WXS filter clips the bubble to 30 characters
    report = check(Path(__file__).parent / "projects" / "clipped-view", [cell("devtools", "ideal")])
    [result] = report.results
    assert result.oracle is not None and result.text == result.oracle
    assert result.verdict is CellVerdict.GARBLED
    assert "view does not show it" in result.judged.summary
