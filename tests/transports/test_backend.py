"""Backend profiles: URLs, headers and which transports each backend supports."""

from __future__ import annotations

import pytest

from simulator.transports import openai_profile, spring_profile, stub_profile
from simulator.transports.backend import profile_for_url


def test_stub_profile_uses_envelope_frames_and_passes_scenarios() -> None:
    profile = stub_profile("http://127.0.0.1:9000")
    assert profile.socket_url() == "ws://127.0.0.1:9000/ws/chat?framing=envelope"
    assert profile.url("/api/chat/sse", scenario="tps=50,ttft_ms=0") == (
        "http://127.0.0.1:9000/api/chat/sse?scenario=tps%3D50%2Cttft_ms%3D0"
    )
    assert profile.send_scenario and profile.trace_path == "/api/debug/trace"


def test_spring_profile_is_the_seed_contract() -> None:
    profile = spring_profile("https://chat.example.com/", token="t0k")
    assert profile.socket_url() == "wss://chat.example.com/ws/chat"
    assert profile.download is not None and profile.download.method == "GET"
    assert profile.poll_mode == "full" and not profile.send_scenario
    assert profile.request_headers() == {"Authorization": "Bearer t0k"}


def test_openai_profile_has_only_chunked_and_sync() -> None:
    profile = openai_profile("http://localhost:11434", token=None, model="qwen")
    assert profile.socket_url() is None
    assert profile.download is None and profile.poll is None
    assert profile.chunked is not None and profile.chunked.framing == "openai"
    assert profile.url(profile.chunked.path) == "http://localhost:11434/v1/chat/completions"


def test_profile_options_and_headers_merge() -> None:
    profile = stub_profile("http://h").with_options(headers={"X-App": "sim"}, token="abc")
    assert profile.request_headers({"Accept": "text/event-stream"}) == {
        "X-App": "sim",
        "Authorization": "Bearer abc",
        "Accept": "text/event-stream",
    }


def test_profile_for_url_refuses_unknown_kinds() -> None:
    assert profile_for_url("http://h", "spring").name == "spring"
    with pytest.raises(ValueError, match="unknown backend kind"):
        profile_for_url("http://h", "grpc")
