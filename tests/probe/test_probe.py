"""The probe on each kind of backend: the right per-transport verdict, with the backend's words."""

from __future__ import annotations

from backend_stub import EmbeddedStub
from simulator.probe import probe_backend
from simulator.probe.report import format_report
from simulator.session import RunSettings
from tests.doubles.serve import ThreadServer


async def test_literal_spring_backend(literal: ThreadServer) -> None:
    report = await probe_backend(literal.base_url)
    works = {name: f.works for name, f in report.findings.items()}
    assert report.flavour == "spring"
    assert works == {
        "websocket": True,
        "chunked": True,
        "download": False,
        "polling": True,
        "longpoll": False,
        "sync": True,
    }
    assert "[DONE]" in report.findings["websocket"].why
    assert "query" in report.findings["chunked"].why
    download = report.findings["download"].why
    assert "405" in download and "can only GET" in download
    assert "not supported" in download  # Spring's own message is quoted
    assert "cumulative" in report.findings["polling"].why
    assert "ignores cursor" in report.findings["longpoll"].why
    assert report.deterministic is True
    profile = report.profile
    assert profile.ws_framing == "raw" and profile.ws_end == "marker"
    assert profile.chunked is not None and profile.chunked.params == "query"
    assert profile.download is None and profile.poll_cursor is False
    assert set(profile.unsupported) == {"download", "longpoll"}
    # Bounded and polite: every request counted, far from any load.
    hits = literal.config.hits  # type: ignore[attr-defined]
    assert report.requests <= 40
    assert len(hits) <= report.requests
    assert f"{report.requests} requests" in format_report(report)


async def test_lenient_spring_backend_closing_its_socket(lenient_close: ThreadServer) -> None:
    report = await probe_backend(lenient_close.base_url)
    assert report.findings["download"].works
    assert report.findings["websocket"].works
    assert "close 1000" in report.findings["websocket"].why
    assert report.profile.ws_end == "close"
    assert report.profile.download is not None and report.profile.download.method == "GET"
    assert report.findings["chunked"].buffered is False


async def test_socket_without_any_end_is_found_to_end_by_silence(silent: ThreadServer) -> None:
    report = await probe_backend(silent.base_url)
    assert report.findings["websocket"].works
    assert "silence" in report.findings["websocket"].why
    assert report.profile.ws_end == "silence"
    assert report.profile.ws_idle_end_s is not None and report.profile.ws_idle_end_s <= 5


async def test_openai_compatible_server(openai: ThreadServer) -> None:
    report = await probe_backend(openai.base_url)
    assert report.flavour == "openai"
    works = {name for name, f in report.findings.items() if f.works}
    assert works == {"chunked", "sync"}
    assert "[DONE]" in report.findings["chunked"].why
    assert "404" in report.findings["polling"].why
    assert report.profile.body_style == "openai" and report.profile.model == "mini"
    assert report.deterministic is True


async def test_our_stub(fast_stub: EmbeddedStub) -> None:
    report = await probe_backend(fast_stub.base_url)
    assert report.flavour == "stub"
    assert all(f.works for f in report.findings.values()), format_report(report)
    assert "envelope" in report.findings["websocket"].why
    assert report.profile.trace_path is not None and report.profile.ws_framing == "envelope"
    assert report.profile.unsupported == {}


async def test_auth_needed_is_reported(fast_stub: EmbeddedStub) -> None:
    from tests.probe.conftest import spring

    with spring(token="s3cret") as server:
        refused = await probe_backend(server.base_url)
        allowed = await probe_backend(server.base_url, token="s3cret")
    assert refused.auth_needed and not any(f.works for f in refused.findings.values())
    assert "401" in refused.findings["sync"].why
    assert allowed.findings["sync"].works and not allowed.auth_needed


async def test_emission_stamp_convention_gives_true_per_chunk_delay(tmp_path: object) -> None:
    from pathlib import Path

    from simulator.bench import BenchConfig, run_bench
    from simulator.probe import save_profile
    from tests.probe.conftest import spring

    with spring(sse_stamps=True) as server:
        report = await probe_backend(server.base_url)
        assert "emittedAt stamps" in report.findings["chunked"].why
        assert report.profile.chunked is not None and report.profile.chunked.framing == "sse"
        path = Path(str(tmp_path)) / "stamped.json"
        save_profile(report.profile, path)
        result = await run_bench(
            BenchConfig(
                RunSettings(profile_file=str(path)), transports=("chunked",), runs=1, prompt="你好"
            )
        )
    run = result.runs[0]
    assert run.ok, run.verdict
    # One delay per emitted chunk, from the backend's own stamps (same machine, monotonic).
    assert len(run.metrics.delivery_delays) == run.metrics.chunks > 1


async def test_unreachable_backend_stops_after_one_request() -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    report = await probe_backend(f"http://127.0.0.1:{port}")
    assert report.requests == 1
    assert not any(f.works for f in report.findings.values())
    assert any("unreachable" in note for note in report.notes)
