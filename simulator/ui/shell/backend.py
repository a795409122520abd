"""The window's backend is a `Session` (embedded stub or URL, one wx runtime per lane, trace,
the flow records the network panel views)."""

from simulator.session.backend import apply_paths
from simulator.session.session import Session as Backend

__all__ = ["Backend", "apply_paths"]
