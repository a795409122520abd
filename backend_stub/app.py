"""`create_app`: the stub's FastAPI application with all endpoints and JSON error handling."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from backend_stub.config import StubConfig
from backend_stub.errors import (
    install_error_handlers,
    quiet_deliberate_drops,
    quiet_lost_peer_writes,
)
from backend_stub.guards.access import ProtectDocs, redact_access_logs
from backend_stub.guards.proxy import ProxyTrust, TrustedProxies
from backend_stub.hosting.protocol import CloseUnreadBodies
from backend_stub.routes import debug as routes_debug
from backend_stub.routes import openai as routes_openai
from backend_stub.routes import poll as routes_poll
from backend_stub.routes import stream as routes_stream
from backend_stub.routes import ws as routes_ws
from backend_stub.state import StubState


def create_app(config: StubConfig | None = None) -> FastAPI:
    """A fresh stub app; its state lives in `app.state.stub` and starts with the lifespan.

    Serve it with uvicorn (lifespan on) or `ServerThread`; it needs the running loop for its
    scheduler, so it cannot serve requests outside a server.
    """
    state = StubState(config or StubConfig())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        quiet_deliberate_drops()
        quiet_lost_peer_writes()
        redact_access_logs()
        state.open()
        try:
            yield
        finally:
            state.close()
            await state.source.aclose()

    app = FastAPI(
        title="wx-stream-sim stub backend",
        summary="The seed's chat endpoints with a seeded fake LLM, scenarios and emission traces.",
        lifespan=lifespan,
    )
    app.state.stub = state
    install_error_handlers(app, on_client_gone=state.note_client_gone)
    for module in (routes_ws, routes_stream, routes_poll, routes_openai, routes_debug):
        app.include_router(module.router)
    app.add_middleware(ProtectDocs, token=state.config.token)
    app.add_middleware(CloseUnreadBodies)
    # Added last, so it runs first: every guard sees the client it names (or the peer).
    app.add_middleware(TrustedProxies, trust=ProxyTrust(state.config.trust_proxy))
    return app
