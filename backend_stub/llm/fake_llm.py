"""The fake LLM: a seeded reply text, cut into realistic tokens, with a due time for each chunk."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from backend_stub.llm.library import reply_text
from backend_stub.scenario import Scenario

# CJK comes one or two characters per token, as BPE vocabularies mostly do; Latin words keep
# their leading space; whitespace runs and every other character are tokens of their own.
_TOKEN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{1,2}"
    r"| ?[A-Za-z0-9_\u00c0-\u024f]{1,8}"
    r"|\n+|[ \t]+"
    r"|.",
    re.DOTALL,
)


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def prompt_script(message: str) -> str:
    """The script a reply to `message` is in when the scenario forces none: English for a
    prompt with Latin letters and no Chinese character, else Chinese (also for mixed ones,
    as a Chinese user writing "WebSocket" still reads Chinese)."""
    if _LATIN.search(message) and not _HAN.search(message):
        return "en"
    return "zh"


def tokenize(text: str) -> list[str]:
    """Split `text` into tokens whose concatenation is exactly `text`."""
    return _TOKEN.findall(text)


class Plan(Protocol):
    """What a `Reply` emits: chunk `i` is `pieces[i]`, due `offsets[i]` s after the start.

    An `open` plan (a live upstream) may still grow; the reply waits at its end instead of
    completing, and ends with `failure` when one is set.
    """

    @property
    def text(self) -> str: ...
    @property
    def pieces(self) -> Sequence[str]: ...
    @property
    def offsets(self) -> Sequence[float]: ...
    @property
    def open(self) -> bool: ...
    @property
    def failure(self) -> tuple[str, str] | None: ...


@dataclass(frozen=True)
class ReplyPlan:
    """What a reply will say and when: chunk `i` is due `offsets[i]` seconds after the start."""

    text: str
    pieces: tuple[str, ...]
    offsets: tuple[float, ...]
    open: bool = False
    failure: tuple[str, str] | None = None
    """A recorded failure (replay): the reply ends with this error after its pieces."""


def plan_reply(message: str, scenario: Scenario, server_seed: int) -> ReplyPlan:
    """The deterministic plan for `message` under `scenario` (same inputs, same plan)."""
    seed = server_seed if scenario.seed is None else scenario.seed
    text_rng = random.Random(f"text\x00{seed}\x00{message}")
    time_rng = random.Random(f"time\x00{seed}\x00{message}")
    text = reply_text(scenario.script or prompt_script(message), message, text_rng, scenario.length)

    tokens = tokenize(text)
    step = max(1, scenario.chunk_tokens)
    pieces = tuple("".join(tokens[i : i + step]) for i in range(0, len(tokens), step))

    gap = scenario.interval_ms / 1000.0 if scenario.interval_ms is not None else step / scenario.tps
    jitter = scenario.jitter_ms / 1000.0
    offsets: list[float] = []
    at = scenario.ttft_ms / 1000.0
    for index in range(len(pieces)):
        if index:
            at += max(0.0, gap + time_rng.uniform(-jitter, jitter)) if jitter else gap
        if index == scenario.stall_at:
            at += scenario.stall_ms / 1000.0
        offsets.append(at)
    return ReplyPlan(text=text, pieces=pieces, offsets=tuple(offsets))
