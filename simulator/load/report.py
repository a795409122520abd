"""The load run's table: Locust's percentiles next to our per-reply figures and server burden."""

from __future__ import annotations

import dataclasses
from typing import Any

from simulator.load.client import VERDICTS
from simulator.load.runner import LoadResult, TransportRow


def _num(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _kib(nbytes: float | None) -> str:
    return "—" if nbytes is None else f"{nbytes / 1024:.1f}"


def row_cells(row: TransportRow) -> list[str]:
    extra = row.extra
    verdicts = extra.verdicts
    verdict = "/".join(str(verdicts.get(v, 0)) for v in VERDICTS)
    return [
        row.transport,
        str(row.users),
        str(row.replies),
        str(row.failures),
        _num(row.replies_per_s, 2),
        _num(row.first_byte_p50_ms),
        _num(row.first_char_p50_ms),
        _num(row.first_char_p95_ms),
        _num(row.reply_p50_ms),
        _num(row.reply_p95_ms),
        _num(extra.lateness_percentile(0.99)),
        _num(row.requests_per_reply, 1),
        _num(extra.per_reply(extra.empty_polls), 1),
        _kib(extra.per_reply(extra.bytes)),
        _num(extra.per_reply(extra.sockets), 1),
        verdict,
    ]


HEADERS = [
    "transport", "users", "replies", "fail", "replies/s", "1st byte p50", "1st char p50",
    "1st char p95", "reply p50", "reply p95", "late p99", "req/reply", "empty polls/reply",
    "KiB/reply", "sockets/reply", "/".join(VERDICTS),
]  # fmt: skip


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


def format_result(result: LoadResult) -> str:
    """The run's table (times in ms) and the burden lines below it."""
    table = markdown_table(HEADERS, [row_cells(r) for r in result.rows])
    lines = [
        f"load on {result.backend_url}: {result.duration_s:.1f} s"
        + (" since the statistics were reset" if result.stats_reset else "")
        + (" (interrupted: partial figures)" if result.interrupted else ""),
        table,
        f"client side: {result.total_requests / max(result.duration_s, 1e-9):.1f} wx requests/s",
    ]
    client = result.client
    if client is not None:
        lines.append(
            f"load process: peak RSS {client.rss_peak / 2**20:.0f} MiB, "
            f"CPU {client.cpu_s:.1f} s = {_num(result.client_cpu_ms_per_reply, 2)} ms per reply, "
            f"peak TCP connections {client.connections_peak}, "
            f"memory per user {_kib(result.client_bytes_per_user)} KiB"
        )
    server = result.server
    if server is not None:
        per_reply = result.server_cpu_ms_per_reply
        shared = " (all transports together)" if len(result.rows) > 1 else ""
        lines.append(
            f"server pid {server.pid}: CPU {server.cpu_s:.2f} s = {_num(per_reply, 2)} ms per reply"
            f"{shared}, peak RSS {server.rss_peak / 2**20:.0f} MiB, "
            f"peak connections {server.connections_peak}"
        )
    else:
        lines.append("server: not on this machine (no CPU/memory sampled)")
    return "\n".join(lines)


def result_json(result: LoadResult) -> dict[str, Any]:
    """The run's figures as plain data (`--json`), for scripts and tests."""
    server, client = result.server, result.client
    return {
        "backend_url": result.backend_url,
        "duration_s": result.duration_s,
        "reset_stats": result.config.reset_stats,
        "stats_reset": result.stats_reset,
        "interrupted": result.interrupted,
        "workers": result.workers,
        "total_requests": result.total_requests,
        "server_cpu_ms_per_reply": result.server_cpu_ms_per_reply,
        "client_cpu_ms_per_reply": result.client_cpu_ms_per_reply,
        "client_bytes_per_user": result.client_bytes_per_user,
        "server": dataclasses.asdict(server) | {"rss_samples": None} if server else None,
        "client": dataclasses.asdict(client) | {"rss_samples": None} if client else None,
        "rows": [
            {
                "transport": r.transport,
                "users": r.users,
                "replies": r.replies,
                "failures": r.failures,
                "replies_per_s": r.replies_per_s,
                "reply_p50_ms": r.reply_p50_ms,
                "reply_p95_ms": r.reply_p95_ms,
                "first_byte_p50_ms": r.first_byte_p50_ms,
                "first_char_p50_ms": r.first_char_p50_ms,
                "first_char_p95_ms": r.first_char_p95_ms,
                "lateness_p99_ms": r.extra.lateness_percentile(0.99),
                "extra": r.extra.to_wire() | {"lateness": None},
            }
            for r in result.rows
        ],
    }
