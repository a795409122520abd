"""The platform's traps as named switches: ONE table, a row per trap.

A row says where the trap comes from and how sure we are. Reported or documented traps are
on by default; uncertain ones are "what-if" switches, off unless asked for (`--trap NAME`),
and labelled as such in every output. How a trap acts on a cell is `matrix.py`'s (by name).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Confidence = Literal["documented", "reported", "assumed"]


@dataclass(frozen=True, slots=True)
class Trap:
    name: str
    what: str
    source: str
    confidence: Confidence
    default: bool
    what_if: str = ""
    """For an uncertain trap: the question its column answers."""


TRAPS: tuple[Trap, ...] = (
    Trap(
        "split-reads",
        "phone reads merge two SSE events into one callback and split one across two",
        "xiaweiss/miniprogram-bug-report#304 (Android, iOS, DevTools, lib 3.6.5); "
        "wx-api-semantics §1.9", "reported", True,
    ),
    Trap(
        "split-utf8",
        "a read may end inside a multi-byte UTF-8 character (off: cuts snap to whole characters)",
        "forum threads on garbled Chinese in onChunkReceived; PEERS P2; reads follow TCP "
        "segments, which know nothing of characters", "reported", True,
    ),
    Trap(
        "byte-by-byte",
        "the worst case: one byte per callback (one extra cell per phone)",
        "not a platform figure: the limit of split reads", "documented", True,
    ),
    Trap(
        "no-textdecoder",
        "no TextDecoder/TextEncoder on the phones (project mode's JS-environment table)",
        "coze-js#318, unibest#182, uni-app's compatibility table; wx-api-semantics §1.9",
        "reported", True,
    ),
    Trap(
        "ios-silent-loss",
        "iOS: the network lost mid-stream gives neither fail nor complete (the loss cell)",
        "xiaweiss/miniprogram-bug-report#272 (iOS, lib 3.5.0, WeChat 8.0.50); PEERS P6",
        "reported", True,
    ),
    Trap(
        "chunk-uint8array",
        "DevTools hands onChunkReceived a Uint8Array where phones give an ArrayBuffer",
        "one mirrored post ('模拟器和真机返回的数据格式有点差异'); wx-api-semantics §1.9",
        "assumed", False, "what if DevTools' res.data is a Uint8Array?",
    ),
    Trap(
        "background-5s",
        "the user leaves mid-reply: after ~5 s in the background requests fail 'interrupted' "
        "and sockets close 1000 'interrupted' (time-compressed: hidden after 2 chunks, "
        "interrupted at once)",
        "the old network guide ('超过 5 秒'), wx-api-semantics §1.6", "assumed", False,
        "what if the user switches away while the reply streams?",
    ),
    Trap(
        "ios15-promise-timers",
        "iOS <= 15: Promise then/catch/finally callbacks run as timers (after pending "
        "callbacks), not as microtasks; `await` is left native (single-file pages and "
        "project mode's logic layer)",
        "the official 'JavaScript support' page: iOS <= 15 runs Promise through a timer "
        "polyfill (PEERS.md); which callbacks it covers we do not know", "assumed", False,
        "what if the page's Promise callbacks run as timers on iOS?",
    ),
    Trap(
        "socket-limit-2",
        "only 2 concurrent WebSockets (old docs; devices seen below the documented 5)",
        "older docs ('最多同时存在 2 个'); forum reports of fewer sockets on devices",
        "assumed", False, "what if the phone allows only 2 sockets?",
    ),
)  # fmt: skip
TRAP_BY_NAME = {t.name: t for t in TRAPS}


def active_traps(on: tuple[str, ...] = (), off: tuple[str, ...] = ()) -> frozenset[str]:
    """The defaults, plus `on`, minus `off`.

    Raises:
        ValueError: an unknown trap name.
    """
    unknown = [n for n in (*on, *off) if n not in TRAP_BY_NAME]
    if unknown:
        raise ValueError(f"unknown trap(s) {unknown}; choose from {', '.join(TRAP_BY_NAME)}")
    return frozenset({t.name for t in TRAPS if t.default} | set(on)) - set(off)
