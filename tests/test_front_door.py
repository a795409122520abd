"""Every command answers the same `--version`, `--log-level` and `-v` (one front door)."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import simulator
from simulator.front_door import front_door

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = [
    ["simulator"],
    ["simulator", "bench"],
    ["simulator", "page"],
    ["simulator", "load"],
    ["simulator", "probe"],
    ["backend_stub"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_prints_the_one_version(command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", *command, "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(f"version {simulator.__version__}")


def _probe_command() -> click.Command:
    @click.command()
    @front_door
    def cmd() -> None:
        click.echo(
            f"{logging.getLogger().level} {logging.getLogger('httpx').level} "
            f"{logging.getLogger('simulator').getEffectiveLevel()}"
        )

    return cmd


@pytest.mark.parametrize(
    ("flags", "ours", "httpx"),
    [
        ([], None, logging.WARNING),
        (["-v"], logging.INFO, logging.WARNING),
        (["-vv"], logging.DEBUG, logging.DEBUG),
        (["--log-level", "error"], logging.ERROR, logging.WARNING),
    ],
)
def test_log_flags_set_our_level_and_keep_libraries_quiet(
    flags: list[str], ours: int | None, httpx: int
) -> None:
    root = logging.getLogger()
    saved = (root.level, list(root.handlers), logging.getLogger("httpx").level)
    try:
        out = CliRunner().invoke(_probe_command(), flags).output.split()
        if ours is not None:
            assert int(out[0]) == ours
        assert int(out[1]) == httpx
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
        logging.getLogger("httpx").setLevel(saved[2])


# -- one --backend: the same values, the same refusal, on every command ----------------------

BACKEND_COMMANDS = ["simulator", "bench", "probe", "page", "check", "load", "auto"]
GOOD_BACKENDS = [
    ("", ""),
    ("embedded", ""),
    (" embedded ", ""),
    ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ("https://chat.example.com/api", "https://chat.example.com/api"),
]
BAD_BACKENDS = ["ftp://127.0.0.1/", "127.0.0.1:8080", "http://", "embeded"]


def _command(name: str) -> click.Command:
    from simulator.__main__ import main

    return main if name == "simulator" else main.commands[name]


def _required(name: str, tmp_path: Path) -> list[str]:
    """What each command needs besides --backend to parse."""
    page = tmp_path / "page.js"
    page.write_text("Page({})\n")
    return {
        "page": [str(page), "--message", "hi"],
        "check": [str(page)],
        "auto": ["--project", str(tmp_path)],
    }.get(name, [])


@pytest.mark.parametrize("name", BACKEND_COMMANDS)
@pytest.mark.parametrize(("given", "parsed"), GOOD_BACKENDS)
def test_every_command_reads_backend_the_same(
    name: str, given: str, parsed: str, tmp_path: Path
) -> None:
    command = _command(name)
    args = ["--backend", given, *_required(name, tmp_path)]
    ctx = command.make_context(name, args, resilient_parsing=False)
    assert ctx.params["backend"] == parsed


@pytest.mark.parametrize("bad", BAD_BACKENDS)
def test_every_command_refuses_a_bad_backend_the_same_with_exit_2(bad: str, tmp_path: Path) -> None:
    from simulator.__main__ import main

    said = set()
    for name in BACKEND_COMMANDS:
        sub = [] if name == "simulator" else [name]
        result = CliRunner().invoke(main, [*sub, "--backend", bad, *_required(name, tmp_path)])
        assert result.exit_code == 2, (name, result.output)
        said.add(result.output.strip().splitlines()[-1])
    assert len(said) == 1, said
    assert said.pop() == (
        f"Error: Invalid value for '--backend': {bad!r} is not a backend URL: give http:// or"
        " https:// and a host (e.g. http://127.0.0.1:8080), or 'embedded' for the embedded stub"
    )


def test_every_command_says_the_same_about_backend() -> None:
    helps = set()
    for name in BACKEND_COMMANDS:
        options = [p for p in _command(name).params if "--backend" in p.opts]
        assert len(options) == 1, name
        option = options[0]
        assert isinstance(option, click.Option)
        helps.add((option.help, option.type.name, option.name))
    assert len(helps) == 1, helps


def test_a_settings_file_may_name_the_embedded_stub(tmp_path: Path) -> None:
    from simulator.session.settings import RunSettings

    file = tmp_path / "run.toml"
    file.write_text('[run]\nbackend_url = "embedded"\n')
    assert RunSettings.load(file).backend_url == ""
    file.write_text('[run]\nbackend_url = "ftp://x"\n')
    with pytest.raises(ValueError, match="not a backend URL"):
        RunSettings.load(file)


@pytest.mark.slow
def test_probe_without_a_backend_probes_the_embedded_stub() -> None:
    """A self-test: the stub started for the probe, every transport found working."""
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "probe", "--backend", "embedded", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    import json

    report = json.loads(done.stdout)
    assert report["flavour"] == "stub"
    assert all(f["works"] for f in report["transports"].values()), report["transports"]


def test_probe_refuses_to_save_a_profile_of_the_embedded_stub(tmp_path: Path) -> None:
    from simulator.__main__ import main

    result = CliRunner().invoke(main, ["probe", "--save", str(tmp_path / "p.json")])
    assert result.exit_code == 2
    assert "--save needs a backend URL" in result.output
    assert not (tmp_path / "p.json").exists()


def test_page_auto_and_check_take_their_shared_flags_from_the_one_table() -> None:
    """A shared flag written again by hand in one command (other help, default) fails here."""
    from simulator.project.flags import FLAGS

    def described(param: click.Parameter) -> tuple[object, ...]:
        assert isinstance(param, click.Option)
        return (tuple(param.opts), param.help, param.default, param.multiple, param.is_flag)

    seen: dict[str, set[tuple[object, ...]]] = {}
    for name in ("page", "auto", "check"):
        for param in _command(name).params:
            if param.name in FLAGS:
                seen.setdefault(param.name, set()).add(described(param))
    assert set(seen) == set(FLAGS)  # every row is used
    for flag, forms in seen.items():
        row = described(FLAGS[flag]()(lambda: None).__click_params__[0])  # type: ignore[attr-defined]
        assert forms == {row}, flag
