"""One default for every command that runs a page or a transport, as the window's settings:
`downloadFile` strict, as on a device (review finding 19: page/check were lenient)."""

from __future__ import annotations

import click
import pytest

from simulator.__main__ import bench
from simulator.check.cli import check
from simulator.page.run import page_settings
from simulator.project.cli import page
from simulator.session import RunSettings


@pytest.mark.parametrize("command", [page, check, bench], ids=["page", "check", "bench"])
def test_download_fidelity_defaults_to_strict_everywhere(command: click.Command) -> None:
    option = next(p for p in command.params if p.name == "download_fidelity")
    assert option.default == RunSettings().download_fidelity == "strict"


def test_headless_page_runs_read_downloads_strictly() -> None:
    assert page_settings().download_fidelity == "strict"
    assert page_settings().wx_config().download_fidelity == "strict"
