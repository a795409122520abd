"""The stub backend: the seed's chat endpoints over a seeded fake LLM, embedded or standalone."""

from backend_stub.app import create_app
from backend_stub.config import Limits, StubConfig
from backend_stub.embedded import EmbeddedStub
from backend_stub.errors import StubError
from backend_stub.scenario import Scenario, ScenarioError
from backend_stub.server_thread import ServerThread

__all__ = [
    "EmbeddedStub",
    "Limits",
    "Scenario",
    "ScenarioError",
    "ServerThread",
    "StubConfig",
    "StubError",
    "create_app",
]
