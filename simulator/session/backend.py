"""The backend a session talks to: its profile from the settings, and the embedded stub."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from simulator.transports.backend import BackendProfile, backend_kind, stub_profile, ws_from_http
from simulator.transports.paths import WS_PATH_KEY, apply_paths, endpoint_keys, parse_paths

__all__ = [
    "WS_PATH_KEY",
    "apply_paths",
    "embedded_profile",
    "endpoint_keys",
    "file_profile",
    "parse_paths",
    "rebase",
    "start_stub",
    "url_profile",
]

if TYPE_CHECKING:
    from backend_stub import EmbeddedStub
    from simulator.session.settings import RunSettings


def url_profile(settings: RunSettings) -> BackendProfile:
    """The profile for `settings.backend_url` (which must be set).

    Raises:
        ValueError: unknown kind or bad path overrides.
    """
    kind = backend_kind(settings.backend_kind)
    profile = kind.build(settings.backend_url.rstrip("/"), settings.token or None)
    if kind.takes_model and settings.model:
        profile = profile.with_options(model=settings.model)
    return apply_paths(profile, settings.paths)


def file_profile(settings: RunSettings) -> BackendProfile:
    """The profile saved by `probe --save` in `settings.profile_file` (the token is added:
    files never hold one), with the settings' path overrides on top.

    The URL is sacred: with `settings.backend_url` set, the runs go there, never to the URL the
    profile was probed at; the profile's shape is applied to the named URL and a mismatch is a
    warning in the profile's `notes`, with both addresses.

    Raises:
        ProfileFileError (a ValueError): unreadable or not a profile.
    """
    from pathlib import Path

    from simulator.session.profile_file import load_profile

    profile = load_profile(Path(settings.profile_file), settings.token or None)
    named = settings.backend_url.strip().rstrip("/")
    if named:
        profile = rebase(profile, named, settings.profile_file)
    return apply_paths(profile, settings.paths)


def rebase(profile: BackendProfile, url: str, source: str = "the profile") -> BackendProfile:
    """`profile`'s shape at `url` (its socket too); a warning note when the URLs differ."""
    probed = profile.base_url.rstrip("/")
    if probed == url:
        return profile
    note = (
        f"warning: {source} was probed at {probed}, but the backend named is {url}:"
        f" measuring {url} with that profile's shape (probe {url} to be sure it fits)"
    )
    return profile.with_options(
        base_url=url,
        ws_url=ws_from_http(url) if profile.ws_url is not None else None,
        notes=(*profile.notes, note),
    )


async def start_stub(replay: str = "") -> EmbeddedStub:
    """An embedded stub, bound in its own thread (the caller's loop keeps running); with
    `replay`, it serves that cassette instead of its fake LLM."""
    from backend_stub import EmbeddedStub, ReplayConfig, StubConfig  # only when embedded

    config = StubConfig(replay=ReplayConfig(path=replay) if replay else None)
    return await asyncio.to_thread(EmbeddedStub(config).start)


def embedded_profile(stub: EmbeddedStub, settings: RunSettings) -> BackendProfile:
    return apply_paths(stub_profile(stub.base_url, stub.ws_url), settings.paths)
