"""Probe a backend with no prior knowledge and save the profile that makes each transport work."""

from simulator.probe.probe import Finding, Paths, ProbeReport, probe_backend
from simulator.session.profile_file import ProfileFileError, load_profile, save_profile

__all__ = [
    "Finding",
    "Paths",
    "ProbeReport",
    "ProfileFileError",
    "load_profile",
    "probe_backend",
    "save_profile",
]
