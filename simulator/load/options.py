"""Run settings through Locust's options: `--sim-settings` (and older flags), as workers get them.

No Locust here: the runner and the tests use these without gevent's patching.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from simulator.session import RunSettings

LEGACY_OPTIONS = {
    "sim_network": "network",
    "sim_scenario": "scenario",
    "sim_backend_kind": "backend_kind",
    "sim_token": "token",
}
"""`locust -f` flags older than `--sim-settings`, and the run setting each one sets."""


def settings_of(opts: Any) -> RunSettings:
    """The run settings in Locust's options: `--sim-settings`, then the older flags given.

    `--sim-settings` is the `[run]` table as JSON (what our runner forwards to workers) or a
    TOML file's path; an older flag overrides it when not at its default.

    Raises:
        SettingsError: a bad setting; OSError: the file cannot be read.
    """
    spec = str(getattr(opts, "sim_settings", "") or "").strip()
    if spec.startswith("{"):
        base = RunSettings.from_mapping(json.loads(spec))
    else:
        base = RunSettings.load(Path(spec)) if spec else RunSettings()
    defaults = RunSettings()
    changes = {
        name: value
        for option, name in LEGACY_OPTIONS.items()
        if (value := getattr(opts, option, None)) and value != getattr(defaults, name)
    }
    return base.with_changes(**changes).check()


def settings_json(settings: RunSettings) -> str:
    """`settings` as the `--sim-settings` value (Locust sends it to every worker)."""
    return json.dumps(settings.to_mapping(), ensure_ascii=False)
