"""The cassette format: round trip, append, crash-cut files, versions, matching, retiming."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backend_stub.errors import StubError
from backend_stub.replies.cassette import (
    CassetteError,
    CassetteWriter,
    RecordedReply,
    from_arrivals,
    read_cassette,
)
from backend_stub.replies.replay import ReplayConfig, Replayer, retime
from backend_stub.scenario import Scenario


def _reply(prompt: str, pieces: tuple[str, ...], step: float = 0.01) -> RecordedReply:
    offsets = tuple(0.1 + i * step for i in range(len(pieces)))
    return RecordedReply(prompt=prompt, pieces=pieces, offsets=offsets, source="upstream")


def test_round_trip_keeps_boundaries_times_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    writer = CassetteWriter(path)
    first = _reply("你好", ("你", "好", "\n", '"q"'))
    failed = RecordedReply("x", ("a",), (0.5,), error=("upstream_error", "cut after 1 chunks"))
    writer.write(first)
    writer.write(failed)
    got = read_cassette(path)
    assert [r.pieces for r in got] == [first.pieces, failed.pieces]
    assert got[0].offsets == pytest.approx(first.offsets, abs=1e-6)
    assert got[0].text == '你好\n"q"' and got[0].source == "upstream"
    assert got[1].error == ("upstream_error", "cut after 1 chunks")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["version"] == 1
    assert len(lines) == 1 + (1 + 4 + 1) + (1 + 1 + 1)  # header, then reply/chunks/end each


def test_appending_to_an_existing_cassette_continues_it(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    CassetteWriter(path).write(_reply("a", ("1",)))
    CassetteWriter(path).write(_reply("b", ("2",)))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert sum(1 for line in lines if json.loads(line)["type"] == "cassette") == 1
    assert [r.prompt for r in read_cassette(path)] == ["a", "b"]


def test_a_reply_cut_by_a_crash_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    CassetteWriter(path).write(_reply("a", ("1", "2")))
    with path.open("a", encoding="utf-8") as out:
        out.write(
            '{"type":"reply","id":1,"prompt":"b"}\n{"type":"chunk","id":1,"seq":0,"t":0.1,"te'
        )
    assert [r.prompt for r in read_cassette(path)] == ["a"]


def test_other_files_and_newer_versions_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"hello": 1}\n', encoding="utf-8")
    with pytest.raises(CassetteError, match="not a wx-stream-sim/cassette"):
        read_cassette(path)
    path.write_text(
        '{"type":"cassette","format":"wx-stream-sim/cassette","version":99}\n', encoding="utf-8"
    )
    with pytest.raises(CassetteError, match="version 99"):
        read_cassette(path)


def test_a_broken_chunk_line_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    CassetteWriter(path).write(_reply("a", ("1",)))
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = '{"type":"chunk","id":0,"seq":0,"text":"1"}'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CassetteError, match=":3: a chunk needs"):
        read_cassette(path)


def test_public_url_strips_where_tokens_hide() -> None:
    from backend_stub.replies.cassette import public_url

    assert (
        public_url("https://u:pw@api.x.com:8443/v1/chat?token=s#f")
        == "https://api.x.com:8443/v1/chat"
    )


def test_from_arrivals_makes_offsets_relative_to_the_send(tmp_path: Path) -> None:
    reply = from_arrivals("p", [(10.25, "a"), (10.5, ""), (10.75, "b")], sent_at=10.0)
    assert reply.pieces == ("a", "b") and reply.offsets == (0.25, 0.75)
    assert reply.source == "client"


def _replayer(tmp_path: Path, **options: object) -> Replayer:
    path = tmp_path / "c.jsonl"
    writer = CassetteWriter(path)
    for prompt, pieces in (("apple pie", ("1",)), ("banana", ("2",)), ("apple pie", ("3",))):
        writer.write(_reply(prompt, pieces))
    return Replayer(ReplayConfig(path=path, **options))  # type: ignore[arg-type]


def test_exact_prompts_are_served_in_turn(tmp_path: Path) -> None:
    replayer = _replayer(tmp_path)
    texts = [replayer.plan("apple pie", Scenario()).text for _ in range(3)]
    assert texts == ["1", "3", "1"]


def test_fallbacks(tmp_path: Path) -> None:
    in_order = _replayer(tmp_path, fallback="order")
    assert [in_order.plan("?", Scenario()).text for _ in range(4)] == ["1", "2", "3", "1"]
    closest = _replayer(tmp_path, fallback="closest")
    assert closest.plan("bananas", Scenario()).text == "2"
    strict = _replayer(tmp_path, fallback="none")
    with pytest.raises(StubError) as caught:
        strict.plan("?", Scenario())
    assert caught.value.status == 404 and caught.value.code == "no_recording"


def test_speed_and_stall_shape_the_recorded_timing(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    CassetteWriter(path).write(RecordedReply("p", ("a", "b", "c"), (0.2, 0.4, 1.0)))
    fast = Replayer(ReplayConfig(path=path, speed=2)).plan("p", Scenario())
    assert fast.offsets == pytest.approx((0.1, 0.2, 0.5))
    per_request = Replayer(ReplayConfig(path=path, speed=2)).plan("p", Scenario.parse("speed=4"))
    assert per_request.offsets == pytest.approx((0.05, 0.1, 0.25))
    stalled = Replayer(ReplayConfig(path=path)).plan("p", Scenario.parse("stall_at=1,stall_ms=500"))
    assert stalled.offsets == pytest.approx((0.2, 0.9, 1.5))


def test_timing_of_another_cassette(tmp_path: Path) -> None:
    text, timing = tmp_path / "text.jsonl", tmp_path / "timing.jsonl"
    CassetteWriter(text).write(RecordedReply("p", ("a", "b", "c", "d"), (0.1, 0.2, 0.3, 0.4)))
    CassetteWriter(timing).write(RecordedReply("q", ("x", "y"), (1.0, 1.5)))
    plan = Replayer(ReplayConfig(path=text, timing=timing)).plan("p", Scenario())
    assert plan.pieces == ("a", "b", "c", "d")
    assert plan.offsets == pytest.approx((1.0, 1.5, 2.0, 2.5))
    assert retime(2, ()) == (0.0, 0.0)
