"""Load users on the session layer: one RunSettings per run, a runtime per user, drive()."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from simulator.load.client import SimClient, TextOracle
from simulator.load.options import settings_json, settings_of
from simulator.session import RunSettings, Session
from tests.load.helpers import rows_by_transport, run_load

FAST = "ttft_ms=0,tps=400"

pytestmark = pytest.mark.timeout(60)


def test_settings_reach_workers_as_one_json_option_and_old_flags_still_win() -> None:
    sent = RunSettings(network="4g", platform="pc", slicing="random", token="t", scenario=FAST)
    opts = SimpleNamespace(sim_settings=settings_json(sent), sim_network="none", sim_token="")
    assert settings_of(opts) == sent  # flags at their defaults leave the settings alone
    opts.sim_network, opts.sim_scenario = "3g", "status=503"
    assert settings_of(opts) == sent.with_changes(network="3g", scenario="status=503")
    assert settings_of(SimpleNamespace()) == RunSettings()


def test_settings_option_also_takes_a_toml_file(tmp_path: Path) -> None:
    file = tmp_path / "run.toml"
    RunSettings(network="wifi", network_seed=7).save(file)
    assert settings_of(SimpleNamespace(sim_settings=str(file))).network_seed == 7


async def test_each_user_has_its_own_runtime_from_the_settings_and_exact_text() -> None:
    settings = RunSettings(scenario=FAST, platform="devtools", download_fidelity="lenient")
    async with Session(settings) as session:
        oracle = TextOracle(session)
        users = [await SimClient.open(session, "websocket", oracle, f"u{i}") for i in range(2)]
        try:
            assert users[0].wx is not users[1].wx
            for user in users:
                root = user.wx.config.user_data_dir
                assert root is not None and root.is_dir()
                assert user.wx.config.platform == "devtools"
                assert user.wx.config.download_fidelity == "lenient"
            outcomes = [await user.chat("你好") for user in users]
        finally:
            for user in users:
                await user.aclose()
        assert [o.verdict for o in outcomes] == ["exact", "exact"]
        assert all(o.completed and o.sockets == 1 for o in outcomes)
        assert not (root is not None and root.exists())  # the last user's sandbox is gone
        assert session.profile is not None  # users ran on the session's backend


async def test_a_reply_past_its_timeout_is_stopped_and_failed() -> None:
    async with Session(RunSettings(scenario="ttft_ms=20000")) as session:
        user = await SimClient.open(session, "sync")
        try:
            outcome = await user.chat("slow", timeout_s=0.3)
        finally:
            await user.aclose()
    assert not outcome.completed and outcome.verdict == "failed"
    assert outcome.error == "no reply within 0.3 s"


def test_load_reads_its_run_settings_from_a_file(tmp_path: Path) -> None:
    file, out = tmp_path / "run.toml", tmp_path / "load.json"
    RunSettings(scenario="status=503").save(file)  # every reply fails: the file was used
    result = run_load(
        "--settings", str(file), "--transports", "sync", "--users", "2", "--run-time", "3",
        "--think", "0.2", "--json", str(out),
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    row = rows_by_transport(out)["sync"]
    assert row["replies"] >= 1 and row["failures"] == row["replies"]
    assert "Traceback" not in result.stderr
    assert json.loads(out.read_text())["backend_url"].startswith("http://127.0.0.1:")
