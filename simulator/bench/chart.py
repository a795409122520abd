"""PNG chart: characters over time per transport, emitted by the backend vs arrived vs painted."""

from __future__ import annotations

from pathlib import Path

from simulator.bench.runner import BenchResult, BenchRun
from simulator.transports.events import CharsPainted, ChunkReceived


def _series(run: BenchRun) -> dict[str, tuple[list[float], list[int]]]:
    """Cumulative characters over seconds after send: emitted, arrived, painted."""
    t0 = run.metrics.send_at
    out: dict[str, tuple[list[float], list[int]]] = {}
    if run.trace is not None:
        xs, ys, total = [0.0], [0], 0
        for chunk in run.trace.chunks:
            total += len(chunk.text)
            xs.append(chunk.emitted_at - t0)
            ys.append(total)
        out["emitted"] = (xs, ys)
    xs, ys, total = [0.0], [0], 0
    for event in run.timeline.events:
        if isinstance(event, ChunkReceived):
            total += len(event.text)
            xs.append(event.at - t0)
            ys.append(total)
    out["arrived"] = (xs, ys)
    xs, ys = [0.0], [0]
    for event in run.timeline.events:
        if isinstance(event, CharsPainted):
            xs.append(event.at - t0)
            ys.append(event.total)
    out["painted"] = (xs, ys)
    return out


def write_chart(result: BenchResult, path: Path) -> None:
    """One panel per transport (its last run), step lines; matplotlib's Agg backend, no display."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    several = len(result.config.scenarios) > 1
    last: dict[str, BenchRun] = {}
    for run in result.runs:
        last[f"{run.transport} @ {run.scenario}" if several else run.transport] = run
    count = max(1, len(last))
    cols = min(3, count)
    rows = (count + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 3.4 * rows), squeeze=False, sharey=True)
    styles = {
        "emitted": ("#999999", "--"),
        "arrived": ("#07c160", "-"),
        "painted": ("#1f6feb", ":"),
    }
    for ax, (name, run) in zip(axes.flat, last.items(), strict=False):
        for label, (xs, ys) in _series(run).items():
            color, line = styles[label]
            on_top = 3 if label == "emitted" else 2  # visible where arrival matches emission
            ax.step(
                xs,
                ys,
                where="post",
                label=label,
                color=color,
                linestyle=line,
                lw=1.6,
                zorder=on_top,
            )
        status = "ok" if run.ok else "FAILED"
        ax.set_title(f"{name} ({status}, {run.metrics.requests} req)", fontsize=10)
        ax.set_xlabel("seconds after send")
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(last) :]:
        ax.set_visible(False)
    axes[0][0].set_ylabel("characters")
    axes[0][0].legend(loc="upper left", fontsize=8)
    scenarios = " | ".join(s or "default" for s in result.config.scenarios)
    fig.suptitle(
        f"characters over time — scenario {scenarios}, network {result.config.network}",
        fontsize=11,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
