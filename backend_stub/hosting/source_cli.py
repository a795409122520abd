"""CLI options that choose the reply source (`--upstream`, `--replay`) and `--record`.

Kept apart from `__main__` so `StubProcess` builds the same flags from a `StubConfig`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from backend_stub.config import StubConfig
from backend_stub.replies.cassette import CassetteError, read_cassette
from backend_stub.replies.replay import FALLBACKS, ReplayConfig, Replayer
from backend_stub.replies.upstream import UpstreamConfig

F = TypeVar("F", bound=Callable[..., Any])

TOKEN_ENV = "STUB_UPSTREAM_TOKEN"
CONTROL_TOKEN_ENV = "STUB_CONTROL_TOKEN"

_OPTIONS = [
    click.option("--upstream", default=None, metavar="URL",
                 help="Forward chats to this OpenAI-compatible LLM (base URL, e.g. .../v1)."),
    click.option("--upstream-model", default=UpstreamConfig.model, show_default=True),
    click.option("--upstream-token", default=None, envvar=TOKEN_ENV,
                 help=f"Bearer token of the upstream (or {TOKEN_ENV}); never logged."),
    click.option("--upstream-timeout", default=UpstreamConfig.read_timeout_s, type=float,
                 show_default=True, help="Longest silence of the upstream, seconds."),
    click.option("--record", default=None, metavar="FILE",
                 help="Append every reply to this cassette (JSONL)."),
    click.option("--replay", default=None, metavar="FILE",
                 help="Serve the recorded replies of this cassette."),
    click.option("--replay-speed", default=1.0, type=click.FloatRange(min=0.001),
                 show_default=True, help="Replay timing scale (2 = twice as fast)."),
    click.option("--replay-fallback", type=click.Choice(FALLBACKS), default="order",
                 show_default=True, help="A prompt with no exact recording gets: the next "
                 "recording in file order, the closest prompt's, or 404 no_recording."),
    click.option("--replay-timing", default=None, metavar="FILE",
                 help="Replay with the timing of this other cassette."),
]  # fmt: skip


def source_options(command: F) -> F:
    """Add the source options to a click command."""
    for option in reversed(_OPTIONS):
        command = option(command)
    return command


def source_fields(
    upstream: str | None,
    upstream_model: str,
    upstream_token: str | None,
    upstream_timeout: float,
    record: str | None,
    replay: str | None,
    replay_speed: float,
    replay_fallback: str,
    replay_timing: str | None,
) -> dict[str, Any]:
    """`StubConfig` keyword arguments from the options (checked: a bad cassette fails here)."""
    if upstream and replay:
        raise click.UsageError("--upstream and --replay exclude each other")
    fields: dict[str, Any] = {"record": record}
    if record and os.path.exists(record) and os.path.getsize(record):
        try:
            read_cassette(record)  # appending to it must not mix formats
        except (OSError, CassetteError, UnicodeDecodeError) as exc:
            raise click.BadParameter(str(exc), param_hint="--record") from None
    if upstream:
        fields["upstream"] = UpstreamConfig(
            url=upstream,
            model=upstream_model,
            token=upstream_token or None,
            read_timeout_s=upstream_timeout,
        )
    if replay:
        config = ReplayConfig(
            path=replay,
            speed=replay_speed,
            fallback=replay_fallback,  # type: ignore[arg-type]  # click.Choice checked it
            timing=replay_timing,
        )
        try:
            Replayer(config)
        except (OSError, CassetteError, ValueError) as exc:
            raise click.BadParameter(str(exc), param_hint="--replay") from None
        fields["replay"] = config
    return fields


def source_args(config: StubConfig) -> tuple[list[str], dict[str, str]]:
    """Command-line flags and environment (the token) that give a child stub `config`'s source."""
    args: list[str] = []
    env: dict[str, str] = {}
    if config.upstream is not None:
        up = config.upstream
        args += ["--upstream", up.url, "--upstream-model", up.model,
                 "--upstream-timeout", repr(up.read_timeout_s)]  # fmt: skip
        if up.token:
            env[TOKEN_ENV] = up.token  # not on the command line, where `ps` shows it
    if config.replay is not None:
        rp = config.replay
        args += ["--replay", os.fspath(rp.path), "--replay-speed", repr(rp.speed),
                 "--replay-fallback", rp.fallback]  # fmt: skip
        if rp.timing is not None:
            args += ["--replay-timing", os.fspath(rp.timing)]
    if config.record is not None:
        args += ["--record", config.record]
    return args, env
