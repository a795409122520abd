"""Project-mode fixtures: the stub with a quick reply, the Spring double, and a host factory."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from backend_stub import EmbeddedStub
from backend_stub.llm.fake_llm import plan_reply
from backend_stub.state import parse_scenario
from simulator.page.origin import OriginMap
from simulator.project.host import ProjectHost
from simulator.project.loader import load_project
from simulator.project.options import ProjectOptions
from simulator.project.port import config_only_boot
from simulator.wx import WxRuntime
from tests.doubles.serve import ThreadServer
from tests.doubles.spring_double import SpringConfig, create_app
from tests.helpers.stubs import running_stub
from tests.project.fake_view import FakeView

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "projects"
PROJECTS = Path(__file__).parent / "projects"
FAST = "ttft_ms=0,tps=400"


@pytest.fixture(scope="module")
def fast_stub() -> Iterator[EmbeddedStub]:
    with running_stub(FAST) as server:
        yield server


@pytest.fixture(scope="module")
def spring() -> Iterator[ThreadServer]:
    with ThreadServer(create_app(SpringConfig(chunk_delay_s=0.01))) as server:
        yield server


def stub_reply(stub: EmbeddedStub, message: str) -> str:
    return plan_reply(message, parse_scenario(FAST), stub.config.seed).text


HostFactory = Callable[..., Any]


@asynccontextmanager
async def fake_host(
    folder: Path, backend: str = "http://127.0.0.1:9", **options: Any
) -> AsyncIterator[tuple[ProjectHost, FakeView]]:
    """A project on the logic layer with the stand-in view (no compile step)."""
    project = load_project(folder)
    wx = WxRuntime()
    view = FakeView(project.root)
    host = ProjectHost(
        project, wx, OriginMap("http://localhost:8082", backend), view,
        ProjectOptions(**{"idle_s": 0.1, **options}), boot=config_only_boot,
    )  # fmt: skip
    try:
        await host.start()
        yield host, view
    finally:
        await host.stop()
        await wx.aclose()
