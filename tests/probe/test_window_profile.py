"""The window's backend layer loads a probe-saved profile (no silent stub profile for a URL)."""

from __future__ import annotations

from pathlib import Path

from simulator.probe import probe_backend, save_profile
from simulator.ui.kit.settings import UiSettings
from simulator.ui.shell.backend import Backend
from tests.doubles.serve import ThreadServer


async def test_window_backend_uses_the_saved_profile(literal: ThreadServer, tmp_path: Path) -> None:
    report = await probe_backend(literal.base_url)
    path = tmp_path / "spring.json"
    save_profile(report.profile, path)
    settings = UiSettings(backend_url=literal.base_url, profile_file=str(path), paths="ws=/ws/chat")
    backend = Backend(settings, lambda name, event: None)
    profile = await backend.start()
    assert profile.name == "probed" and profile.ws_framing == "raw"
    assert profile.chunked is not None and profile.chunked.params == "query"  # paths keep params
    assert set(profile.unsupported) == {"download", "longpoll"}
