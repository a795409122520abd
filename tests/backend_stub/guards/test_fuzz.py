"""Fuzzing every input surface with hypothesis: the answer is a reply or a JSON 4xx, never 5xx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosedError
from websockets.sync.client import connect

from backend_stub import EmbeddedStub, StubConfig
from tests.helpers.timing import seconds


@pytest.fixture(scope="module")
def fuzz_stub() -> Iterator[EmbeddedStub]:
    """A private stub whose default replies are short and fast, so valid inputs finish quickly."""
    with EmbeddedStub(StubConfig(scenario="ttft_ms=0,tps=20000,jitter_ms=0,length=40")) as server:
        yield server


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
chat_fields = st.fixed_dictionaries(
    {},
    optional={
        "message": st.text(max_size=40) | json_values,
        "userId": st.text(max_size=20) | json_values,
        "scenario": st.sampled_from(
            ["", "tps=500", "bogus", "drop_after=1", "status=418", "length=5"]
        )
        | st.text(max_size=20),
        "type": st.sampled_from(["message", "resume", "x"]),
        "replyId": st.text(max_size=10),
        "fromSeq": st.integers(-3, 10**12) | st.text(max_size=3),
    },
)
bodies = (
    chat_fields.map(lambda d: json.dumps(d).encode())
    | json_values.map(lambda v: json.dumps(v).encode())
    | st.binary(max_size=60)
)
query_values = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)
queries = st.dictionaries(
    st.sampled_from(["message", "userId", "sessionId", "cursor", "wait_ms", "scenario", "framing"]),
    query_values,
    max_size=4,
)
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _check(response: httpx.Response) -> None:
    assert response.status_code < 500 or response.headers.get("content-type", "").startswith(
        "application/json"
    ), response.text
    if response.status_code >= 400:
        body: Any = response.json()
        assert body["error"]["message"] if "success" not in body else body["success"] is False
    # 5xx only as a scenario status, never as a crash
    if response.status_code >= 500:
        assert response.json()["error"]["code"] == "scenario_status"


@pytest.mark.parametrize(
    "path",
    [
        "/api/chat/send",
        "/api/chat/stream",
        "/api/chat/sse",
        "/api/chat/miniapp-stream",
        "/v1/chat/completions",
    ],
)
@FUZZ
@given(body=bodies, query=queries)
def test_post_endpoints_survive_any_body(
    fuzz_stub: EmbeddedStub, path: str, body: bytes, query: dict[str, str]
) -> None:
    params = query
    with httpx.Client(base_url=fuzz_stub.base_url, timeout=seconds(10)) as http:
        with http.stream(
            "POST", path, content=body, params=params, headers={"content-type": "application/json"}
        ) as response:
            try:
                response.read()
            except httpx.RemoteProtocolError:
                assert "drop_after" in params.get("scenario", "") + body.decode("utf-8", "replace")
                return
        _check(response)


@FUZZ
@given(query=queries)
def test_get_endpoints_survive_any_query(fuzz_stub: EmbeddedStub, query: dict[str, str]) -> None:
    with httpx.Client(base_url=fuzz_stub.base_url, timeout=seconds(10)) as http:
        for path in ("/api/chat/poll", "/api/chat/miniapp-stream", "/api/chat/sse"):
            params = query
            try:
                response = http.get(path, params=params)
            except httpx.RemoteProtocolError:
                assert "drop_after" in params.get("scenario", "")
                continue
            _check(response)


@FUZZ
@given(frames=st.lists(bodies, min_size=1, max_size=5))
def test_socket_answers_every_frame_and_stays_usable(
    fuzz_stub: EmbeddedStub, frames: list[bytes]
) -> None:
    may_drop = any(b"drop_after" in frame for frame in frames)
    with connect(fuzz_stub.ws_url + "/ws/chat?framing=envelope", open_timeout=seconds(5)) as ws:
        try:
            for frame in frames:
                try:
                    ws.send(frame.decode())
                except UnicodeDecodeError:
                    ws.send(frame)
            # Whatever came before, a valid message still gets its whole reply.
            ws.send(json.dumps({"message": "ping"}))
            last_start = None
            while True:
                reply = json.loads(ws.recv(timeout=seconds(5)))
                if reply["type"] == "start":
                    last_start = reply["replyId"]
                elif reply["type"] == "done" and reply["replyId"] == last_start:
                    break
        except ConnectionClosedError:
            assert may_drop  # only a scripted drop may end the socket
