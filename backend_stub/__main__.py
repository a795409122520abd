"""`python -m backend_stub`: run the stub alone (e.g. for a real mini-program in DevTools)."""

from __future__ import annotations

import dataclasses
import gc
import json
import socket
import sys

import click
import uvicorn

from backend_stub.app import create_app
from backend_stub.config import FRAMINGS, Limits, StubConfig, framing_of
from backend_stub.errors import StubError
from backend_stub.guards.access import bind_policy
from backend_stub.guards.proxy import ProxyTrust
from backend_stub.hosting.protocol import uvicorn_options
from backend_stub.hosting.server_thread import GracefulServer
from backend_stub.hosting.source_cli import CONTROL_TOKEN_ENV, source_fields, source_options
from backend_stub.state import StubState, parse_scenario

COLLECTOR_THRESHOLDS = (400, 2, 3000)
"""`gc.set_threshold` of a stub process (CPython's default: 700, 10, 10); see `main`."""


def _verbosity(ctx: click.Context, _param: click.Parameter, value: int) -> None:
    """`-v` is `--log-level debug` (the simulator's commands take the same flags)."""
    if value:
        ctx.params["log_level"] = "debug"


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="wx-stream-sim", prog_name="wx-stream-stub")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8082, show_default=True, type=click.IntRange(0, 65535))
@click.option("--scenario", default="", help="Default scenario, e.g. 'ttft_ms=800,tps=30'.")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of the fake LLM.")
@click.option("--token", default=None, envvar="STUB_TOKEN", help="Require this bearer token.")
@click.option(
    "--control-token",
    default=None,
    envvar=CONTROL_TOKEN_ENV,
    help="Token of the control endpoints (PUT /api/debug/scenario); default: --token, else "
    "one generated for this run and printed at start.",
)
@click.option(
    "--trust-proxy",
    default="",
    metavar="ADDRS",
    help="Believe Forwarded/X-Forwarded-For only from these peers (comma-separated addresses "
    "or networks, '*' for any); default: from no one, not even loopback.",
)
@click.option(
    "--framing",
    type=click.Choice(FRAMINGS),
    default=FRAMINGS[0],
    show_default=True,
    help="WebSocket framing when the client does not pass ?framing=.",
)
@click.option("--session-ttl", default=Limits.session_ttl_s, show_default=True, type=float)
@click.option("--access-log/--no-access-log", default=True, show_default=True)
@click.option("--limits-json", default=None, hidden=True, help="All `Limits` fields as JSON.")
@click.option(
    "--log-level",
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    default="info",
    show_default=True,
    is_eager=True,
)
@click.option(
    "-v", "--verbose", count=True, expose_value=False, callback=_verbosity, help="Debug log lines."
)
@source_options
def main(
    host: str,
    port: int,
    scenario: str,
    seed: int,
    token: str | None,
    control_token: str | None,
    trust_proxy: str,
    framing: str,
    session_ttl: float,
    access_log: bool,
    limits_json: str | None,
    log_level: str,
    **source: object,
) -> None:
    """Serve the stub backend of the seed's streaming-chat contract."""
    limits = Limits(**json.loads(limits_json)) if limits_json else Limits()
    if session_ttl != Limits.session_ttl_s:
        limits = dataclasses.replace(limits, session_ttl_s=session_ttl)
    try:
        StubState(StubConfig(limits=limits, seed=seed)).check_default(parse_scenario(scenario))
    except StubError as exc:
        raise click.BadParameter(exc.message, param_hint="--scenario") from None
    try:
        trusted = ProxyTrust.parse(trust_proxy)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--trust-proxy") from None
    token, warning = bind_policy(host, token)
    if warning is not None:
        click.echo(warning, err=True)
    config = StubConfig(
        host=host,
        port=port,
        token=token,
        control_token=control_token or None,
        trust_proxy=tuple(item.strip() for item in trust_proxy.split(",") if item.strip()),
        seed=seed,
        scenario=scenario,
        framing=framing_of(framing),
        limits=limits,
        **source_fields(**source),  # type: ignore[arg-type]
    )
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # Say IPPROTO_TCP: asyncio sets TCP_NODELAY only on sockets whose proto says TCP, and
    # without it Nagle + delayed ACK hold each response's second write for ~40 ms.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot bind {host}:{port}: {exc.strerror}") from None
    sock.listen(2048)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    auth = "bearer token" if token else "off"
    click.echo(
        f"backend_stub listening on http://{shown}:{bound} "
        f"(WebSocket ws://{shown}:{bound}/ws/chat); scenario: {scenario or 'defaults'}; "
        f"seed: {seed}; auth: {auth}; Ctrl+C to stop"
    )
    app = create_app(config)
    state: StubState = app.state.stub
    if state.control_token_generated:
        click.echo(
            f"control token: {state.control_token} (PUT /api/debug/scenario wants "
            "Authorization: Bearer <it>; new each run)"
        )
    if trusted:
        click.echo(f"forwarding headers believed from: {trust_proxy}")
    if config.upstream or config.replay or config.record:
        click.echo(
            f"replies from: {app.state.stub.source.describe()}"
            + (f"; recording to {config.record}" if config.record else "")
        )
    sys.stdout.flush()
    server = GracefulServer(
        uvicorn.Config(
            app,
            log_level=log_level,
            access_log=access_log,
            timeout_graceful_shutdown=2,
            **uvicorn_options(limits),
        ),
        before_shutdown=app.state.stub.end_replies,
    )
    # Every pass of the collector pauses every stream. Everything alive now (FastAPI, pydantic,
    # uvicorn: ~10^5 objects) is frozen out of them. Streaming replies churn: objects live as
    # long as a reply and die as fast as new ones come, and CPython counts allocations minus
    # deallocations, so its young passes come late and big (gen-1: 3-7 ms median, 22-27 ms at
    # 400 streams, freeing nothing). Smaller young passes, a middle one every third: 0.8-1 ms
    # median, 4 ms p99. Full passes (80 ms measured with 1,000 sockets open) wait for 3,000
    # middle passes, so a burst of connections cannot set off one after another.
    gc.collect()
    gc.freeze()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
