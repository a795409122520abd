"""Rendering cost of a long streamed reply in the real window, and time to the first frame.

Streams a 50,000-character markdown reply (the stub's `long` script, tokenized as the stub
does) at 200 tokens/s into the chat bubble and prints frame times (typewriter + tail render
+ bubble paint), event-loop stalls, and — measured in the same run — what re-rendering the
whole markdown per update would cost (the trap). Also starts the app in a fresh process and
prints the time from interpreter start to the window's first paint.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_ui_render.py
    (or under xvfb-run; --chars and --tps to change the load)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync  # noqa: E402
from PySide6.QtGui import QPaintEvent, QTextDocument  # noqa: E402

from backend_stub.llm.fake_llm import tokenize  # noqa: E402
from backend_stub.llm.library import reply_text  # noqa: E402
from simulator.metrics import percentile  # noqa: E402
from simulator.transports.base import SendMessage, Transport  # noqa: E402
from simulator.transports.events import (  # noqa: E402
    ChunkReceived,
    EmitEvent,
    MessageSent,
    ReplyCompleted,
)
from simulator.ui.kit.frame_clock import FrameClock  # noqa: E402
from simulator.ui.kit.settings import UiSettings  # noqa: E402
from simulator.ui.phone.markdown_view import MarkdownBubbleText  # noqa: E402
from simulator.ui.shell.app import make_application  # noqa: E402
from simulator.ui.shell.controller import ChatController  # noqa: E402
from simulator.ui.shell.main_window import MainWindow  # noqa: E402
from tests.ui.fakes import ScriptedSession  # noqa: E402

STALL_S = 0.050

FIRST_PAINT_PROBE = """
import time; t0 = time.monotonic()
import sys; sys.path.insert(0, {root!r})
from PySide6.QtCore import QEvent, QObject, QTimer
from simulator.ui.shell.app import build_app, make_application
from simulator.ui.kit.settings import UiSettings
import asyncio, qasync
app = make_application()
class Probe(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "t"):
            self.t = time.monotonic() - t0
            print(f"{{self.t:.3f}}", flush=True)
            QTimer.singleShot(0, app.exit)
        return False
probe = Probe()
async def main():
    parts = build_app(UiSettings(language="zh"), remember=False)
    parts.window.installEventFilter(probe)
    parts.window.show()
    while not hasattr(probe, "t"):
        await asyncio.sleep(0.01)
with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
    runner.run(main())
"""


class PacedTransport(Transport):
    """Emits the reply token by token at `tps`, on schedule (several per wake-up when late)."""

    name = "paced"

    def __init__(self, tokens: list[str], tps: float) -> None:
        self.tokens = tokens
        self.tps = tps

    async def run(self, message: SendMessage, emit: EmitEvent) -> None:
        emit(MessageSent(time.monotonic(), "websocket", message.text))
        start = time.monotonic()
        i = 0
        while i < len(self.tokens):
            due = start + i / self.tps
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            now = time.monotonic()
            while i < len(self.tokens) and start + i / self.tps <= now:
                token = self.tokens[i]
                emit(ChunkReceived(now, token, len(token.encode())))
                i += 1
        emit(ReplyCompleted(time.monotonic(), "".join(self.tokens)))


def summary(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"{name:<34} n={len(ms):>6}  p50={percentile(ms, 50) or 0:7.2f} ms  "
        f"p99={percentile(ms, 99) or 0:7.2f} ms  max={max(ms, default=0):7.2f} ms"
    )


async def stall_monitor(stalls: list[float], where: list[float], stop: asyncio.Event) -> None:
    """Lateness of a 5 ms sleep: anything that blocks the loop shows up here."""
    while not stop.is_set():
        before = time.monotonic()
        await asyncio.sleep(0.005)
        late = time.monotonic() - before - 0.005
        stalls.append(late)
        if late > STALL_S:
            where.append(before)


def naive_cost(text: str, width: int, sizes: tuple[int, ...]) -> dict[int, float]:
    """Median time of `setMarkdown(whole text)` + layout at each size (the trap)."""
    out: dict[int, float] = {}
    for n in sizes:
        doc = QTextDocument()
        doc.setTextWidth(width)
        times = []
        for k in range(5):
            start = time.perf_counter()
            doc.setMarkdown(text[: n - k])
            doc.size()  # force the layout, as a paint would
            times.append(time.perf_counter() - start)
        out[n] = statistics.median(times)
    return out


async def bench(chars: int, tps: float) -> None:
    text = reply_text("long", "", random.Random(7), chars)
    tokens = tokenize(text)
    assert "".join(tokens) == text
    frames: list[float] = []
    paints: list[float] = []
    combined: list[float] = []
    pending_paint = [0.0]

    original_paint = MarkdownBubbleText.paintEvent

    def timed_paint(self: MarkdownBubbleText, event: QPaintEvent) -> None:
        start = time.perf_counter()
        original_paint(self, event)
        spent = time.perf_counter() - start
        paints.append(spent)
        pending_paint[0] += spent

    MarkdownBubbleText.paintEvent = timed_paint  # type: ignore[method-assign]

    async def factory(name: str) -> Transport:
        return PacedTransport(tokens, tps)

    clock = FrameClock()
    controller = ChatController(ScriptedSession(factory))
    window = MainWindow(controller, UiSettings(language="zh", typewriter_cps=60), clock)
    window.show()

    def on_frame(_start: float, spent: float) -> None:
        frames.append(spent)
        combined.append(spent + pending_paint[0])
        pending_paint[0] = 0.0

    clock.frame_finished.connect(on_frame)
    stalls: list[float] = []
    where: list[float] = []
    stop = asyncio.Event()
    monitor = asyncio.ensure_future(stall_monitor(stalls, where, stop))
    await asyncio.sleep(0.3)
    stalls.clear()
    where.clear()
    window.phone.chat.add_user("写一篇很长的 markdown")
    run = controller.send("写一篇很长的 markdown", "websocket")
    bubble = window.bubbles[run.id]
    started = time.monotonic()
    print(f"streaming {len(text)} chars as {len(tokens)} tokens at {tps:.0f} tokens/s", flush=True)
    checkpoints = {10_000, 25_000, 40_000}
    while not (run.ended and not bubble.painting):
        await asyncio.sleep(0.25)
        shown = len(bubble.shown_text)
        hit = [c for c in checkpoints if shown >= c]
        for c in hit:
            checkpoints.discard(c)
            print(
                f"  {shown:>6} chars painted after {time.monotonic() - started:6.1f} s; "
                f"frame p99 so far {1000 * (percentile(combined, 99) or 0):.2f} ms",
                flush=True,
            )
    elapsed = time.monotonic() - started
    stop.set()
    await monitor
    MarkdownBubbleText.paintEvent = original_paint  # type: ignore[method-assign]
    assert bubble.shown_text == text, "the bubble does not hold the reply"
    third = len(combined) // 3
    print(f"\nreply typed out in {elapsed:.1f} s; bubble text == reply: True")
    print(summary("frame (tick + bubble paint)", combined))
    print(summary("  first third of the reply", combined[:third]))
    print(summary("  last third of the reply", combined[-third:]))
    print(summary("tick (typewriter + tail render)", frames))
    print(summary("bubble paint events", paints))
    print(summary("event-loop lateness (5 ms sleep)", stalls))
    over = [s for s in stalls if s > STALL_S]
    print(
        f"stalls over {STALL_S * 1000:.0f} ms: {len(over)}"
        + (f" (worst {max(over) * 1000:.1f} ms)" if over else "")
    )
    for at in where:
        print(f"  a stall began {at - started:6.2f} s after send (reply took {elapsed:.1f} s)")
    width = bubble.text_view.max_width
    naive = naive_cost(text, width, (1_000, 10_000, 50_000 if chars >= 50_000 else chars))
    tick_p50 = percentile(combined, 50) or 1e-9
    for n, cost in naive.items():
        print(
            f"whole-text setMarkdown at {n:>6} chars: {cost * 1000:7.2f} ms per update "
            f"(= {cost / tick_p50:5.1f} x our median frame)"
        )
    window.close()


def first_paint() -> None:
    for run in range(3):
        out = subprocess.run(
            [sys.executable, "-c", FIRST_PAINT_PROBE.format(root=str(ROOT))],
            capture_output=True,
            text=True,
            timeout=60,
            env=os.environ.copy(),
        )
        value = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr[-300:]
        print(
            f"window first paint after process start (run {run + 1}, "
            f"{os.environ.get('QT_QPA_PLATFORM') or 'xcb'}): {value} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=50_000)
    parser.add_argument("--tps", type=float, default=200.0)
    args = parser.parse_args()
    first_paint()
    app = make_application()
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(bench(args.chars, args.tps))


if __name__ == "__main__":
    main()
