"""Every wire shape of `tests/doubles/shapes.py`: the golden frames both sides share, what the
probe finds, and what the bench then says (the exact reply, or an honest failure)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect

from simulator.bench import BenchConfig, run_bench
from simulator.probe import Paths, probe_backend, save_profile
from simulator.session import RunSettings
from simulator.transports.backend import BackendProfile
from simulator.transports.framing import make_parser, parse_socket_frame
from simulator.verdict import Status
from tests.doubles.serve import ThreadServer
from tests.doubles.shapes import (
    GOLDEN_MESSAGE,
    SHAPES,
    Shape,
    ShapeBackend,
    create_app,
    expected_profile,
    golden,
    reply_text,
    silent,
    slow,
    with_shape,
)

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "wire_shapes.json"
CASES: list[dict[str, Any]] = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]
PROMPT = "你好"


def serve(shape: Shape) -> tuple[ThreadServer, ShapeBackend]:
    backend = ShapeBackend(shape)
    return ThreadServer(create_app(backend), log_level="critical"), backend


@pytest.fixture
def shape_server(request: pytest.FixtureRequest) -> Iterator[tuple[ThreadServer, ShapeBackend]]:
    server, backend = serve(request.param)
    with server:
        yield server, backend


def found(profile: BackendProfile) -> dict[str, Any]:
    """The profile's fields that `expected_profile` names."""
    stream = profile.chunked
    return {
        "stream_framing": stream.framing if stream else None,
        "stream_end": stream.end if stream else None,
        "ws_framing": profile.ws_framing,
        "ws_json": profile.ws_json,
        "ws_binary_text": profile.ws_binary_text,
        "ws_end": profile.ws_end,
        "poll_content": profile.poll_content,
        "poll_cursor": bool(profile.poll_cursor),
    }


# -- the golden frames: the double writes them, the parsers read them ------------------------


def test_golden_file_is_what_the_double_writes() -> None:
    assert json.loads(GOLDEN.read_text(encoding="utf-8")) == json.loads(json.dumps(golden())), (
        "regenerate: python -m tests.doubles.shapes tests/fixtures/wire_shapes.json"
    )


@pytest.mark.parametrize(
    "shape_server",
    [SHAPES["sse-crlf-ping-close"], SHAPES["ws-binary"], SHAPES["ws-json-choices"]],
    indirect=True,
    ids=lambda s: s.name,
)
async def test_a_live_double_sends_the_golden_bytes(
    shape_server: tuple[ThreadServer, ShapeBackend],
) -> None:
    server, backend = shape_server
    case = next(c for c in CASES if c["shape"] == backend.shape.name)
    body = b"".join(base64.b64decode(w) for w in case["body_writes"])
    async with httpx.AsyncClient(trust_env=False) as client:
        answer = await client.get(
            f"{server.base_url}/api/chat/miniapp-stream", params={"message": GOLDEN_MESSAGE}
        )
    assert answer.content == body
    frames: list[str | bytes] = []
    async with connect(f"{server.ws_url}/ws/chat") as sock:
        await sock.send(json.dumps({"message": GOLDEN_MESSAGE}))
        for _ in case["frames"]:
            frames.append(await sock.recv())
    assert frames == [
        f["text"].encode() if f["type"] == "bytes" else f["text"] for f in case["frames"]
    ]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["shape"])
def test_the_profiled_parsers_read_each_golden_shape_split_anywhere(case: dict[str, Any]) -> None:
    want, profile = case["text"], case["profile"]
    body = b"".join(base64.b64decode(w) for w in case["body_writes"])
    for cut in range(0, len(body) + 1, 3):
        parser = make_parser(profile["stream_framing"])
        pieces = parser.feed(body[:cut]) + parser.feed(body[cut:]) + parser.close()
        assert "".join(p.text for p in pieces) == want, cut
        assert not any(p.error or p.malformed for p in pieces)
        assert any(p.done for p in pieces) == (
            profile["stream_framing"] == "sse" and profile["stream_end"] == "marker"
        )
    parsed = [
        parse_socket_frame(
            profile["ws_framing"],
            f["text"].encode() if f["type"] == "bytes" else f["text"],
            json_shape=profile["ws_json"],
            binary_text=profile["ws_binary_text"],
        )
        for f in case["frames"]
    ]
    assert "".join(f.text for f in parsed if f.kind == "chunk") == want
    assert (parsed[-1].kind == "done") == (profile["ws_end"] == "marker")


# -- probe then bench, per shape -------------------------------------------------------------

QUICK = [s for s in SHAPES.values() if s.drop_after is None]


@pytest.mark.parametrize("shape_server", QUICK, indirect=True, ids=lambda s: s.name)
async def test_probe_reads_the_shape_and_every_run_is_the_reply(
    shape_server: tuple[ThreadServer, ShapeBackend], tmp_path: Path
) -> None:
    server, backend = shape_server
    shape = backend.shape
    report = await probe_backend(server.base_url)
    assert found(report.profile) == expected_profile(shape), report.as_dict()
    works = {name for name, f in report.findings.items() if f.works}
    longpoll = {"longpoll"} if shape.poll_cursor else set()
    assert works == {"websocket", "chunked", "download", "polling", "sync"} | longpoll
    assert report.deterministic is True, report.notes
    for finding in report.findings.values():  # every finding quotes what the backend sent
        assert finding.evidence and any("→" in line for line in finding.evidence), finding
    path = tmp_path / "profile.json"
    save_profile(report.profile, path)
    result = await run_bench(
        BenchConfig(RunSettings(profile_file=str(path)), runs=1, prompt=PROMPT, warm_up=False)
    )
    assert result.runs
    for run in result.runs:
        assert run.verdict is not None and run.verdict.status is Status.CONSISTENT, (
            run.transport,
            run.verdict,
        )
        assert run.metrics.text == reply_text(PROMPT), run.transport


async def test_without_a_probe_wire_syntax_is_never_a_reply() -> None:
    """The seed's contract assumed (`--backend-kind spring`): SSE read as text, JSON frames read
    as raw text; those runs fail as unparsed framing, the others are unverified."""
    for name, broken in (("sse-crlf-ping-close", "chunked"), ("ws-json-delta", "websocket")):
        server, _ = serve(SHAPES[name])
        with server:
            settings = RunSettings(backend_url=server.base_url, backend_kind="spring")
            result = await run_bench(
                BenchConfig(settings, transports=(broken, "sync"), runs=1, prompt=PROMPT)
            )
        verdicts = {r.transport: r.verdict for r in result.runs}
        bad, sync = verdicts[broken], verdicts["sync"]
        assert bad is not None and bad.kind is not None and bad.kind.value == "unparsed_framing"
        assert "wire syntax" in bad.why and not result.runs[0].ok
        assert sync is not None and sync.status is Status.UNVERIFIED  # no probe, no oracle


async def test_a_drop_is_a_drop_not_an_ending(tmp_path: Path) -> None:
    server, _ = serve(SHAPES["drop-mid"])
    with server:
        report = await probe_backend(server.base_url)
        socket, chunked = report.findings["websocket"], report.findings["chunked"]
        assert socket.works and "CUT" in socket.why and report.profile.ws_end == "marker"
        assert chunked.works and "CUT" in chunked.why and report.findings["download"].works
        path = tmp_path / "drop.json"
        save_profile(report.profile, path)
        result = await run_bench(
            BenchConfig(RunSettings(profile_file=str(path)), runs=1, prompt=PROMPT)
        )
    assert not result.unsupported.keys() - {"longpoll"}
    verdicts = {r.transport: r.verdict for r in result.runs}
    for name in ("websocket", "chunked", "download"):
        verdict = verdicts[name]
        assert verdict is not None and verdict.status is Status.FAILED, (name, verdict)
    for name in ("polling", "sync"):
        verdict = verdicts[name]
        assert verdict is not None and verdict.status is Status.CONSISTENT, (name, verdict)


async def test_a_delta_poll_is_not_taken_for_a_cursor() -> None:
    server, _ = serve(with_shape("poll-delta", piece_s=0.05))
    with server:
        report = await probe_backend(server.base_url)
    longpoll = report.findings["longpoll"]
    assert not longpoll.works and "only what is new" in longpoll.why
    assert any("cursor=0" in line for line in longpoll.evidence)
    assert report.profile.poll_content == "delta" and report.profile.poll_cursor is False


async def test_a_backend_that_buffers_itself_is_not_blamed_on_a_proxy() -> None:
    server, _ = serve(with_shape("seed", buffered=True, piece_s=0.03))
    with server:
        report = await probe_backend(server.base_url)
    chunked = report.findings["chunked"]
    assert chunked.buffered is True
    assert "backend itself" in chunked.why and "uvicorn" in chunked.why
    assert "a proxy in between holds" not in chunked.why


async def test_a_url_that_is_not_one_is_refused_before_any_request() -> None:
    for bad in ("not-a-url", "ftp://h/x", "http://"):
        with pytest.raises(ValueError, match="not a backend URL"):
            await probe_backend(bad)


# -- slow backends: the probe waits at the backend's pace (minutes, so marked slow) ----------

SOCKET_ONLY = Paths(
    chunked="/none", download="/none", sse="/none", poll_start="/none", poll="/none",
    sync="/none", openai="/none",
)  # fmt: skip


@pytest.mark.slow
async def test_a_slow_socket_is_read_to_its_end_frame() -> None:
    """300 ms a piece, one character each: a ~20 s reply, past the old 15 s read cap."""
    server, _ = serve(slow(0.3, 1))
    with server:
        report = await probe_backend(server.base_url, paths=SOCKET_ONLY)
    assert report.profile.ws_end == "marker", report.findings["websocket"].why
    assert "'[DONE]'" in report.findings["websocket"].why
    assert report.texts["socket"] == reply_text("probe: 用一句话说明流式输出")


@pytest.mark.slow
async def test_a_silent_socket_waits_as_long_as_its_pauses_say() -> None:
    """Frames 3.5 s apart and no end at all: the probe reads them all, and the profile's
    silence end is derived from the pauses (a fixed 3 s would cut the reply)."""
    server, _ = serve(silent(3.5))
    with server:
        report = await probe_backend(server.base_url, paths=SOCKET_ONLY)
    assert report.profile.ws_end == "silence"
    idle = report.profile.ws_idle_end_s
    assert idle is not None and idle >= 3 * 3.5 * 0.9, idle
    assert report.texts["socket"] == reply_text("probe: 用一句话说明流式输出")
