"""A check's outputs: the matrix table (colour on a TTY), the cell details with the replay
command, JSON, and JUnit XML (one test case per cell)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from typing import Any

from simulator.check.matrix import NETWORKS, replay_command
from simulator.check.runner import CellResult, CheckReport
from simulator.check.traps import TRAP_BY_NAME
from simulator.check.verdicts import PASSING, CellVerdict
from simulator.page.guidance import GuidanceWarning

SYMBOL = {
    CellVerdict.EXACT: ("✓", "green"),
    CellVerdict.GARBLED: ("G", "red"),
    CellVerdict.CRASHED: ("C", "red"),
    CellVerdict.HUNG: ("H", "magenta"),
    CellVerdict.FAILED_CLEANLY: ("f", "yellow"),
    CellVerdict.ENDED: ("·", "cyan"),
    CellVerdict.ERROR: ("E", "red"),
}
"""One character per cell in the matrix, and its colour."""

Style = Callable[[str, str], str]


def plain(text: str, colour: str) -> str:
    return text


def matrix_table(report: CheckReport, style: Style = plain) -> str:
    """Rows: platform × network; the row's cells in delivery order, then a count per verdict."""
    rows: dict[tuple[str, str], list[CellResult]] = {}
    for r in report.results:
        rows.setdefault((r.cell.platform, r.cell.network), []).append(r)
    order = {n.name: i for i, n in enumerate(NETWORKS)}
    lines = [f"{'platform':<9} {'network':<8} cells"]
    for (platform, network), results in sorted(
        rows.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 99))
    ):
        marks = "".join(style(*SYMBOL[r.verdict]) for r in results)
        counts = Counter(r.verdict for r in results)
        tally = ", ".join(f"{n} {v}" for v, n in counts.items())
        noted = Counter(w.rule for r in results for w in r.warnings)
        if noted:
            tally += "; " + style(
                "⚠ " + ", ".join(f"{rule} in {n}" for rule, n in noted.items()), "yellow"
            )
        lines.append(f"{platform:<9} {network:<8} {marks}  {tally}")
    legend = "  ".join(f"{style(*SYMBOL[v])} {v}" for v in CellVerdict if v in SYMBOL)
    lines.append(f"legend: {legend}")
    return "\n".join(lines)


def guidance_notes(report: CheckReport) -> list[str]:
    """One line per broken setData rule: in how many cells, the worst figure, the source.
    Warnings only: no verdict and no exit code depends on them."""
    worst: dict[str, GuidanceWarning] = {}
    cells: Counter[str] = Counter()
    for r in report.results:
        for rule in {w.rule for w in r.warnings}:
            cells[rule] += 1
        for w in r.warnings:
            if w.rule not in worst or w.measured > worst[w.rule].measured:
                worst[w.rule] = w
    return [
        f"warning: {cells[rule]} of {len(report.results)} cells; worst: {w.text}"
        for rule, w in worst.items()
    ]


def cell_details(result: CellResult, base: list[str]) -> str:
    """A non-exact cell: what went wrong, where, and the command that replays it."""
    j = result.judged
    out = [f"{result.cell.name}: {j.verdict} — {j.summary}"]
    g = j.garble
    if g is not None:
        out.append(f"  page:    …{g.got_context}…" if g.got_context else "  page:    (nothing)")
        out.append(f"  backend: …{g.want_context}…")
        # the decoder and the reads are named only when they are a cause: a reply cut short
        # or replaced by an error message has nothing to do with them
        if g.replacement_char or g.cut_inside or g.cut_event:
            extra = "U+FFFD in the page's text" if g.replacement_char else "no U+FFFD"
            if g.byte_offset is not None:
                cut = "a read ends inside it" if g.cut_inside else "no read ends inside it"
                if g.cut_event:
                    cut += ", a read splits its SSE event"
                reads = ", ".join(str(r) for r in g.reads) or "none near"
                extra += f"; the char is at body byte {g.byte_offset} ({cut}; reads end at {reads})"
            out.append(f"  {extra}")
    out.append(f"  replay: {replay_command(base, result.cell)}")
    return "\n".join(out)


def exit_code(report: CheckReport) -> int:
    if report.error is not None or not report.results:
        return 1
    return 0 if all(r.verdict in PASSING for r in report.results) else 1


def report_json(report: CheckReport, base: list[str], traps: frozenset[str]) -> dict[str, Any]:
    return {
        "target": report.target,
        "backend": report.backend,
        "oracle": report.oracle,
        "error": report.error,
        "elapsed_s": round(report.elapsed_s, 3),
        "traps": [
            {
                "name": n,
                "confidence": TRAP_BY_NAME[n].confidence,
                "what_if": TRAP_BY_NAME[n].what_if,
            }
            for n in sorted(traps)
        ],
        "ok": exit_code(report) == 0,
        "cells": [cell_json(r, base) for r in report.results],
    }


def cell_json(r: CellResult, base: list[str]) -> dict[str, Any]:
    exact = r.verdict is CellVerdict.EXACT
    return {
        "platform": r.cell.platform,
        "network": r.cell.network,
        "delivery": r.cell.delivery,
        "seed": r.cell.seed,
        "verdict": str(r.verdict),
        "summary": r.judged.summary,
        "reason": r.judged.reason,
        "garble": r.judged.garble.to_json() if r.judged.garble else None,
        "error": r.judged.error or None,
        "text": r.text,
        "elapsed_s": round(r.elapsed_s, 3),
        "replay": None if exact else replay_command(base, r.cell),
        "chunks": None if exact else [c.to_json() for c in r.chunks],
        "warnings": [w.to_json() for w in r.warnings],
    }


def junit_xml(report: CheckReport, base: list[str]) -> bytes:
    """One `testcase` per cell: garbled/crashed/hung/error are failures with the replay."""
    failing = [r for r in report.results if r.verdict not in PASSING]
    suite = ET.Element(
        "testsuite", name=f"check {report.target}", tests=str(len(report.results)),
        failures=str(len(failing)), errors="0", time=f"{report.elapsed_s:.3f}",
    )  # fmt: skip
    for r in report.results:
        case = ET.SubElement(
            suite, "testcase", classname=f"check.{r.cell.platform}.{r.cell.network}",
            name=r.cell.name, time=f"{r.elapsed_s:.3f}",
        )  # fmt: skip
        out = [f"warning: {w.text}" for w in r.warnings]  # a note: the case still passes
        if r.verdict not in PASSING:
            fail = ET.SubElement(case, "failure", message=f"{r.verdict}: {r.judged.summary}")
            fail.text = cell_details(r, base)
        elif r.verdict is not CellVerdict.EXACT:
            out.insert(0, f"{r.verdict}: {r.judged.summary}")
        if out:
            ET.SubElement(case, "system-out").text = "\n".join(out)
    xml: bytes = ET.tostring(suite, encoding="utf-8", xml_declaration=True)
    return xml
