"""`--stages FILE`: a load profile of stages (users over time) as a Locust `LoadTestShape`.

The file is JSON: `[{"duration_s": 30, "users": 50, "spawn_rate": 10}, ...]`; each stage holds
its user count for its duration; the run ends with the last stage (or `--run-time`, if sooner).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from locust import LoadTestShape


class ProfileError(ValueError):
    """The profile file is missing, not JSON, or a stage is malformed."""


@dataclass(frozen=True, slots=True)
class Stage:
    duration_s: float
    users: int
    spawn_rate: float


def read_profile(path: Path) -> tuple[Stage, ...]:
    """The stages of `path`.

    Raises:
        ProfileError: with what is wrong.
    """
    try:
        raw = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ProfileError(f"cannot read profile {path}: {exc}") from None
    if not isinstance(raw, list) or not raw:
        raise ProfileError("a profile is a non-empty JSON list of stages")
    stages = []
    for i, item in enumerate(raw):
        try:
            stage = Stage(
                float(item["duration_s"]), int(item["users"]), float(item.get("spawn_rate", 10))
            )
        except (TypeError, KeyError, ValueError):
            raise ProfileError(
                f"stage {i}: expected {{duration_s, users[, spawn_rate]}}, got {item!r}"
            ) from None
        if stage.duration_s <= 0 or stage.users < 0 or stage.spawn_rate <= 0:
            raise ProfileError(f"stage {i}: duration and spawn rate > 0, users >= 0")
        stages.append(stage)
    return tuple(stages)


def total_s(stages: tuple[Stage, ...]) -> float:
    return sum(s.duration_s for s in stages)


def shape_for(stages: tuple[Stage, ...]) -> LoadTestShape:
    """A shape that walks the stages; past the last it keeps the last (the runner stops it)."""

    class ProfileShape(LoadTestShape):
        def tick(self) -> tuple[int, float] | None:
            elapsed = self.get_run_time()
            for stage in stages:
                if elapsed < stage.duration_s:
                    return stage.users, stage.spawn_rate
                elapsed -= stage.duration_s
            return stages[-1].users, stages[-1].spawn_rate

    return ProfileShape()
