"""The typewriter's pacing, driven with explicit times."""

from __future__ import annotations

import pytest

from simulator.typewriter import Policy, Typewriter


def frames(tw: Typewriter, start: float, end: float, fps: float = 60.0) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    n = round((end - start) * fps)
    for i in range(1, n + 1):
        now = start + i / fps
        out.append((now, tw.take(now)))
    return out


def test_fixed_rate_paints_chars_per_second_regardless_of_backlog() -> None:
    tw = Typewriter(Policy.FIXED, chars_per_second=30)
    tw.feed("x" * 300, at=0.0)
    painted = "".join(s for _, s in frames(tw, 0.0, 2.0))
    # one character right away, then 30/s for two seconds
    assert 59 <= len(painted) <= 62
    assert tw.backlog == 300 - len(painted)


def test_first_character_of_an_arrival_paints_on_the_next_frame() -> None:
    tw = Typewriter(Policy.FIXED, chars_per_second=2)
    tw.feed("你好", at=1.0)
    assert tw.take(1.016) == "你"


def test_chinese_types_one_character_at_a_time() -> None:
    tw = Typewriter(Policy.FIXED, chars_per_second=60)
    tw.feed("流式输出的中文回复", at=0.0)
    pieces = [s for _, s in frames(tw, 0.0, 0.2) if s]
    assert all(len(p) == 1 for p in pieces)
    assert "".join(pieces) == "流式输出的中文回复"


def test_adaptive_catches_up_when_behind() -> None:
    tw = Typewriter(Policy.ADAPTIVE, chars_per_second=20, catch_up_s=0.5)
    tw.feed("a" * 1000, at=0.0)
    frames(tw, 0.0, 1.0)
    # a fixed pace of 20/s would leave ~980 waiting; adaptive drains most of it in ~catch_up_s
    assert tw.backlog < 150


def test_adaptive_smooths_a_burst_over_several_frames() -> None:
    tw = Typewriter(Policy.ADAPTIVE, chars_per_second=20, catch_up_s=0.5)
    tw.feed("b" * 120, at=0.0)
    sizes = [len(s) for _, s in frames(tw, 0.0, 1.0)]
    assert max(sizes) < 10  # never the whole burst in one frame
    assert sum(sizes) == 120  # and all of it within a second


def test_adaptive_keeps_base_pace_when_arrivals_are_slow() -> None:
    tw = Typewriter(Policy.ADAPTIVE, chars_per_second=40)
    painted = 0
    for i in range(20):  # 2 chars every 100 ms = 20 chars/s, slower than the pace
        tw.feed("ab", at=i * 0.1)
        for _, s in frames(tw, i * 0.1, (i + 1) * 0.1):
            painted += len(s)
    assert painted == 40
    assert tw.backlog == 0


def test_fast_policy_types_the_whole_reply_within_fast_s() -> None:
    tw = Typewriter(Policy.FAST, chars_per_second=30, fast_s=1.0)
    tw.feed("字" * 3000, at=0.0)
    tw.finish(at=0.0)
    out = frames(tw, 0.0, 1.1)
    assert tw.done
    first_half = sum(len(s) for now, s in out if now <= 0.5)
    assert 1300 < first_half < 1700  # spread out, not dumped at once


def test_done_only_after_finish_and_drain() -> None:
    tw = Typewriter(Policy.FIXED, chars_per_second=100)
    tw.feed("abc", at=0.0)
    frames(tw, 0.0, 0.5)
    assert tw.backlog == 0 and not tw.done
    tw.finish(at=0.5)
    assert tw.done


def test_idle_time_does_not_bank_credit() -> None:
    tw = Typewriter(Policy.FIXED, chars_per_second=10)
    tw.take(0.0)
    tw.take(10.0)  # ten idle seconds
    tw.feed("x" * 50, at=10.0)
    assert len(tw.take(10.05)) == 1


def test_take_all_returns_everything_waiting() -> None:
    tw = Typewriter(Policy.FIXED, chars_per_second=1)
    tw.feed("hello ", at=0.0)
    tw.feed("world", at=0.1)
    assert tw.take(0.2) == "h"
    assert tw.take_all() == "ello world"
    assert tw.backlog == 0 and tw.painted == 11


def test_rejects_a_non_positive_pace() -> None:
    with pytest.raises(ValueError):
        Typewriter(chars_per_second=0)
