"""The stub backend: the seed's chat endpoints over a seeded fake LLM, embedded or standalone."""

from backend_stub.app import create_app
from backend_stub.config import Limits, StubConfig
from backend_stub.errors import StubError
from backend_stub.hosting.embedded import EmbeddedStub
from backend_stub.hosting.server_thread import ServerThread
from backend_stub.replies.cassette import (
    CassetteError,
    CassetteWriter,
    RecordedReply,
    from_arrivals,
    public_url,
    read_cassette,
)
from backend_stub.replies.replay import ReplayConfig
from backend_stub.replies.upstream import UpstreamConfig
from backend_stub.scenario import Scenario, ScenarioError

__all__ = [
    "CassetteError",
    "CassetteWriter",
    "EmbeddedStub",
    "Limits",
    "RecordedReply",
    "ReplayConfig",
    "Scenario",
    "ScenarioError",
    "ServerThread",
    "StubConfig",
    "StubError",
    "UpstreamConfig",
    "create_app",
    "from_arrivals",
    "public_url",
    "read_cassette",
]
