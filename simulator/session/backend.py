"""The backend a session talks to: its profile from the settings, and the embedded stub."""

from __future__ import annotations

import asyncio
import dataclasses
import typing
from typing import TYPE_CHECKING

from simulator.transports.backend import (
    BackendProfile,
    Endpoint,
    backend_kind,
    stub_profile,
    ws_from_http,
)

if TYPE_CHECKING:
    from backend_stub import EmbeddedStub
    from simulator.session.settings import RunSettings

WS_PATH_KEY = "ws"
"""The path override of the WebSocket endpoint (`BackendProfile.ws_path`)."""


def endpoint_keys() -> tuple[str, ...]:
    """The profile's HTTP endpoints that a path override can name (its `Endpoint` fields)."""
    hints = typing.get_type_hints(BackendProfile)
    return tuple(
        f.name for f in dataclasses.fields(BackendProfile) if hints[f.name] == Endpoint | None
    )


def parse_paths(spec: str) -> dict[str, str]:
    """`"ws=/ws/chat, download=/x"` → {"ws": "/ws/chat", "download": "/x"}.

    Raises:
        ValueError: an entry without `=`.
    """
    paths: dict[str, str] = {}
    for item in spec.replace(";", ",").split(","):
        item = item.strip()
        if not item:
            continue
        key, sep, value = item.partition("=")
        if not sep or not value.strip():
            raise ValueError(f"expected key=/path, got {item!r}")
        paths[key.strip()] = value.strip()
    return paths


def apply_paths(profile: BackendProfile, spec: str) -> BackendProfile:
    """Override endpoint paths (`ws` and the profile's endpoint fields, see `endpoint_keys`).

    Raises:
        ValueError: a malformed spec or an unknown key.
    """
    keys = endpoint_keys()
    changes: dict[str, object] = {}
    for key, path in parse_paths(spec).items():
        if key == WS_PATH_KEY:
            changes["ws_path"] = path
            continue
        if key not in keys:
            known = ", ".join((WS_PATH_KEY, *keys))
            raise ValueError(f"unknown endpoint {key!r}; expected one of {known}")
        endpoint = getattr(profile, key)
        if endpoint is None:
            changes[key] = Endpoint(path)
        else:
            changes[key] = Endpoint(path, endpoint.method, endpoint.framing)
    return profile.with_options(**changes) if changes else profile


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
