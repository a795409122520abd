"""The transport table's columns say what the transports do."""

from __future__ import annotations

import pytest

from simulator.session import FailureKind, RunSettings, Session
from simulator.session.registry import BACKEND_KINDS, TRANSPORTS, auto_tiers
from simulator.transports.events import RunFailed


@pytest.mark.parametrize("kind", [k.name for k in BACKEND_KINDS])
async def test_needs_says_which_transports_a_backend_kind_can_run(
    kind: str, unused_tcp_port: int
) -> None:
    # Nothing listens on the port: a supported transport fails to connect, an unsupported one
    # fails before any traffic, as unsupported.
    settings = RunSettings(backend_url=f"http://127.0.0.1:{unused_tcp_port}", backend_kind=kind)
    async with Session(settings) as session:
        profile = await session.start()
        for spec in TRANSPORTS:  # auto needs nothing itself: it fails by its tiers' faults
            outcome = await session.run(spec.name, session.message("hi"), lambda e: None)
            assert isinstance(outcome, RunFailed), (spec.name, outcome)
            unsupported = outcome.kind is FailureKind.UNSUPPORTED_BY_BACKEND
            assert unsupported is not spec.supported_by(profile), (kind, spec.name, outcome)


def test_auto_tiers_follow_the_table_and_skip_what_the_base_library_lacks() -> None:
    from simulator.transports.auto import AutoTransport
    from simulator.transports.backend import stub_profile
    from simulator.wx import WxConfig, WxRuntime

    old = WxRuntime(WxConfig(base_library_version="2.19.0"))
    auto = AutoTransport(old, stub_profile("http://127.0.0.1:1"))
    names = [spec.name for spec in auto_tiers()]
    assert [t.name for t in auto.tiers] == [n for n in names if n != "chunked"]
    assert auto.skipped and "RequestTask.onChunkReceived" in auto.skipped[0]
