"""The one path grammar: `ws=/ws/chat, download=/x` overrides a profile's endpoint paths.

Kept beside `BackendProfile` (its `Endpoint` fields are the keys), so the settings' `--paths`,
the profile files and the probe's `--path` read paths the same way, with the same keys.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping, Sequence

from simulator.transports.backend import BackendProfile, Endpoint

WS_PATH_KEY = "ws"
"""The path override of the WebSocket endpoint (`BackendProfile.ws_path`)."""


def endpoint_keys() -> tuple[str, ...]:
    """The profile's HTTP endpoints that a path override can name (its `Endpoint` fields)."""
    hints = typing.get_type_hints(BackendProfile)
    return tuple(
        f.name for f in dataclasses.fields(BackendProfile) if hints[f.name] == Endpoint | None
    )


def path_keys() -> tuple[str, ...]:
    """Every key an override can name: `ws` and the profile's endpoints (`endpoint_keys`)."""
    return (WS_PATH_KEY, *endpoint_keys())


def parse_overrides(
    spec: str, keys: Sequence[str], aliases: Mapping[str, Sequence[str]] | None = None
) -> tuple[dict[str, str], list[str]]:
    """`spec` read with `parse_paths`, each key one of `keys`; an old key in `aliases` stands
    for its new keys. Returns the overrides and the old keys that were used (to warn about).

    Raises:
        ValueError: a malformed spec or an unknown key.
    """
    old = aliases or {}
    overrides: dict[str, str] = {}
    used: list[str] = []
    for key, path in parse_paths(spec).items():
        if key in old:
            used.append(key)
            overrides.update(dict.fromkeys(old[key], path))
        elif key in keys:
            overrides[key] = path
        else:
            raise ValueError(f"unknown endpoint {key!r}; expected one of {', '.join(keys)}")
    return overrides, used


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
    changes: dict[str, object] = {}
    for key, path in parse_overrides(spec, path_keys())[0].items():
        if key == WS_PATH_KEY:
            changes["ws_path"] = path
            continue
        endpoint = getattr(profile, key)
        if endpoint is None:
            changes[key] = Endpoint(path)
        else:
            changes[key] = Endpoint(path, endpoint.method, endpoint.framing)
    return profile.with_options(**changes) if changes else profile
