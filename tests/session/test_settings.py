"""RunSettings: one validation with a message per bad field, TOML round trip, CLI generated."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.session import RunSettings, SettingsError
from simulator.session.cli import flag_of
from simulator.wx import WxConfig
from simulator.wx.network import ChunkSlicing


def test_defaults_are_the_runtime_defaults() -> None:
    # RunSettings spells the runtime's defaults out (no wx import at window start): same values.
    assert RunSettings().wx_config() == WxConfig()
    slicing = RunSettings(slicing="fixed").chunk_slicing()
    assert slicing == ChunkSlicing()


def test_every_bad_field_gets_its_own_message() -> None:
    bad = RunSettings(
        backend_url="ftp://x",
        backend_kind="soap",
        transport="pigeon",
        network="5g",
        platform="watchos",
        slicing="sometimes",
        slice_size=4,
        slice_min_size=9,
        slice_merge=1.5,
        typewriter_cps=0,
        base_library_version="latest",
        paths="nope=/x",
    )
    with pytest.raises(SettingsError) as caught:
        bad.check()
    by_field = {p.field: p.message for p in caught.value.problems}
    assert set(by_field) == {
        "backend_url", "backend_kind", "transport", "network", "platform", "slicing",
        "slice_min_size", "slice_merge", "typewriter_cps", "base_library_version", "paths",
    }  # fmt: skip
    assert "5g" in by_field["network"] and "wifi" in by_field["network"]
    assert "slice_size (4)" in by_field["slice_min_size"]
    assert RunSettings().problems() == []


def test_settings_round_trip_through_toml(tmp_path: Path) -> None:
    chosen = RunSettings(
        network="3g", network_seed=7, platform="devtools", slicing="random", slice_size=5,
        slice_merge=0.25, typewriter_cps=120, transport="chunked",
    )  # fmt: skip
    path = tmp_path / "run.toml"
    chosen.save(path)
    assert "[run]" in path.read_text()
    loaded = RunSettings.load(path)
    assert loaded == chosen
    config = loaded.wx_config()
    assert config.platform == "devtools" and config.seed == 7
    assert config.slicing == ChunkSlicing("random", 5, 1, 0.25)


def test_a_bad_file_says_which_fields(tmp_path: Path) -> None:
    path = tmp_path / "run.toml"
    path.write_text('[run]\nnetwork = "5g"\nslice_size = "big"\ncolour = 1\n')
    with pytest.raises(SettingsError) as caught:
        RunSettings.load(path)
    assert {p.field for p in caught.value.problems} == {"slice_size", "colour"}
    path.write_text('[run]\nnetwork = "5g"\n')
    with pytest.raises(SettingsError, match="network: '5g' is not one of"):
        RunSettings.load(path)
    path.write_text("not = [toml")
    with pytest.raises(SettingsError, match="not TOML"):
        RunSettings.load(path)


def test_only_backend_fields_restart_the_backend() -> None:
    base = RunSettings()
    assert base.backend_differs(base.with_changes(token="t"))
    assert base.backend_differs(base.with_changes(paths="ws=/x"))
    assert not base.backend_differs(base.with_changes(network="3g", slicing="fixed"))


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args], capture_output=True, text=True, check=False
    )


def test_bench_help_has_a_flag_for_every_run_setting() -> None:
    out = run_cli("bench", "--help").stdout
    skipped = {"scenario", "transport"}  # bench takes several: --scenario, --transports
    for field in dataclasses.fields(RunSettings):
        if field.name not in skipped:
            assert flag_of(field) in out, field.name
    assert all(flag in out for flag in ("--platform", "--slicing", "--network-seed"))


def test_bench_rejects_bad_settings_per_field(tmp_path: Path) -> None:
    result = run_cli("bench", "--slicing", "random", "--slice-size", "2", "--slice-min-size", "3")
    assert result.returncode == 2 and "--slice-min-size" in result.stderr
    path = tmp_path / "run.toml"
    path.write_text('[run]\nplatform = "watchos"\n')
    result = run_cli("bench", "--settings", str(path))
    assert result.returncode == 2 and "--platform" in result.stderr and "watchos" in result.stderr


def test_phone_profiles_are_the_runtimes_device() -> None:
    for phone in ("ios", "android", "device"):
        assert RunSettings(platform=phone).check().wx_config().platform == "device"
