"""The extensible sets, each one table (re-exported here so callers need one import).

- transports: `simulator.transports.registry.TRANSPORTS`
- backend kinds: `simulator.transports.backend.BACKEND_KINDS`
- network profiles: `simulator.wx.network.NETWORK_PROFILES`
- bench columns: `simulator.bench.columns` (the bench's own, above the session)

Each table lives at the lowest layer that needs it; `tests/test_registries.py` fails when one
of their names is spelled out anywhere else in the code.
"""

from simulator.transports.backend import BACKEND_KIND_BY_NAME, BACKEND_KINDS, BackendKind
from simulator.transports.registry import (
    TRANSPORT_BY_NAME,
    TRANSPORTS,
    TransportSpec,
    auto_tiers,
    bench_names,
    picker_names,
    race_names,
    transport_spec,
    uses_fast_typewriter,
)
from simulator.wx.network import NETWORK_PROFILES

__all__ = [
    "BACKEND_KINDS",
    "BACKEND_KIND_BY_NAME",
    "NETWORK_PROFILES",
    "TRANSPORTS",
    "TRANSPORT_BY_NAME",
    "BackendKind",
    "TransportSpec",
    "auto_tiers",
    "bench_names",
    "picker_names",
    "race_names",
    "transport_spec",
    "uses_fast_typewriter",
]
