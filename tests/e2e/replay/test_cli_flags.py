"""`python -m backend_stub` source flags: bad combinations fail before anything is served."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from backend_stub.__main__ import main
from backend_stub.config import StubConfig
from backend_stub.hosting.source_cli import TOKEN_ENV, source_args
from backend_stub.replies.cassette import CassetteWriter, RecordedReply
from backend_stub.replies.replay import ReplayConfig
from backend_stub.replies.upstream import UpstreamConfig


def test_upstream_and_replay_exclude_each_other(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--upstream", "http://x/v1", "--replay", "f.jsonl"])
    assert result.exit_code == 2 and "exclude each other" in result.output


def test_a_cassette_that_cannot_be_read_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"not": "a cassette"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--replay", str(bad)])
    assert result.exit_code == 2 and "not a wx-stream-sim/cassette" in result.output
    missing = CliRunner().invoke(main, ["--replay", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 2


def test_recording_into_a_file_that_is_not_a_cassette_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("my notes\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--record", str(other)])
    assert result.exit_code == 2 and "--record" in result.output
    assert other.read_text(encoding="utf-8") == "my notes\n"


def test_child_flags_carry_the_source_and_keep_the_token_off_the_command_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.jsonl"
    CassetteWriter(path).write(RecordedReply("p", ("a",), (0.1,)))
    up = StubConfig(upstream=UpstreamConfig(url="http://h/v1", token="sk-x"), record="r.jsonl")
    args, env = source_args(up)
    assert "sk-x" not in " ".join(args) and env == {TOKEN_ENV: "sk-x"}
    assert args[:2] == ["--upstream", "http://h/v1"] and args[-2:] == ["--record", "r.jsonl"]
    replay = StubConfig(replay=ReplayConfig(path=path, speed=2, fallback="closest"))
    args, env = source_args(replay)
    assert args == ["--replay", str(path), "--replay-speed", "2", "--replay-fallback", "closest"]
    assert env == {}
