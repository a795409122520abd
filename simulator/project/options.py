"""How a project is run: its platform profile, launch page, how a person acts on it, limits."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.page.origin import DEFAULT_PAGE_ORIGIN


@dataclass(frozen=True, slots=True)
class ProjectOptions:
    platform: str = "android"
    """The JS environment profile (jsenv.JS_PLATFORMS; `device` = the phone default)."""
    js_strict: tuple[str, ...] = ()
    """Uncertain rows of the JS-environment table to apply (jsenv switches)."""
    promise_timers: bool = False
    """iOS <= 15 what-if (check's `ios15-promise-timers`): Promise then/catch/finally
    callbacks run as timers in the logic layer."""
    launch_route: str | None = None
    """The first page (default: app.json's entryPagePath, else its first page)."""
    query: tuple[tuple[str, str], ...] = ()
    page_origin: str = DEFAULT_PAGE_ORIGIN
    reply_path: str | None = None
    """The data path of the reply text (default: found, see reply.py)."""
    input_selector: str | None = None
    tap_selector: str | None = None
    cpu_limit_s: float = 3.0
    memory_mb: int = 256
    heartbeat_ms: int = 100
    inspect_port: int | None = None
    idle_s: float = 0.4
    run_timeout_s: float = 120.0
    view_timeout_s: float = 10.0
    """How long a view request (tap, input, query, first render) may take."""
    node: str | None = None
