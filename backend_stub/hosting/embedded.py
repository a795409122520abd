"""`EmbeddedStub`: the stub app in a background `ServerThread`, for the simulator and tests."""

from __future__ import annotations

import dataclasses
import secrets

import httpx

from backend_stub.app import create_app
from backend_stub.config import StubConfig
from backend_stub.guards.access import is_loopback
from backend_stub.hosting.isolated import StubProcess
from backend_stub.hosting.protocol import uvicorn_options
from backend_stub.hosting.server_thread import ServerThread, StartedByWith
from backend_stub.scenario import Scenario
from backend_stub.state import StubState, parse_scenario


class EmbeddedStub(StartedByWith):
    """The stub on loopback in its own thread and loop, or (`isolate=True`) its own process.

    In a thread it shares the host's GIL: a host thread busy in Python can hold an emission
    back by the interpreter's switch interval (5 ms) or more; the emission stamps stay true,
    but the schedule slips. `isolate=True` runs `python -m backend_stub` as a child process
    instead (start-up ~0.5 s), which nothing in the host can delay.

    >>> with EmbeddedStub(StubConfig(scenario="ttft_ms=0,tps=1000")).start() as stub:
    ...     url = stub.base_url + "/api/chat/send"
    """

    def __init__(self, config: StubConfig | None = None, *, isolate: bool = False):
        config = config or StubConfig()
        if config.control_token is None:
            # Known here before the stub starts, so a child process gets the same one.
            token = config.token or secrets.token_urlsafe(24)
            config = dataclasses.replace(config, control_token=token)
        self.config = config
        self.isolate = isolate
        self.app = create_app(self.config)
        self._state: StubState = self.app.state.stub
        self._server: ServerThread | StubProcess | None = None

    def start(self, host: str = "127.0.0.1", port: int = 0) -> EmbeddedStub:
        """Serve on `host:port` (0 = a free port) and return once it accepts connections.

        Raises:
            ValueError: `host` is beyond loopback and the config has no token.
        """
        if self._server is not None:
            raise RuntimeError("EmbeddedStub already started")
        if not is_loopback(host) and self.config.token is None:
            raise ValueError(f"binding {host} exposes the stub: give StubConfig(token=...)")
        self._host = host
        if self.isolate:
            scenario = self._state.default_scenario.spec()  # including any set before start
            child = StubProcess(dataclasses.replace(self.config, scenario=scenario))
            child.start(host, port)
            self._server = child
            return self
        server = ServerThread(
            self.app,
            host=host,
            port=port,
            before_shutdown=self._state.end_replies,
            **uvicorn_options(self.config.limits),
        )
        server.start()
        self._server = server
        return self

    @property
    def control_token(self) -> str:
        """The bearer token of the stub's control endpoints (`PUT /api/debug/scenario`):
        nobody else on this machine has it."""
        return self._state.control_token

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("EmbeddedStub is not running")
        return self._server.port

    @property
    def base_url(self) -> str:
        return f"http://{self._url_host}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://{self._url_host}:{self.port}"

    @property
    def _url_host(self) -> str:
        host = self._host
        if host in ("0.0.0.0", ""):
            return "127.0.0.1"
        return f"[{host}]" if ":" in host else host

    def set_default_scenario(self, scenario: Scenario | str) -> None:
        """The scenario every request starts from (requests overlay their own keys).

        Raises:
            backend_stub.errors.StubError: a spec string that does not parse.
        """
        if isinstance(scenario, str):
            scenario = parse_scenario(scenario)
        if isinstance(self._server, StubProcess):
            headers = {"Authorization": f"Bearer {self.control_token}"}
            response = httpx.put(
                self.base_url + "/api/debug/scenario",
                json={"scenario": scenario.spec()},
                headers=headers,
                timeout=10.0,
                trust_env=False,
            )
            response.raise_for_status()
            return
        self._state.check_default(scenario)
        self._state.default_scenario = scenario  # one reference swap: safe across threads

    def stop(self) -> None:
        """Stop serving and join the thread; safe to call twice."""
        if self._server is not None:
            self._server.stop()
            self._server = None

    def _started(self) -> bool:
        return self._server is not None
