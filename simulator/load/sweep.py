"""`--sweep 50,200,1000`: one run per (user count, transport), the seed's table, measured.

Each step runs one transport alone against the same backend, so the server CPU of a step is
that transport's (sampled from the OS), and latency can be drawn against the user count.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from simulator.load.client import EXACT
from simulator.load.report import markdown_table
from simulator.load.runner import LoadConfig, LoadResult, backend_url, check_config, run_load


@dataclass(frozen=True, slots=True)
class SweepStep:
    users: int
    transport: str
    result: LoadResult


def run_sweep(
    config: LoadConfig,
    steps: tuple[int, ...],
    progress: Callable[[SweepStep], None] | None = None,
) -> list[SweepStep]:
    """Every user count × transport, one after another, on one backend; stops early on Ctrl-C."""
    for users in steps:
        check_config(dataclasses.replace(config, users=users))
    done: list[SweepStep] = []
    with backend_url(config) as url:
        for users in steps:
            for name in config.transports:
                rate = max(config.spawn_rate, users / 5)  # all users up within 5 s
                step_config = dataclasses.replace(
                    config, users=users, transports=(name,), spawn_rate=rate
                )
                step = SweepStep(users, name, run_load(step_config, url))
                done.append(step)
                if progress is not None:
                    progress(step)
                if step.result.interrupted:
                    return done
    return done


SWEEP_HEADERS = [
    "transport", "users", "replies/s", "fail", "1st char p50 ms", "1st char p95 ms",
    "reply p50 ms", "reply p95 ms", "server CPU ms/reply", "req/reply", "server conns peak",
    EXACT,
]  # fmt: skip


def _num(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def sweep_table(steps: list[SweepStep]) -> str:
    rows: list[list[str]] = []
    for step in sorted(steps, key=lambda s: (s.transport, s.users)):
        result = step.result
        row = result.rows[0]
        server = result.server
        rows.append(
            [
                step.transport,
                str(step.users),
                _num(row.replies_per_s, 2),
                str(row.failures),
                _num(row.first_char_p50_ms),
                _num(row.first_char_p95_ms),
                _num(row.reply_p50_ms),
                _num(row.reply_p95_ms),
                _num(result.server_cpu_ms_per_reply, 2),
                _num(row.requests_per_reply, 1),
                str(server.connections_peak) if server else "—",
                f"{row.extra.verdicts.get(EXACT, 0)}/{row.replies}",
            ]
        )
    return markdown_table(SWEEP_HEADERS, rows)


def _nan(value: float | None) -> float:
    return float("nan") if value is None else value


def write_sweep_chart(steps: list[SweepStep], path: Path) -> None:
    """First-char p50/p95 against users, one line per transport (matplotlib, Agg)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    for name in dict.fromkeys(s.transport for s in steps):
        mine = sorted((s for s in steps if s.transport == name), key=lambda s: s.users)
        xs = [s.users for s in mine]
        p50 = [_nan(s.result.rows[0].first_char_p50_ms) for s in mine]
        p95 = [_nan(s.result.rows[0].first_char_p95_ms) for s in mine]
        line = ax.plot(xs, p50, marker="o", label=f"{name} p50")
        ax.plot(
            xs,
            p95,
            marker="x",
            linestyle="--",
            color=line[0].get_color(),
            label=f"{name} p95",
        )
    ax.set_xlabel("concurrent simulated users")
    ax.set_ylabel("first reply text after send (ms)")
    ax.set_title("Latency vs users per transport")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
