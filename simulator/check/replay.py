"""One cell replayed by someone else's host (the window's page or project mode): the cell's
runtime and host options, the same watch and the same judgement as the matrix's `run_cell`,
and where the network panel should look afterwards (Qt-free: the window calls it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from simulator.check.chunks import ChunkRecord
from simulator.check.matrix import Cell
from simulator.check.runner import (
    CellResult,
    CellWatch,
    CheckConfig,
    judge_run,
    page_options,
    project_options,
)
from simulator.page.host import PageLog
from simulator.session import Session
from simulator.wx import WxRuntime

RevealWhy = Literal["garble", "cut", "nothing"]


@dataclass(frozen=True, slots=True)
class RevealPoint:
    """Where a replayed run first went wrong on the wire: a flow of the page's runtime, the
    read (its index among that flow's reads) and a byte offset in the flow's body."""

    flow_id: int
    chunk: int | None
    """Index of the read among the flow's reads (None: nothing to point at)."""
    byte_offset: int | None
    why: RevealWhy
    """"garble": the read holding the first bad character's bytes; "cut": no garble, the
    first read that ended inside a character or an SSE line; "nothing": neither."""


def reply_flow(chunks: list[ChunkRecord]) -> int | None:
    """The flow that carried most reads (the reply's, as the judge takes it)."""
    counts: dict[int, int] = {}
    for c in chunks:
        counts[c.flow_id] = counts.get(c.flow_id, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def reveal_point(result: CellResult) -> RevealPoint | None:
    """From the check's own judgement of the run: the first differing character → its byte
    offset in the reply's body → the read that contains it; without one, the first read that
    cut a character or an SSE line. None when no read reached the page."""
    flow = reply_flow(result.chunks)
    if flow is None:
        return None
    reads = [c for c in result.chunks if c.flow_id == flow]
    g = result.judged.garble
    if g is not None and g.byte_offset is not None:
        for i, c in enumerate(reads):
            if c.offset <= g.byte_offset < c.offset + len(c.data):
                return RevealPoint(flow, i, g.byte_offset, "garble")
    for i, c in enumerate(reads):
        if c.cuts_char or c.cuts_line:
            return RevealPoint(flow, i, c.offset, "cut")
    return RevealPoint(flow, None, None, "nothing")


@dataclass
class CellReplay:
    """A cell of a check, to be run once more by the window's own page or project mode: the
    mode asks for the cell's runtime settings and host options when it loads, `attach`es the
    runtime, hands over its console lines (`log`), and the replay judges the run it made."""

    config: CheckConfig
    cell: Cell
    watch: CellWatch | None = None
    logs: list[PageLog] = field(default_factory=list)
    _unsubscribe: Callable[[], None] | None = None

    @property
    def name(self) -> str:
        return self.cell.name

    def runtime_config(self) -> dict[str, Any]:
        """`WxConfig` overrides: the cell's platform, delivery, seed, network and traps."""
        return self.cell.wx_config()

    def page_options(self) -> Any:
        return page_options(self.config, self.cell)

    def project_options(self) -> Any:
        return project_options(self.config, self.cell)

    def attach(self, wx: WxRuntime) -> CellWatch:
        """Watch the runtime the mode just made (a reload makes a new one: the old watch and
        console lines go)."""
        self.detach()
        self.logs.clear()
        self.watch = CellWatch(wx, self.cell)
        self._unsubscribe = wx.events.subscribe(self.watch.on_event)
        return self.watch

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def log(self, line: PageLog) -> None:
        self.logs.append(line)

    async def judge(
        self,
        session: Session,
        host: Any,
        *,
        sent: str = "",
        timed_out: bool = False,
        reply_ids: list[str] | None = None,
    ) -> CellResult:
        """The verdict of the run the mode just made, as the matrix judges its cells.

        Raises:
            RuntimeError: no runtime was attached (the mode did not load under the cell).
        """
        if self.watch is None:
            raise RuntimeError("the replay's runtime was never attached")
        return await judge_run(
            session, self.config, self.cell, host, self.watch, self.logs, sent=sent,
            timed_out=timed_out, oracle=self.config.expect, reply_ids=reply_ids,
        )  # fmt: skip
