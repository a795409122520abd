"""PNG chart: characters over time per transport, emitted by the backend vs arrived vs painted."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from simulator.bench.runner import BenchResult, BenchRun
from simulator.bench.scenarios_used import scenario_text
from simulator.transports.events import CharsPainted, ChunkReceived
from simulator.verdict import Status

if TYPE_CHECKING:
    from matplotlib.figure import Figure


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


def panel_title(name: str, run: BenchRun) -> str:
    """The panel's title: the run's verdict word, as the table and the progress lines say it."""
    if run.verdict is not None:
        word = run.verdict.status.value
        if run.verdict.kind:
            word += f": {run.verdict.kind}"
    else:
        word = "ok" if run.ok else Status.FAILED.value
    count = run.metrics.requests
    return f"{name} ({word}, {count} request{'' if count == 1 else 's'})"


def write_chart(result: BenchResult, path: Path) -> None:
    """One panel per transport (its last run), step lines; matplotlib's Agg backend, no display."""
    import matplotlib.pyplot as plt

    fig = make_figure(result)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def make_figure(result: BenchResult) -> Figure:
    """The chart's figure: panels share both axes, so transports compare by eye."""
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
    fig, axes = plt.subplots(
        rows, cols, figsize=(5 * cols, 3.4 * rows), squeeze=False, sharex=True, sharey=True
    )
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
        ax.set_title(panel_title(name, run), fontsize=10)
        ax.set_xlabel("seconds after send")
        ax.tick_params(labelbottom=True)  # shared x: every panel still shows its seconds
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(last) :]:
        ax.set_visible(False)
    axes[0][0].set_ylabel("characters")
    axes[0][0].legend(loc="upper left", fontsize=8)
    fig.suptitle(
        f"characters over time — {scenario_text(result)}, network {result.config.network}",
        fontsize=11,
    )
    fig.tight_layout()
    return fig
