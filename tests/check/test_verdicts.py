"""The judge and the matrix on their own (no page, no backend)."""

from __future__ import annotations

import pytest

from simulator.check.chunks import ends_inside_char
from simulator.check.matrix import build_matrix, parse_seed, replay_command
from simulator.check.traps import active_traps
from simulator.check.verdicts import CellVerdict, judge_cell

WANT = "收到。模拟后端会按设定的速度"
CELL = build_matrix(("android",), ("wifi",), 1, active_traps())[0]


def judge(text: str, **kw: object) -> object:
    args: dict[str, object] = {
        "text": text, "oracle": WANT, "timed_out": False, "hang_bound_s": 5.0,
        "page_errors": [], "network_failed": False, "visible_error": False, "body": None,
        "reads": [],
    }  # fmt: skip
    args.update(kw)
    return judge_cell(**args)  # type: ignore[arg-type]


def test_exact_and_garbled_with_the_first_bad_character_and_reads_around_it() -> None:
    assert judge(WANT).verdict is CellVerdict.EXACT  # type: ignore[attr-defined]
    body = ("data: " + WANT).encode()
    at = body.index("模".encode())
    got = WANT.replace("模", "\ufffd\ufffd")
    j = judge(got, body=body, reads=[at - 2, at + 1, at + 3, at + 9])
    g = j.garble  # type: ignore[attr-defined]
    assert j.verdict is CellVerdict.GARBLED  # type: ignore[attr-defined]
    assert (g.index, g.got, g.want) == (3, "\ufffd", "模")
    assert g.replacement_char and g.cut_inside and g.byte_offset == at
    assert g.reads == (at - 2, at + 1, at + 3)
    assert g.want_context == WANT[:24]


def test_precedence_hung_then_crashed_then_text() -> None:
    err = [{"message": "URIError: URI malformed", "file": "p.js", "line": 7}]
    assert judge("", timed_out=True, page_errors=err).verdict is CellVerdict.HUNG  # type: ignore[attr-defined]
    crashed = judge("", page_errors=err)
    assert crashed.verdict is CellVerdict.CRASHED  # type: ignore[attr-defined]
    assert crashed.summary == "URIError: URI malformed (p.js:7)"  # type: ignore[attr-defined]


def test_failed_cleanly_needs_an_error_shown_and_the_partial_text_kept() -> None:
    body = WANT[:4].encode()
    shown = WANT[:4] + "\n[连接中断]"
    clean = judge(shown, network_failed=True, visible_error=True, body=body)
    assert clean.verdict is CellVerdict.FAILED_CLEANLY  # type: ignore[attr-defined]
    silent = judge(WANT[:4], network_failed=True, body=body)
    assert silent.verdict is CellVerdict.GARBLED  # type: ignore[attr-defined]
    dropped = judge("请求失败", network_failed=True, visible_error=True, body=body)
    assert dropped.verdict is CellVerdict.GARBLED  # type: ignore[attr-defined]
    nothing_came = judge("请求失败", network_failed=True, visible_error=True, body=b"")
    assert nothing_came.verdict is CellVerdict.FAILED_CLEANLY  # type: ignore[attr-defined]
    # the same rule on every platform: on PC the body comes whole, so a loss leaves nothing
    # to keep, and the reason says so instead of "kept 0 of N"
    assert "before any of the reply" in nothing_came.reason  # type: ignore[attr-defined]
    assert "part of the reply had reached" in dropped.reason  # type: ignore[attr-defined]


def test_a_reply_cut_short_or_missing_says_so_and_stays_not_ok() -> None:
    """Review finding 6: no "the text stops…" under garbled without saying what it is."""
    none = judge("")
    assert none.verdict is CellVerdict.GARBLED  # type: ignore[attr-defined]
    assert none.reason == (  # type: ignore[attr-defined]
        f"the page shows none of the reply (0 of {len(WANT)} chars), and no error is shown"
    )
    named = judge("", empty_at="chatList[1].text")
    assert "the reply stayed empty at data.chatList[1].text" in named.reason  # type: ignore[attr-defined]
    cut = judge(WANT[:3], network_failed=True, body=WANT.encode())
    assert cut.reason == (  # type: ignore[attr-defined]
        f"the request failed, the reply stops at char 3 of {len(WANT)}, and no error is shown"
    )


def test_details_name_the_reads_only_when_they_are_the_cause() -> None:
    from simulator.check.report import cell_details
    from simulator.check.runner import CellResult

    body = ("data: " + WANT).encode()
    at = body.index("模".encode())
    here = cell_details(CellResult(CELL, judge("", body=body, reads=[at + 1])), ["x"])  # type: ignore[arg-type]
    assert "read" not in here.replace("replay", "") and "U+FFFD" not in here
    dropped = judge("请求失败", network_failed=True, visible_error=True, body=body, reads=[at])
    shown = cell_details(CellResult(CELL, dropped), ["x"])  # type: ignore[arg-type]
    assert "dropped it for an error" in shown and "no read ends" not in shown
    got = WANT.replace("模", "\ufffd")
    cut = cell_details(CellResult(CELL, judge(got, body=body, reads=[at + 1])), ["x"])  # type: ignore[arg-type]
    assert "a read ends inside it" in cut and "U+FFFD in the page's text" in cut


def test_no_oracle_only_says_the_page_ended() -> None:
    assert judge("x", oracle=None).verdict is CellVerdict.ENDED  # type: ignore[attr-defined]


def test_ends_inside_char() -> None:
    data = "a收".encode()
    assert not ends_inside_char(data) and ends_inside_char(data[:-1])
    assert ends_inside_char(data[:-2]) and not ends_inside_char(b"ab\n")


def test_matrix_phones_get_seeds_and_the_byte_cell_others_one_cell() -> None:
    cells = build_matrix(seeds=3, traps=active_traps())
    names = [c.name for c in cells]
    assert names.count("ios · wifi · bytes") == 1
    assert len([c for c in cells if c.platform == "ios"]) == 3 + 1 + 1  # seeds, bytes, loss
    assert [c.name for c in cells if c.platform == "pc"] == [
        "pc · wifi · ideal",
        "pc · loss · ideal",
    ]
    assert len(cells) == 2 * 5 + 2 * 2
    no_split = build_matrix(("ios",), ("wifi",), 3, active_traps(off=("split-reads",)))
    assert [c.delivery for c in no_split] == ["ideal", "bytes"]


def test_replay_and_seed_parsing() -> None:
    [one] = build_matrix(("ios",), ("3g",), 20, active_traps(), only_seed="17")
    cmd = replay_command(["python", "-m", "simulator", "check", "p.js"], one)
    assert cmd == "python -m simulator check p.js --platform ios --seed 17 --network 3g"
    assert parse_seed("bytes") == ("bytes", 0)
    with pytest.raises(ValueError):
        parse_seed("x")
    with pytest.raises(ValueError):
        active_traps(on=("nope",))
    with pytest.raises(ValueError):
        build_matrix(("symbian",))


def test_what_if_traps_are_off_by_default_and_sure_ones_on() -> None:
    from simulator.check.traps import TRAPS

    for t in TRAPS:
        assert t.default == (t.confidence != "assumed"), t.name
        assert bool(t.what_if) == (t.confidence == "assumed"), t.name


def test_trap_switches_reach_the_cells_runtime() -> None:
    from simulator.check.matrix import Cell

    on = active_traps(on=("socket-limit-2", "chunk-uint8array"))
    assert Cell("ios", "wifi", "seeded", 1, on).wx_config()["max_sockets"] == 2
    assert "max_sockets" not in Cell("pc", "wifi", "ideal", 0, on).wx_config()
    assert Cell("devtools", "wifi", "ideal", 0, on).js_env().chunk_data == "Uint8Array"
    assert Cell("devtools", "wifi", "ideal", 0, active_traps()).js_env().chunk_data == "ArrayBuffer"
    seeded = Cell("ios", "wifi", "seeded", 1, active_traps()).wx_config()["slicing"]
    assert seeded.replayable and not seeded.whole_chars
    whole = Cell("ios", "wifi", "seeded", 1, active_traps(off=("split-utf8",))).wx_config()
    assert whole["slicing"].whole_chars
    assert Cell("ios", "loss", "seeded", 0, active_traps()).silent_loss
    assert not Cell("ios", "loss", "seeded", 0, active_traps(off=("ios-silent-loss",))).silent_loss
    assert not Cell("android", "loss", "seeded", 0, active_traps()).silent_loss
