"""Our extra statistics and the OS sampler: plain code, no Locust needed in this process."""

from __future__ import annotations

import os
import socket

from simulator.load.client import ReplyOutcome
from simulator.load.extra import ExtraStats, TransportExtra
from simulator.load.server import CommandReader, ProcessSampler, is_loopback, listening_pid


def outcome(transport: str = "polling", verdict: str = "exact", **kw: object) -> ReplyOutcome:
    base: dict[str, object] = dict(
        transport=transport, completed=verdict != "failed", error=None, verdict=verdict,
        first_byte_s=0.01, first_char_s=0.2, last_byte_s=1.0, requests=4, sockets=0,
        empty_polls=1, bytes=800, chars=70, lateness_ms=(),
    )  # fmt: skip
    base.update(kw)
    return ReplyOutcome(**base)  # type: ignore[arg-type]


def test_worker_figures_survive_the_wire_and_add_up_on_the_master() -> None:
    worker_a, worker_b, master = ExtraStats(), ExtraStats(), ExtraStats()
    worker_a.add(outcome(lateness_ms=(1.5, 3.2)))
    worker_a.add(outcome(verdict="text_differs"))
    worker_b.add(outcome(lateness_ms=(40.0,)))
    worker_b.add(outcome("websocket", requests=1, sockets=1, empty_polls=0))
    for worker in (worker_a, worker_b):
        master.merge_wire(worker.take())
    assert worker_a.by_transport == {}  # taken: the next report starts from zero
    polling = master.by_transport["polling"]
    assert (polling.replies, polling.requests, polling.empty_polls) == (3, 12, 3)
    assert master.verdict_counts("polling") == {
        "exact": 2, "text_differs": 1, "unverified": 0, "failed": 0,
    }  # fmt: skip
    assert polling.per_reply(polling.bytes) == 800
    assert master.by_transport["websocket"].sockets == 1


def test_lateness_percentiles_read_the_histogram() -> None:
    extra = TransportExtra()
    extra.add(outcome(lateness_ms=tuple(float(ms) for ms in range(100))))
    assert extra.lateness_percentile(0.5) == 50.0
    assert extra.lateness_percentile(0.99) == 99.0
    assert extra.lateness_percentile(1.0) == 100.0
    assert TransportExtra().lateness_percentile(0.99) is None


def test_sampler_reads_this_process_and_finds_a_local_listener() -> None:
    sampler = ProcessSampler(os.getpid())
    sum(i * i for i in range(2_000_000))  # some CPU to see
    sampler.sample()
    assert sampler.usage.samples == 1
    assert sampler.usage.cpu_s > 0 and sampler.usage.rss_peak > 0
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        assert listening_pid(f"http://127.0.0.1:{port}") == os.getpid()
    assert listening_pid("http://192.0.2.1:80") is None  # not this machine: never sampled
    assert is_loopback("http://localhost:1") and not is_loopback("https://example.com")


def test_the_sampler_reads_every_command_of_one_write() -> None:
    read_end, write_end = os.pipe()
    try:
        reader = CommandReader(read_end)
        assert reader.ready(0) == []
        os.write(write_end, b"mark\nrestart_cpu\n")  # as the parent sends them at spawn's end
        assert reader.ready(1) == ["mark", "restart_cpu"]
        os.write(write_end, b"st")
        assert reader.ready(1) == []  # half a line waits for its end
        os.write(write_end, b"op\n")
        assert reader.ready(1) == ["stop"]
        os.close(write_end)
        write_end = -1
        assert reader.ready(1) == [""]  # the parent went away
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)
