"""`probe --path` reads the one path grammar with the profile's keys; old keys warn."""

from __future__ import annotations

import dataclasses

import click
import pytest
from click.testing import CliRunner

from simulator.probe import Paths, probe_backend
from simulator.probe.cli import PATH_KEYS, parse_probe_paths, probe
from simulator.probe.state import OLD_PATH_KEYS, PROBE_ONLY_PATHS
from simulator.transports.paths import path_keys
from tests.doubles.serve import ThreadServer

STREAM = Paths().chunked


def test_every_profile_key_is_a_probe_key() -> None:
    fields = {f.name for f in dataclasses.fields(Paths)}
    assert set(path_keys()) <= fields
    assert set(PATH_KEYS) == fields
    assert not set(PROBE_ONLY_PATHS) & set(path_keys())
    for old, new in OLD_PATH_KEYS.items():
        assert old not in fields and set(new) <= fields


def test_profile_keys_in_the_one_grammar(capsys: pytest.CaptureFixture[str]) -> None:
    paths = parse_probe_paths(("chunked=/c, poll_start=/s", "ws=/w;download=/d"))
    assert (paths.chunked, paths.poll_start, paths.ws, paths.download) == ("/c", "/s", "/w", "/d")
    assert capsys.readouterr().err == ""


def test_old_keys_are_aliases_with_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    paths = parse_probe_paths(("miniapp_stream=/m", "start=/s"))
    assert (paths.chunked, paths.download, paths.poll_start) == ("/m", "/m", "/s")
    err = capsys.readouterr().err
    assert "--path miniapp_stream= is deprecated" in err and "use chunked= and download=" in err
    assert "--path start= is deprecated" in err and "use poll_start=" in err


@pytest.mark.parametrize("value", ["nope=/x", "chunked", "chunked="])
def test_a_bad_key_or_entry_is_a_usage_error(value: str) -> None:
    with pytest.raises(click.BadParameter):
        parse_probe_paths((value,))
    result = CliRunner().invoke(probe, ["--backend", "http://127.0.0.1:9", "--path", value])
    assert result.exit_code == 2
    assert "--path" in result.output


async def test_chunked_and_download_paths_are_probed_apart(lenient_close: ThreadServer) -> None:
    """The double answers GET and POST at one path: moving one key moves only that method."""
    no_get = await probe_backend(lenient_close.base_url, paths=Paths(download="/nowhere"))
    assert no_get.profile.download is None
    assert no_get.profile.chunked is not None
    assert (no_get.profile.chunked.method, no_get.profile.chunked.path) == ("POST", STREAM)
    no_post = await probe_backend(lenient_close.base_url, paths=Paths(chunked="/nowhere"))
    assert no_post.profile.chunked is not None  # GET at the download path serves it
    assert (no_post.profile.chunked.method, no_post.profile.chunked.path) == ("GET", STREAM)
    assert no_post.profile.download is not None and no_post.profile.download.path == STREAM
