"""Real nginx with its default buffering: a Content-Length upstream is held, a chunked one flows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from simulator.bench import BenchConfig, run_bench
from simulator.probe import probe_backend, save_profile
from simulator.session import RunSettings
from tests.doubles import nginx
from tests.doubles.serve import ThreadServer
from tests.doubles.spring_double import SpringConfig, create_app

pytestmark = pytest.mark.skipif(not nginx.available(), reason="nginx not installed (apt)")


def _behind_nginx(content_length: bool) -> Iterator[nginx.Nginx]:
    app = create_app(SpringConfig(lenient=True, content_length=content_length, chunk_delay_s=0.02))
    with ThreadServer(app) as upstream, nginx.Nginx(upstream.port) as proxy:
        yield proxy


@pytest.fixture(scope="module")
def nginx_cl() -> Iterator[nginx.Nginx]:
    yield from _behind_nginx(content_length=True)


@pytest.fixture(scope="module")
def nginx_chunked() -> Iterator[nginx.Nginx]:
    yield from _behind_nginx(content_length=False)


async def test_probe_finds_buffering_behind_nginx_with_content_length(
    nginx_cl: nginx.Nginx,
) -> None:
    report = await probe_backend(nginx_cl.base_url)
    chunked = report.findings["chunked"]
    assert chunked.works and chunked.buffered is True
    assert "BUFFERED" in chunked.why and "proxy_buffering" in chunked.why
    assert chunked.buffering_measure.startswith("reference-spread")
    assert report.findings["websocket"].works  # nginx passes the socket (reference)


async def test_no_buffering_behind_nginx_with_a_chunked_upstream(
    nginx_chunked: nginx.Nginx,
) -> None:
    report = await probe_backend(nginx_chunked.base_url)
    assert report.findings["chunked"].buffered is False
    assert report.findings["chunked"].works


async def test_bench_flags_the_buffered_run_by_arrival_alone(
    nginx_cl: nginx.Nginx, nginx_chunked: nginx.Nginx, tmp_path: object
) -> None:
    from pathlib import Path

    from simulator.bench.judging import buffering_cell

    cells = {}
    for name, proxy in (("cl", nginx_cl), ("chunked", nginx_chunked)):
        report = await probe_backend(proxy.base_url)
        path = Path(str(tmp_path)) / f"{name}.json"
        save_profile(report.profile, path)
        result = await run_bench(
            BenchConfig(
                RunSettings(profile_file=str(path)), transports=("chunked",), runs=1, prompt="你好"
            )
        )
        assert all(r.ok for r in result.runs), [r.verdict for r in result.runs]
        cells[name] = buffering_cell(result.runs)
    assert cells == {"cl": "yes (arrival)", "chunked": "no (arrival)"}
