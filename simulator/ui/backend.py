"""The backend the window talks to (embedded stub or a URL) and one wx runtime per transport."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from simulator.metrics import EmissionTrace, fetch_emission_trace
from simulator.transports import (
    BackendProfile,
    Endpoint,
    Transport,
    create_transport,
    profile_for_url,
    stub_profile,
)
from simulator.ui.settings import UiSettings, parse_paths
from simulator.wx import NETWORK_PROFILES, WxConfig, WxRuntime
from simulator.wx.events import WxEvent

if TYPE_CHECKING:
    from backend_stub import EmbeddedStub

log = logging.getLogger(__name__)

WxEventSink = Callable[[str, WxEvent], None]
"""(transport name, runtime event) — the network log."""


def apply_paths(profile: BackendProfile, spec: str) -> BackendProfile:
    """Override endpoint paths (`ws`, `chunked`, `download`, `poll_start`, `poll`, `sync`).

    Raises:
        ValueError: a malformed spec or an unknown key.
    """
    changes: dict[str, object] = {}
    for key, path in parse_paths(spec).items():
        if key == "ws":
            changes["ws_path"] = path
            continue
        if key not in ("chunked", "download", "poll_start", "poll", "sync"):
            raise ValueError(f"unknown endpoint {key!r}")
        endpoint = getattr(profile, key)
        if endpoint is None:
            changes[key] = Endpoint(path)
        else:
            changes[key] = dataclasses.replace(endpoint, path=path)  # keeps method, params
    return profile.with_options(**changes) if changes else profile


class Backend:
    """Starts the embedded stub off the UI thread (or points at a URL) and makes transports.

    Each transport gets its own `WxRuntime`, so the network log knows which transport did what
    and a race's transports do not share one concurrency limit.
    """

    def __init__(self, settings: UiSettings, on_wx_event: WxEventSink) -> None:
        self.settings = settings
        self._on_wx_event = on_wx_event
        self._stub: EmbeddedStub | None = None
        self._profile: BackendProfile | None = None
        self._starting: asyncio.Future[BackendProfile] | None = None
        self._runtimes: dict[str, WxRuntime] = {}

    @property
    def profile(self) -> BackendProfile | None:
        return self._profile

    async def start(self) -> BackendProfile:
        """The backend profile, starting the embedded stub in its thread the first time.

        Raises:
            ValueError: a bad URL, profile or path override in the settings.
        """
        if self._profile is not None:
            return self._profile
        if self._starting is not None:
            return await asyncio.shield(self._starting)  # someone else is starting it
        starting = self._starting = asyncio.get_running_loop().create_future()
        try:
            profile = await self._make_profile()
        except asyncio.CancelledError:
            starting.cancel()
            raise
        except Exception as exc:
            starting.set_exception(exc)
            starting.exception()  # marked retrieved: each waiter re-raises it
            raise
        finally:
            self._starting = None
        self._profile = profile
        starting.set_result(profile)
        return profile

    async def _make_profile(self) -> BackendProfile:
        s = self.settings
        token = s.token or None
        if s.profile_file:
            from pathlib import Path

            from simulator.probe.profile_file import load_profile

            profile = load_profile(Path(s.profile_file), token)  # ProfileFileError: ValueError
        elif s.backend_url:
            profile = profile_for_url(s.backend_url.rstrip("/"), s.backend_kind, token)
            if s.backend_kind == "openai" and s.model:
                profile = profile.with_options(model=s.model)
        else:
            from backend_stub import EmbeddedStub, StubConfig

            if self._stub is None:
                # uvicorn binds in its own thread; the window paints meanwhile.
                self._stub = await asyncio.to_thread(EmbeddedStub(StubConfig()).start)
            log.info("= embedded stub on %s", self._stub.base_url)
            profile = stub_profile(self._stub.base_url, self._stub.ws_url)
        return apply_paths(profile, s.paths)

    def wx_config(self) -> WxConfig:
        s = self.settings
        network = NETWORK_PROFILES.get(s.network, NETWORK_PROFILES["none"])
        return WxConfig(
            network=network,
            download_fidelity="lenient" if s.download_fidelity == "lenient" else "strict",
            base_library_version=s.base_library_version,
        )

    def runtime(self, transport: str) -> WxRuntime:
        """The wx runtime of `transport` (created on first use, inside the running loop)."""
        wx = self._runtimes.get(transport)
        if wx is None:
            wx = self._runtimes[transport] = WxRuntime(self.wx_config())
            wx.events.subscribe(lambda event: self._on_wx_event(transport, event))
        return wx

    async def transport(self, name: str) -> Transport:
        """A fresh transport `name` on its runtime."""
        profile = await self.start()
        return create_transport(name, self.runtime(name), profile)

    async def fetch_trace(self, reply_id: str) -> EmissionTrace | None:
        """The stub's emission trace of `reply_id` (None for other backends)."""
        profile = self._profile
        if profile is None or profile.trace_path is None:
            return None
        return await fetch_emission_trace(
            profile.base_url, reply_id, path=profile.trace_path, headers=profile.request_headers()
        )

    async def reconfigure(self, settings: UiSettings) -> None:
        """Apply new settings: new runtimes, and a new backend if its address changed.

        Every change takes effect before the first `await`: a message sent right after a
        settings change (the task that sends may run first) already uses the new backend.
        """
        backend_changed = (
            settings.backend_url != self.settings.backend_url
            or settings.backend_kind != self.settings.backend_kind
            or settings.token != self.settings.token
            or settings.model != self.settings.model
            or settings.paths != self.settings.paths
            or settings.profile_file != self.settings.profile_file
        )
        self.settings = settings
        runtimes, self._runtimes = list(self._runtimes.values()), {}
        stub = None
        if backend_changed:
            self._profile = None
            if settings.backend_url or settings.profile_file:
                stub, self._stub = self._stub, None
        for wx in runtimes:
            await wx.aclose()
        if stub is not None:
            await asyncio.to_thread(stub.stop)

    async def _close_runtimes(self) -> None:
        runtimes, self._runtimes = list(self._runtimes.values()), {}
        for wx in runtimes:
            await wx.aclose()

    async def _stop_stub(self) -> None:
        stub, self._stub = self._stub, None
        if stub is not None:
            await asyncio.to_thread(stub.stop)

    async def aclose(self) -> None:
        """Close every runtime and stop the embedded stub; nothing is left running."""
        await self._close_runtimes()
        starting = self._starting
        if starting is not None and not starting.done():
            await asyncio.gather(asyncio.shield(starting), return_exceptions=True)
        await self._stop_stub()
