"""The first use of a backend URL: its own profile, probed once (with progress) and cached.

A run against a URL is never composed from a profile it does not fit: the stub's contract is
assumed only for our stub (one GET says so), another address's profile only with a warning,
and otherwise the window probes the URL first and shows what it found. Cancelling keeps the
hand-picked backend kind, and a toast says so: a visible choice, not a silent default.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from simulator.probe.probe import is_our_stub
from simulator.transports.backend import STUB_KIND
from simulator.ui.dialogs.probe_dialog import ProbeDialog, cached_profile, profile_fits
from simulator.ui.kit.settings import UiSettings
from simulator.ui.shell.parts import AppParts


async def ensure_profile(parts: AppParts) -> ProbeDialog | None:
    """Before the first run on `settings.backend_url`: use the profile cached for it, or open
    the probe dialog (returned, open) when the URL is not our stub and no fitting profile is
    set. None when nothing had to be asked."""
    window = parts.window
    settings: UiSettings = window.settings
    url = settings.backend_url.strip().rstrip("/")
    if not url or profile_fits(settings.profile_file, url):
        return None
    cached = cached_profile(url)
    if cached is not None:
        said = QCoreApplication.translate("FirstUse", "Using the profile probed earlier for {0}")
        window.on_error_occurred(said.format(url))
        window.settings_changed.emit(settings.with_changes(profile_file=cached))
        return None
    stub_kind = settings.backend_kind == STUB_KIND.name and not settings.profile_file
    if stub_kind and await is_our_stub(url):
        return None  # our stub speaks the stub's contract: nothing to find out
    dialog = ProbeDialog(url, settings.token, window)

    def closed(result: int) -> None:
        if result == ProbeDialog.DialogCode.Accepted and dialog.profile_file:
            window.settings_changed.emit(
                window.settings.with_changes(profile_file=dialog.profile_file)
            )
            return
        kind = window.settings.backend_kind
        said = QCoreApplication.translate(
            "FirstUse", "{0} not probed: runs assume the “{1}” contract (Settings → Backend)"
        )
        window.on_error_occurred(said.format(url, kind))
        if window.settings.profile_file:  # another address's profile: not for this URL
            window.settings_changed.emit(window.settings.with_changes(profile_file=""))

    dialog.finished.connect(closed)
    window.first_use_probe = dialog
    dialog.open()
    dialog.start()
    return dialog
