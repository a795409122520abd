"""What the probe says when nothing is where it looks, and when nothing answers at all."""

from __future__ import annotations

import socket
from pathlib import Path

from click.testing import CliRunner

from backend_stub import EmbeddedStub
from simulator.probe import probe_backend
from simulator.probe.report import format_report
from tests.probe.conftest import spring


async def test_a_wrong_base_path_is_404_not_auth(fast_stub: EmbeddedStub) -> None:
    base = fast_stub.base_url + "/nothing"
    report = await probe_backend(base)
    text = format_report(report)
    assert not report.auth_needed and "needs auth" not in text, text
    assert f"no such endpoint at {base}/api/chat/send" in report.findings["sync"].why
    assert "POST /nothing/api/chat/send (json)" in report.findings["sync"].why
    assert "GET /nothing/api/chat/miniapp-stream?message=…" in report.findings["download"].why
    assert "WS /nothing/ws/chat" in report.findings["websocket"].evidence[0]
    assert "handshake refused with HTTP 403" in report.findings["websocket"].why
    assert any("answered 404" in note for note in report.notes), report.notes


async def test_auth_note_names_the_http_status_and_the_calls() -> None:
    with spring(token="s3cret") as server:
        report = await probe_backend(server.base_url)
    assert report.auth_needed
    note = next(n for n in report.notes if "needs auth" in n)
    assert "HTTP 401" in note and "POST /api/chat/send (json)" in note


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_name_that_does_not_resolve_is_not_a_refusal() -> None:
    report = await probe_backend("http://no-such-host.invalid")
    text = format_report(report)
    assert not report.reachable and "nothing answered" in text
    assert "name not resolved: no-such-host.invalid" in text, text
    assert "refused" not in text.lower()
    assert "probe: 1 request in" in text  # singular


async def test_nothing_listening_is_a_refusal() -> None:
    report = await probe_backend(f"http://127.0.0.1:{_free_port()}")
    assert not report.reachable
    assert any("connection refused by 127.0.0.1" in note for note in report.notes), report.notes


def test_an_unreachable_backend_saves_no_profile(tmp_path: Path) -> None:
    from simulator.probe.cli import probe

    target = tmp_path / "profile.json"
    url = f"http://127.0.0.1:{_free_port()}"
    result = CliRunner().invoke(probe, ["--backend", url, "--save", str(target)])
    assert result.exit_code == 1
    assert not target.exists()
    assert f"nothing answered at {url}: no profile written" in result.output


async def test_an_unreachable_backend_gets_one_clear_line_per_transport() -> None:
    # review polish #23: "no streaming endpoint answered: none tried" beside "not probed",
    # and a note about waiting up to 30 s for replies that were never asked for
    url = f"http://127.0.0.1:{_free_port()}"
    report = await probe_backend(url)
    said = f"not probed: the backend did not answer at {url} (connection refused)"
    assert {f.why for f in report.findings.values()} == {said}
    text = format_report(report)
    assert "none tried" not in text and "waited up to" not in text and "determinism" not in text
    assert text.count("connection refused") == len(report.findings) + 1  # + the note's detail
