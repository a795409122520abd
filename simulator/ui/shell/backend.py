"""The window's backend is a `Session` (embedded stub or URL, one wx runtime per lane, trace)."""

from simulator.session.backend import apply_paths
from simulator.session.session import Session as Backend
from simulator.session.session import WxEventSink

__all__ = ["Backend", "WxEventSink", "apply_paths"]
