"""`Session.new_runtime`: a caller-owned runtime from the settings, outside the lanes."""

from __future__ import annotations

from pathlib import Path

from simulator.session import RunSettings, Session
from simulator.wx.events import WxEvent


async def test_new_runtime_follows_the_settings_and_stays_outside_the_lanes(
    tmp_path: Path,
) -> None:
    seen: list[tuple[str, WxEvent]] = []
    settings = RunSettings(
        network="wifi", platform="pc", network_seed=3, scenario="ttft_ms=0,tps=400"
    )
    async with Session(settings, lambda lane, event: seen.append((lane, event))) as session:
        wx = session.new_runtime("page", user_data_dir=tmp_path)
        silent = session.new_runtime()
        try:
            expected = settings.wx_config()
            assert wx.config.network == expected.network and wx.config.platform == "pc"
            assert wx.config.seed == 3 and wx.config.user_data_dir == tmp_path
            assert session.runtime("page") is not wx  # the lane's runtime is another one
            transport = await session.transport("sync", wx=wx)
            assert transport.wx is wx
            outcome = await session.run("sync", session.message("hi"), lambda e: None, wx=silent)
            assert type(outcome).__name__ == "ReplyCompleted"
            await session.run("sync", session.message("hi"), lambda e: None, wx=wx)
        finally:
            await wx.aclose()
            await silent.aclose()
    assert seen and {lane for lane, _ in seen} == {"page"}  # the silent runtime reported nothing


async def test_the_session_s_runtimes_name_their_flows_and_keep_events_when_asked() -> None:
    session = Session(RunSettings(), flow_events=7)
    wx = session.runtime("chunked")
    try:
        assert wx.flows.lane == "chunked" and wx.flows.keep_events == 7
        assert Session(RunSettings()).new_runtime("x").flows.keep_events == 0
    finally:
        await session.aclose()


async def test_pages_requests_carry_the_settings_scenario_until_the_stub_default_is_set() -> None:
    async with Session(RunSettings(scenario="ttft_ms=0,tps=400")) as session:
        assert session.page_scenario() is None  # no backend yet: nothing to carry it to
        await session.start()
        assert session.page_scenario() == "ttft_ms=0,tps=400"
        await session.reconfigure(session.settings.with_changes(scenario=""))
        assert session.page_scenario() is None
        await session.reconfigure(session.settings.with_changes(scenario="status=500"))
        assert session.page_scenario() == "status=500"
        # automation's sim.setScenario (or check) set the stub's default: that rules now
        await session.set_stub_scenario("tps=50")
        assert session.page_scenario() is None
    spring = RunSettings(
        backend_url="http://127.0.0.1:9", backend_kind="spring", scenario="status=500"
    )
    async with Session(spring) as session:
        await session.start()
        assert session.page_scenario() is None  # only a stub understands scenarios
