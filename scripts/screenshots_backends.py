"""Screenshots of the window on backends it did not write: probing a Spring-style backend, and a
run flagged buffered behind nginx (Content-Length upstream, nginx's default proxy buffering).

Run under a virtual display (nginx from apt):
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/screenshots_backends.py
Writes docs/screenshots/{probe_spring,buffered_nginx}.png.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import qasync

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import simulator.ui.dialogs.probe_dialog  # noqa: E402
from scripts.screenshots import save, send, wait_for  # noqa: E402
from simulator.probe import probe_backend, save_profile  # noqa: E402
from simulator.ui.kit.settings import UiSettings  # noqa: E402
from simulator.ui.shell.app import build_app, make_application, shutdown  # noqa: E402
from tests.doubles.nginx import Nginx  # noqa: E402
from tests.doubles.serve import ThreadServer  # noqa: E402
from tests.doubles.spring_double import SpringConfig, create_app  # noqa: E402


async def main(workdir: Path) -> None:
    simulator.ui.dialogs.probe_dialog.profiles_dir = lambda: workdir  # type: ignore[assignment]
    spring = ThreadServer(create_app(SpringConfig(chunk_delay_s=0.08))).start()
    upstream = ThreadServer(
        create_app(SpringConfig(lenient=True, content_length=True, chunk_delay_s=0.08))
    ).start()
    proxy = Nginx(upstream.port).start()
    parts = build_app(UiSettings(language="en", typewriter_cps=60), remember=False)
    window = parts.window
    try:
        window.resize(1560, 960)
        window.show()
        window.on_settings_clicked()
        dialog = window.settings_dialog
        assert dialog is not None
        dialog.backend_url.setText(spring.base_url)
        dialog.accept()  # a new URL: probed before it is used
        probe = dialog.probe_dialog
        assert probe is not None
        await wait_for(probe.use_button.isEnabled, timeout=60)
        await save(parts, "probe_spring", probe)
        probe.use_button.click()

        report = await probe_backend(proxy.base_url)
        path = workdir / "nginx.json"
        save_profile(report.profile, path)
        settings = window.settings.with_changes(profile_file=str(path), backend_url=proxy.base_url)
        window.settings_changed.emit(settings)
        window.set_backend_text(f"{proxy.base_url} (nginx → Content-Length upstream)")
        window.transport_box.setCurrentText("chunked")
        send(parts, "nginx 会缓冲这个回复吗？")
        bubble = window.phone.chat.bubbles[-1]
        await wait_for(lambda: bubble.run.ended and not bubble.painting, timeout=60)
        await save(parts, "buffered_nginx")
    finally:
        await shutdown(parts)
        proxy.stop()
        upstream.stop()
        spring.stop()


if __name__ == "__main__":
    app = make_application()
    with (
        tempfile.TemporaryDirectory() as tmp,
        asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner,
    ):
        runner.run(main(Path(tmp)))
