"""The platform's setData performance guidance: ONE table, a row per rule, and the watch that
holds a page's setData traffic against it.

Not limits (the 1 MB hard limit is the logic layer's error, js/logic/data.mjs): past these
figures the platform still works, but DevTools' 体验评分 (Audits) withholds the rule's points
and the docs call the page janky. A run that breaks a rule gets one warning line per rule
and page, with the figure measured and the figure guided, in the page console (where page
warnings go), in `page --json` and as a note on `check`'s cells.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any, Literal

Confidence = Literal["documented", "reported", "assumed"]
AUDITS_PERFORMANCE = (
    "https://developers.weixin.qq.com/miniprogram/dev/framework/audits/performance.html"
)
KIB = 1024


@dataclass(frozen=True, slots=True)
class SetDataRule:
    name: str
    label: str
    """The rule's name in DevTools' Audits panel (so the warning can be matched there)."""
    threshold: int
    """The most allowed: bytes of one call (`window_s` None) or calls within `window_s`."""
    window_s: float | None
    source: str
    confidence: Confidence
    note: str = ""

    @property
    def per_call(self) -> bool:
        return self.window_s is None

    def describe(self) -> str:
        """The guided figure in words."""
        if self.per_call:
            return f"at most {_size(self.threshold)} per call"
        return f"at most {self.threshold} calls per {self.window_s:g} s"


SETDATA_RULES: tuple[SetDataRule, ...] = (
    SetDataRule(
        "setdata-size", "setData 数据大小", 256 * KIB, None, AUDITS_PERFORMANCE, "documented",
        "得分条件: setData 的数据在 JSON.stringify 后不超过 256KB (Audits rule, weight 6 in "
        "audits/scoring.html); measured as the UTF-8 bytes of the JSON the view is sent, as "
        "the 1 MB limit is; KB read as 1024 bytes (the docs do not say)",
    ),
    SetDataRule(
        "setdata-rate", "setData 调用频率", 20, 1.0, AUDITS_PERFORMANCE, "documented",
        "得分条件: 每秒调用 setData 的次数不超过 20 次 (Audits rule, weight 6); how the "
        "second is counted is not documented: here the most calls in any 1 s (a sliding "
        "window), every instance of the page counted",
    ),
)  # fmt: skip
"""Only figures the platform documents. The 'tips' page (performance/tips/runtime_setData)
asks for no millisecond-level setData and no more data than changed, without a figure, so it
adds no row."""
RULE_BY_NAME = {r.name: r for r in SETDATA_RULES}


def _size(n: float) -> str:
    return f"{n / KIB:.1f} KB" if n < KIB * KIB else f"{n / KIB / KIB:.2f} MB"


@dataclass(frozen=True, slots=True)
class GuidanceWarning:
    """One rule broken by one page in one run."""

    rule: str
    route: str
    measured: float
    threshold: float
    window_s: float | None
    source: str
    confidence: Confidence

    @property
    def text(self) -> str:
        """The console line."""
        row = RULE_BY_NAME[self.rule]
        if row.per_call:
            got = f"a setData of {_size(self.measured)} ({self.measured:.0f} bytes of JSON)"
        else:
            got = f"{self.measured:.0f} setData calls within {self.window_s:g} s"
        return (
            f"[{row.label} / {self.rule}] page {self.route}: {got}; the platform's guidance "
            f"is {row.describe()} ({self.source})"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule, "route": self.route, "measured": self.measured,
            "threshold": self.threshold, "window_s": self.window_s, "source": self.source,
            "confidence": self.confidence, "text": self.text,
        }  # fmt: skip


@dataclass
class _PageTraffic:
    """One page's setData in the current run: per rule, the worst figure seen."""

    worst: dict[str, float] = field(default_factory=dict)
    stamps: dict[str, deque[float]] = field(default_factory=dict)


class SetDataGuidance:
    """Feed every setData (`record`), then `finish()` at the end of each run: it returns the
    run's new warnings, one per rule and page, and starts the next run afresh."""

    def __init__(self, rules: tuple[SetDataRule, ...] = SETDATA_RULES) -> None:
        self.rules = rules
        self.warnings: list[GuidanceWarning] = []
        """Every warning so far (all runs)."""
        self._pages: dict[str, _PageTraffic] = {}

    def record(self, route: str, at: float, nbytes: int) -> None:
        """One setData call of `route`'s page at `at` (the page's own monotonic stamp) of
        `nbytes` bytes of JSON."""
        page = self._pages.setdefault(route, _PageTraffic())
        for rule in self.rules:
            if rule.window_s is None:
                figure = float(nbytes)
            else:
                window = page.stamps.setdefault(rule.name, deque())
                window.append(at)
                while window and window[0] <= at - rule.window_s:
                    window.popleft()
                figure = float(len(window))
            if figure > page.worst.get(rule.name, 0.0):
                page.worst[rule.name] = figure

    def finish(self) -> list[GuidanceWarning]:
        new = [
            _warning(rule, route, page.worst[rule.name])
            for route, page in self._pages.items()
            for rule in self.rules
            if page.worst.get(rule.name, 0.0) > rule.threshold
        ]
        self._pages.clear()
        self.warnings += new
        return new


def _warning(rule: SetDataRule, route: str, measured: float) -> GuidanceWarning:
    return GuidanceWarning(
        rule.name, route, measured, rule.threshold, rule.window_s, rule.source, rule.confidence
    )
