"""`RunSettings`: everything that composes a run, one typed record, validated once, kept in TOML.

The window's settings, the bench's options and the CLI flags are all this record (the UI adds
only its language); each field's metadata gives its help text and flag, from which the CLI
options are generated (`simulator.session.cli`).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Self

from simulator.session.backend_url import EMBEDDED, parse_backend
from simulator.transports.auto import FIRST_TEXT_S
from simulator.transports.backend import BACKEND_KIND_BY_NAME, BACKEND_KINDS
from simulator.transports.registry import TRANSPORT_BY_NAME, TRANSPORTS
from simulator.typewriter import Policy

if typing.TYPE_CHECKING:
    from simulator.wx.config import WxConfig
    from simulator.wx.network import ChunkSlicing

# `simulator.wx` is imported only when a runtime is configured: the window reads its settings
# before its first paint, and the whole runtime costs ~0.1 s to import. These defaults are
# `WxConfig()`'s and `ChunkSlicing()`'s (tests/session checks they stay equal).
RUNTIME_DEFAULT_NETWORK = "none"
_RT = {
    "network_seed": 0,
    "platform": "device",
    "delivery": "device",
    "download_fidelity": "strict",
    "base_library_version": "3.6.5",
    "slice_size": 7,
    "slice_min_size": 1,
    "slice_merge": 0.0,
}
PHONE_PLATFORMS = ("ios", "android")
"""Phone profiles of project mode's JS environment (simulator/project/jsenv.py); for the
runtime both are its `device` (the wx layer does not tell the two phones apart yet)."""
SLICING_MODES = ("off", "fixed", "random")
"""off: network reads are handed on as they come; else `ChunkSlicing.mode`."""


def _opt(default: Any, help: str, *, flag: str | None = None, restarts: bool = False) -> Any:
    """A field with its CLI help (and flag); `restarts`: changing it needs a new backend."""
    meta = {"help": help, "flag": flag, "restarts_backend": restarts}
    return field(default=default, metadata=meta)


@dataclass(frozen=True, slots=True)
class RunSettings:
    """How a run is composed: backend, transport, emulated platform and network, painting."""

    backend_url: str = _opt(
        "", "Backend base URL (empty: the embedded stub).", flag="--backend", restarts=True
    )
    backend_kind: str = _opt(
        BACKEND_KINDS[0].name, "How the URL's endpoints are laid out.", restarts=True
    )
    token: str = _opt("", "Bearer token for the backend.", restarts=True)
    model: str = _opt("gpt-4o-mini", "Model name (OpenAI-compatible backends).", restarts=True)
    paths: str = _opt(
        "", "Endpoint path overrides, e.g. 'ws=/ws/chat, download=/x'.", restarts=True
    )
    profile_file: str = _opt(
        "",
        "Backend profile file from `probe --save` (wins over the URL's backend kind).",
        flag="--profile",
        restarts=True,
    )
    replay: str = _opt(
        "", "A cassette (JSONL) the embedded stub replays instead of its fake LLM.", restarts=True
    )
    transport: str = _opt(TRANSPORTS[0].name, "Transport of a single run.")
    network: str = _opt(RUNTIME_DEFAULT_NETWORK, "Network throttling profile.")
    network_seed: int = _opt(_RT["network_seed"], "Seed of slicing, jitter and loss.")
    platform: str = _opt(
        _RT["platform"], "Emulated client: device (= ios), ios, android, devtools or pc."
    )
    delivery: str = _opt(
        _RT["delivery"], "Chunk delivery on a phone: device (merged and split) or ideal."
    )
    slicing: str = _opt(SLICING_MODES[0], "Re-cut received bytes: off, fixed or random.")
    slice_size: int = _opt(_RT["slice_size"], "Slicing: piece size (random: largest).")
    slice_min_size: int = _opt(_RT["slice_min_size"], "Random slicing: smallest piece.")
    slice_merge: float = _opt(_RT["slice_merge"], "Slicing: P(a read's tail waits).")
    download_fidelity: str = _opt(_RT["download_fidelity"], "downloadFile fidelity.")
    base_library_version: str = _opt(_RT["base_library_version"], "Base library version.")
    typewriter_policy: str = _opt(Policy.ADAPTIVE.value, "Typewriter pacing policy.")
    typewriter_cps: float = _opt(60.0, "Typewriter chars/s.", flag="--cps")
    scenario: str = _opt("", "Stub scenario spec sent with every message.")
    first_text_s: float = _opt(
        FIRST_TEXT_S, "auto: leave a tier that shows no text within this (s)."
    )
    request_timeout_ms: int = _opt(60_000, "Timeout of each whole HTTP call (ms).")
    run_budget_mb: int = _opt(
        64,
        "Memory budget of one run (MiB). A run holds its reply twice, so the reply may be"
        " half of it, checked before buffering on every transport; over it the run fails"
        " and keeps its text.",
    )
    run_timeout_s: float = _opt(120.0, "Headless runs are stopped after this (s).")

    FILE_TABLE: ClassVar[str] = "run"
    """The TOML table the settings live in."""

    def with_changes(self, **changes: object) -> Self:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    # -- derived ---------------------------------------------------------------------------
    @property
    def policy(self) -> Policy:
        return Policy(self.typewriter_policy)

    def chunk_slicing(self) -> ChunkSlicing | None:
        from simulator.wx.network import ChunkSlicing

        if self.slicing == SLICING_MODES[0]:
            return None
        mode: typing.Literal["fixed", "random"] = "random" if self.slicing == "random" else "fixed"
        return ChunkSlicing(mode, self.slice_size, self.slice_min_size, self.slice_merge)

    def wx_config(self) -> WxConfig:
        """The emulated runtime these settings describe (call `check` first)."""
        from simulator.wx.config import (
            MAX_DOWNLOAD_BYTES,
            MAX_SOCKET_MESSAGE_BYTES,
            Delivery,
            DownloadFidelity,
            Platform,
            WxConfig,
            reply_limit,
        )
        from simulator.wx.network import NETWORK_PROFILES

        fidelity: DownloadFidelity = "lenient" if self.download_fidelity == "lenient" else "strict"
        budget = self.run_budget_mb << 20
        limit = reply_limit(budget)
        return WxConfig(
            run_budget_bytes=budget,
            max_response_bytes=limit,
            max_download_bytes=min(limit, MAX_DOWNLOAD_BYTES),
            max_socket_message_bytes=min(limit, MAX_SOCKET_MESSAGE_BYTES),
            network=NETWORK_PROFILES[self.network],
            slicing=self.chunk_slicing(),
            seed=self.network_seed,
            base_library_version=self.base_library_version,
            download_fidelity=fidelity,
            platform=typing.cast(Platform, _runtime_platform(self.platform)),
            delivery=typing.cast(Delivery, self.delivery),
        )

    def backend_differs(self, other: RunSettings) -> bool:
        """A field that needs a new backend differs between `self` and `other`."""
        return any(
            getattr(self, f.name) != getattr(other, f.name)
            for f in dataclasses.fields(RunSettings)
            if f.metadata.get("restarts_backend")
        )

    # -- validation ------------------------------------------------------------------------
    def problems(self) -> list[SettingsProblem]:
        """Every bad field with a message; empty when the settings can compose a run."""
        found: list[SettingsProblem] = []
        for name, check in _CHECKS.items():
            message = check(getattr(self, name), self)
            if message is not None:
                found.append(SettingsProblem(name, message))
        return found

    def check(self) -> Self:
        """`self` when valid.

        Raises:
            SettingsError: one problem per bad field.
        """
        found = self.problems()
        if found:
            raise SettingsError(found)
        return self

    # -- files -----------------------------------------------------------------------------
    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Self:
        """Settings from plain values (a TOML table); unknown keys and wrong types are problems.

        Raises:
            SettingsError: unknown keys, wrong types, or bad values.
        """
        fields = {f.name: f for f in dataclasses.fields(cls)}
        hints = typing.get_type_hints(cls)
        found: list[SettingsProblem] = []
        clean: dict[str, Any] = {}
        for key, value in values.items():
            if key not in fields:
                found.append(SettingsProblem(key, "unknown setting"))
                continue
            want = hints[key]
            if want is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, want) or (want is int and isinstance(value, bool)):
                found.append(SettingsProblem(key, f"expected {want.__name__}, got {value!r}"))
                continue
            if key == "backend_url":  # the file may say "embedded", as the flag does
                value = value if value.strip() != EMBEDDED else ""
            clean[key] = value
        if found:
            raise SettingsError(found)
        return cls(**clean).check()

    @classmethod
    def load(cls, path: Path) -> Self:
        """Read `[run]` from a TOML file.

        Raises:
            SettingsError: the file is not TOML, or a field is bad.
            OSError: the file cannot be read.
        """
        import tomllib  # here: the window reads settings (QSettings) before its first paint

        try:
            body = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError([SettingsProblem(str(path), f"not TOML: {exc}")]) from exc
        table = body.get(cls.FILE_TABLE, {})
        if not isinstance(table, dict):
            raise SettingsError([SettingsProblem(cls.FILE_TABLE, "expected a table")])
        return cls.from_mapping(table)

    def to_mapping(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def save(self, path: Path) -> None:
        """Write these settings as `[run]` in a TOML file (replacing it)."""
        import tomli_w

        path.write_text(tomli_w.dumps({self.FILE_TABLE: self.to_mapping()}), encoding="utf-8")


@dataclass(frozen=True, slots=True)
class SettingsProblem:
    """One bad field and what is wrong with it."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class SettingsError(ValueError):
    """Settings that cannot compose a run; `problems` has one entry per bad field."""

    def __init__(self, problems: Iterable[SettingsProblem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


Check = Callable[[Any, RunSettings], str | None]


def _one_of(choices: Callable[[], Iterable[str]]) -> Check:
    def check(value: Any, _: RunSettings) -> str | None:
        known = list(choices())
        return None if value in known else f"{value!r} is not one of {', '.join(known)}"

    return check


def _at_least(low: float, *, strict: bool = False) -> Check:
    def check(value: Any, _: RunSettings) -> str | None:
        ok = value > low if strict else value >= low
        return None if ok else f"must be {'above' if strict else 'at least'} {low:g}, got {value}"

    return check


def _url(value: Any, _: RunSettings) -> str | None:
    try:
        parsed = parse_backend(str(value))
    except ValueError as exc:
        return str(exc)
    return None if parsed or not str(value).strip() else "the embedded stub is an empty URL here"


def _version(value: Any, _: RunSettings) -> str | None:
    parts = str(value).split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return f"expected a version like 3.6.5, got {value!r}"
    return None


def _min_size(value: Any, s: RunSettings) -> str | None:
    if value < 1 or value > s.slice_size:
        return f"must be between 1 and slice_size ({s.slice_size}), got {value}"
    return None


def _probability(value: Any, _: RunSettings) -> str | None:
    return None if 0.0 <= value <= 1.0 else f"must be within 0..1, got {value}"


def _paths(value: Any, _: RunSettings) -> str | None:
    from simulator.session.backend import apply_paths  # the one parser of the overrides

    try:
        apply_paths(BACKEND_KINDS[0].build("http://x", None), str(value))
    except ValueError as exc:
        return str(exc)
    return None


def _readable_file(value: Any, _: RunSettings) -> str | None:
    """Empty (unused) or a file that exists: a typo is named here, not as a crash later."""
    if not value:
        return None
    from pathlib import Path

    return None if Path(str(value)).is_file() else f"no such file: {value}"


def _runtime_platform(name: str) -> str:
    return "device" if name in PHONE_PLATFORMS else name


def _wx_choices(name: str) -> tuple[str, ...]:
    """The runtime's own sets: its network-profile table and its config's literals."""
    from simulator.wx.config import Delivery, DownloadFidelity, Platform
    from simulator.wx.network import NETWORK_PROFILES

    sets = {
        "network": tuple(NETWORK_PROFILES),
        "platform": (*typing.get_args(Platform), *PHONE_PLATFORMS),
        "delivery": typing.get_args(Delivery),
        "download_fidelity": typing.get_args(DownloadFidelity),
    }
    return sets[name]


CHOICES: dict[str, Callable[[], Iterable[str]]] = {
    "backend_kind": lambda: BACKEND_KIND_BY_NAME,
    "transport": lambda: TRANSPORT_BY_NAME,
    "network": lambda: _wx_choices("network"),
    "platform": lambda: _wx_choices("platform"),
    "delivery": lambda: _wx_choices("delivery"),
    "slicing": lambda: SLICING_MODES,
    "download_fidelity": lambda: _wx_choices("download_fidelity"),
    "typewriter_policy": lambda: [p.value for p in Policy],
}
"""Fields whose value is one of a set, and where that set lives (its table)."""

_CHECKS: dict[str, Check] = {
    **{name: _one_of(values) for name, values in CHOICES.items()},
    "backend_url": _url,
    "paths": _paths,
    "profile_file": _readable_file,
    "replay": _readable_file,
    "slice_size": _at_least(1),
    "slice_min_size": _min_size,
    "slice_merge": _probability,
    "base_library_version": _version,
    "typewriter_cps": _at_least(0, strict=True),
    "first_text_s": _at_least(0, strict=True),
    "request_timeout_ms": _at_least(1),
    "run_budget_mb": _at_least(1),
    "run_timeout_s": _at_least(0, strict=True),
}
"""One check per field that can be wrong; a field without one takes any value of its type."""


def choices_of(name: str) -> tuple[str, ...] | None:
    """The allowed values of a choice field (for the CLI and the dialog), else None."""
    values = CHOICES.get(name)
    return tuple(values()) if values is not None else None
