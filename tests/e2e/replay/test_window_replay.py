"""The window's backend with a cassette: its embedded stub replays it ("Replay: …")."""

from __future__ import annotations

from pathlib import Path

from backend_stub import CassetteWriter, RecordedReply
from simulator.ui.kit.settings import UiSettings
from simulator.ui.shell.backend import Backend
from tests.e2e.replay import conftest as c


async def test_the_window_backend_replays_a_cassette(tmp_path: Path) -> None:
    path = tmp_path / "demo.jsonl"
    CassetteWriter(path).write(RecordedReply("你好", ("你", "好", "！"), (0.01, 0.02, 0.05)))
    backend = Backend(UiSettings(replay=str(path)), lambda name, event: None)
    try:
        profile = await backend.start()
        assert profile.ws_url is not None
        got = await c.ws_envelope(profile.ws_url, "你好")
        assert got.pieces == ["你", "好", "！"]
        # Switching the cassette off restarts the embedded stub on the fake LLM.
        await backend.reconfigure(UiSettings())
        again = await backend.start()
        assert again.ws_url is not None
        fake = await c.ws_envelope(again.ws_url, "你好", scenario="ttft_ms=0,tps=2000")
        assert fake.error is None and fake.pieces != ["你", "好", "！"]
    finally:
        await backend.aclose()
