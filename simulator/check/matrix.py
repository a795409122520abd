"""The cells of a check: platform × delivery (seeded, byte-by-byte, ideal) × network, with
the active traps; how each cell configures the emulated runtime; the command replaying it."""

from __future__ import annotations

import shlex
import typing
from dataclasses import dataclass
from typing import Any, Literal

from simulator.page.host import JsEnv
from simulator.project.jsenv import JS_GLOBALS, JS_PLATFORMS, PHONES, env_for
from simulator.wx.config import DEVICE_SLICING
from simulator.wx.network import NETWORK_PROFILES, ChunkSlicing

Delivery = Literal["seeded", "bytes", "ideal"]


@dataclass(frozen=True, slots=True)
class CheckNetwork:
    """A row of the networks a check offers."""

    name: str
    profile: str
    """The wx layer's throttling profile (NETWORK_PROFILES)."""
    seeded: bool
    """Phones get every seed here; else one cell per platform (seed 0)."""
    loss_after_chunks: int | None = None
    """The link dies after this many chunks reached the page (None: it never does)."""
    what: str = ""


_LINKS = [p for p in NETWORK_PROFILES.values() if not p.offline and not p.passthrough]
"""The wx layer's throttled links (its table's order): every seed on the phones."""
_EVERYDAY = next(p for p in _LINKS if not p.unusual)
NETWORKS: tuple[CheckNetwork, ...] = (
    *(CheckNetwork(p.name, p.name, True, what=f"{p.label} (the wx layer's)") for p in _LINKS),
    CheckNetwork(
        "loss", _EVERYDAY.name, False, loss_after_chunks=2,
        what=f"{_EVERYDAY.label}, then the link dies after the page got 2 chunks (iOS: silently)",
    ),
)  # fmt: skip
NETWORK_BY_NAME = {n.name: n for n in NETWORKS}
DEFAULT_NETWORKS = (_EVERYDAY.name, "loss")

BYTE_BY_BYTE = ChunkSlicing("fixed", 1)
BACKGROUND_INTERRUPT_MS = 0
"""The background trap, time-compressed: the platform interrupts after ~5 s in the background
(a check's reply is shorter than that); here the app is hidden after the page got
`HIDE_AFTER_CHUNKS` chunks and the interruption follows at once."""
HIDE_AFTER_CHUNKS = 2
TEXT_CODECS = ("TextDecoder", "TextEncoder")
"""The globals the `no-textdecoder` trap removes on the phones (rows of the JS table)."""


@dataclass(frozen=True, slots=True)
class Cell:
    platform: str
    network: str
    delivery: Delivery
    seed: int
    traps: frozenset[str]

    @property
    def seed_label(self) -> str:
        return {"bytes": "bytes", "ideal": "ideal"}.get(self.delivery, str(self.seed))

    @property
    def name(self) -> str:
        return f"{self.platform} · {self.network} · {self.seed_label}"

    @property
    def silent_loss(self) -> bool:
        return self.platform == "ios" and "ios-silent-loss" in self.traps

    @property
    def loss_after_chunks(self) -> int | None:
        return NETWORK_BY_NAME[self.network].loss_after_chunks

    @property
    def hide_after_chunks(self) -> int | None:
        phone = self.platform in PHONES
        return HIDE_AFTER_CHUNKS if phone and "background-5s" in self.traps else None

    def wx_config(self) -> dict[str, Any]:
        """`WxConfig` fields of this cell (over the run settings' own)."""
        runtime_platform = "device" if self.platform in PHONES else self.platform
        slicing: ChunkSlicing | None = None
        if self.delivery == "bytes":
            slicing = BYTE_BY_BYTE
        elif self.delivery == "seeded":  # the phone's reads, anchored so the seed replays
            slicing = ChunkSlicing(
                DEVICE_SLICING.mode, DEVICE_SLICING.size, DEVICE_SLICING.min_size,
                DEVICE_SLICING.merge, whole_chars="split-utf8" not in self.traps,
                replayable=True,
            )  # fmt: skip
        out: dict[str, Any] = {
            "platform": runtime_platform,
            "delivery": "device" if self.delivery == "seeded" else "ideal",
            "slicing": slicing,
            "seed": self.seed,
            "network": NETWORK_PROFILES[NETWORK_BY_NAME[self.network].profile],
        }
        if "socket-limit-2" in self.traps and self.platform in PHONES:
            out["max_sockets"] = 2
        if "background-5s" in self.traps:
            out["background_interrupt_ms"] = BACKGROUND_INTERRUPT_MS
        return out

    @property
    def promise_timers(self) -> bool:
        return self.platform == "ios" and "ios15-promise-timers" in self.traps

    def js_strict(self) -> tuple[str, ...]:
        """jsenv switches this cell applies."""
        return ("chunkData",) if "chunk-uint8array" in self.traps else ()

    def js_env(self) -> JsEnv:
        """The single-file page's world on this cell's platform (project mode's table)."""
        env = env_for(self.platform, self.js_strict())
        present = set(typing.cast(list[str], env["globals"]))
        if "no-textdecoder" not in self.traps:  # the what-if of a phone that has them
            present |= set(TEXT_CODECS)
        return JsEnv(
            tuple(g.name for g in JS_GLOBALS if g.name not in present),
            str(env["chunkData"]), self.promise_timers,
        )  # fmt: skip

    def replay_args(self) -> list[str]:
        return ["--platform", self.platform, "--seed", self.seed_label, "--network", self.network]


def parse_seed(text: str) -> tuple[Delivery, int]:
    """`--seed` value: a number (seeded delivery), `bytes` or `ideal`.

    Raises:
        ValueError: anything else.
    """
    if text in ("bytes", "ideal"):
        return ("bytes" if text == "bytes" else "ideal"), 0
    if text.isdigit():
        return "seeded", int(text)
    raise ValueError(f"expected a seed number, 'bytes' or 'ideal', got {text!r}")


def build_matrix(
    platforms: tuple[str, ...] = JS_PLATFORMS,
    networks: tuple[str, ...] = DEFAULT_NETWORKS,
    seeds: int = 20,
    traps: frozenset[str] = frozenset(),
    only_seed: str | None = None,
) -> list[Cell]:
    """Every cell: on a phone, `seeds` seeded deliveries (when split reads are on) and the
    byte-by-byte one per seeded network; elsewhere (and for unseeded networks) one cell
    with the platform's own delivery. `only_seed` picks one delivery (a replay).

    Raises:
        ValueError: an unknown platform, network or seed.
    """
    for p in platforms:
        if p not in JS_PLATFORMS:
            raise ValueError(f"unknown platform {p!r}; choose from {', '.join(JS_PLATFORMS)}")
    for n in networks:
        if n not in NETWORK_BY_NAME:
            raise ValueError(f"unknown network {n!r}; choose from {', '.join(NETWORK_BY_NAME)}")
    pick = parse_seed(only_seed) if only_seed is not None else None
    cells: list[Cell] = []
    for platform in platforms:
        phone = platform in PHONES
        for net in networks:
            seeded_net = NETWORK_BY_NAME[net].seeded
            if pick is not None:
                delivery, seed = pick
                cells.append(Cell(platform, net, delivery, seed, traps))
                continue
            if not phone:
                cells.append(Cell(platform, net, "ideal", 0, traps))
                continue
            if "split-reads" not in traps:
                cells.append(Cell(platform, net, "ideal", 0, traps))
            elif not seeded_net:
                cells.append(Cell(platform, net, "seeded", 0, traps))
            else:
                cells.extend(Cell(platform, net, "seeded", s, traps) for s in range(seeds))
            if seeded_net and "byte-by-byte" in traps:
                cells.append(Cell(platform, net, "bytes", 0, traps))
    return cells


def replay_command(base: list[str], cell: Cell) -> str:
    """The one command that runs `cell` alone (`base`: the check command without the
    matrix's own options)."""
    return shlex.join([*base, *cell.replay_args()])
