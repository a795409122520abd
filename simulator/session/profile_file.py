"""A backend profile on disk (JSON): what `probe --save` writes and `--profile FILE` loads."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from simulator.transports.backend import BackendProfile, Endpoint
from simulator.transports.paths import endpoint_keys

FORMAT = "wx-stream-sim/backend-profile/1"
_MAPPINGS = ("headers", "unsupported")
_NOT_SAVED = ("token", "notes")
"""A token is never written to disk (pass --token again); notes belong to one loading."""


class ProfileFileError(ValueError):
    """The file is not a backend profile this version understands; the message says why."""


def profile_to_dict(
    profile: BackendProfile, probe: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"format": FORMAT}
    for f in dataclasses.fields(profile):
        value = getattr(profile, f.name)
        if f.name in _NOT_SAVED:
            continue
        if isinstance(value, Endpoint):
            value = dataclasses.asdict(value)
        elif isinstance(value, Mapping):
            value = dict(value)
        body[f.name] = value
    if probe is not None:
        body["probe"] = dict(probe)
    return body


def save_profile(
    profile: BackendProfile, path: Path, probe: Mapping[str, Any] | None = None
) -> None:
    text = json.dumps(profile_to_dict(profile, probe), ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")


def profile_from_dict(body: Mapping[str, Any], token: str | None = None) -> BackendProfile:
    """Rebuild a profile; unknown keys are refused so a typo is not silently ignored.

    Raises:
        ProfileFileError: wrong format marker, unknown or ill-typed fields.
    """
    if body.get("format") != FORMAT:
        raise ProfileFileError(
            f"not a backend profile (format {body.get('format')!r}, want {FORMAT})"
        )
    known = {f.name for f in dataclasses.fields(BackendProfile)} - set(_NOT_SAVED[1:])
    fields = {k: v for k, v in body.items() if k not in ("format", "probe")}
    unknown = sorted(set(fields) - known)
    if unknown:
        raise ProfileFileError(f"unknown profile field(s): {', '.join(unknown)}")
    try:
        for name in endpoint_keys():
            if isinstance(fields.get(name), Mapping):
                fields[name] = Endpoint(**fields[name])
        for name in _MAPPINGS:
            if name in fields:
                fields[name] = MappingProxyType({str(k): str(v) for k, v in fields[name].items()})
        if token is not None:
            fields["token"] = token
        return BackendProfile(**fields)
    except (TypeError, AttributeError) as exc:
        raise ProfileFileError(f"bad profile field: {exc}") from exc


def load_profile(path: Path, token: str | None = None) -> BackendProfile:
    """Read a profile file (`token` is added: files never hold one).

    Raises:
        ProfileFileError: unreadable or not a profile.
    """
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ProfileFileError(f"cannot read {path}: {exc}") from exc
    if not isinstance(body, dict):
        raise ProfileFileError(f"{path} does not hold a JSON object")
    return profile_from_dict(body, token)
