"""The golden-frames fixture: the bytes on the wire for each wire format and fault.

Made by the stub's own framers and `ScenarioSink` over one fixed reply (fixed id, text and
emission stamps), so client-side parsers can be tested against exactly what the stub sends.
Regenerate after a deliberate wire change:

    python -m backend_stub.wire.golden tests/fixtures/golden_frames/frames.json
"""

from __future__ import annotations

import base64
import itertools
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backend_stub.llm.fake_llm import plan_reply
from backend_stub.replies.inflight import Reply
from backend_stub.scenario import Scenario
from backend_stub.wire.framing import (
    WS_FRAMERS,
    Frame,
    Framer,
    OpenAIFramer,
    PlainFramer,
    SseFramer,
)
from backend_stub.wire.sink import ScenarioSink

VERSION = 1
REPLY_ID = "r" + "0123456789abcdef" * 2
USER_ID = "golden-user"
MESSAGE = "golden"
BASE_SCENARIO = "ttft_ms=0,tps=1000,jitter_ms=0,script=markdown_zh,length=24,seed=7"
"""Short, with CJK (3-byte UTF-8) and markdown, so slicing cuts characters in half."""

# name -> (framer factory, whether bytes frames form one HTTP body, the route it is served on)
FORMATS: dict[str, tuple[Callable[[], Framer], bool, str]] = {
    "plain": (PlainFramer, True, "GET|POST /api/chat/miniapp-stream"),
    "sse": (SseFramer, True, "GET|POST /api/chat/sse"),
    "openai": (lambda: OpenAIFramer("stub", created=0), True, "POST /v1/chat/completions"),
    "ws_raw": (WS_FRAMERS["raw"], False, "WS /ws/chat?framing=raw"),
    "ws_envelope": (WS_FRAMERS["envelope"], False, "WS /ws/chat?framing=envelope"),
}

# case -> (scenario keys laid over BASE_SCENARIO, resume from this seq or None)
CASES: dict[str, tuple[str, int | None]] = {
    "complete": ("", None),
    "error_at": ("error_at=2", None),
    "malformed_at": ("malformed_at=1", None),
    "drop_after": ("drop_after=2", None),
    "drop_after_0": ("drop_after=0", None),
    "slice_bytes": ("slice_bytes=5", None),
    "resume": ("drop_after=2", 2),
}


@dataclass
class _Recorder:
    byte_stream: bool
    frames: list[Frame] = field(default_factory=list)
    end: str = "open"

    def write(self, frame: Frame) -> None:
        self.frames.append(frame)

    def drop(self) -> None:
        self.end = "drop"

    def finish(self) -> None:
        self.end = "end"


def _encode(frame: Frame) -> dict[str, str]:
    if isinstance(frame, str):
        return {"type": "text", "text": frame}
    return {"type": "bytes", "base64": base64.b64encode(frame).decode()}


def _reply(scenario: Scenario) -> Reply:
    ticks = itertools.count()
    plan = plan_reply(MESSAGE, scenario, 0)
    reply = Reply(USER_ID, plan, scenario, 0.0, clock=lambda: 1000.0 + next(ticks) / 1000.0)
    reply.reply_id = REPLY_ID
    return reply


def record(fmt: str, case: str) -> dict[str, Any]:
    """The frames one format writes for one case, and how the connection ends."""
    make_framer, byte_stream, route = FORMATS[fmt]
    extra, resume_from = CASES[case]
    spec = ",".join(part for part in (BASE_SCENARIO, extra) if part)
    scenario = Scenario.parse(spec)
    reply = _reply(scenario)
    recorder = _Recorder(byte_stream)
    if resume_from is None:
        sink = ScenarioSink(recorder, make_framer(), reply)
        sink.open()
        reply.emit_due(float("inf"))
    else:
        reply.emit_due(float("inf"))  # generated while the client was away
        sink = ScenarioSink(recorder, make_framer(), reply, resumed=True, from_seq=resume_from)
        sink.open()
    received = "".join(piece for piece in reply.plan.pieces[: sink.from_seq + sink.written])
    entry: dict[str, Any] = {
        "format": fmt,
        "case": case,
        "route": route,
        "scenario": spec,
        "resumeFrom": resume_from,
        "frames": [_encode(frame) for frame in recorder.frames],
        "end": recorder.end,
        "error": None if reply.error is None else {"code": reply.error[0]},
        "text": received[sum(len(p) for p in reply.plan.pieces[: sink.from_seq]) :],
    }
    if byte_stream:
        body = b"".join(f if isinstance(f, bytes) else f.encode() for f in recorder.frames)
        entry["body"] = base64.b64encode(body).decode()
    return entry


def fixture() -> dict[str, Any]:
    """The whole fixture, as written to `frames.json`."""
    scenario = Scenario.parse(BASE_SCENARIO)
    plan = plan_reply(MESSAGE, scenario, 0)
    return {
        "version": VERSION,
        "generator": "python -m backend_stub.wire.golden tests/fixtures/golden_frames/frames.json",
        "reply": {
            "replyId": REPLY_ID,
            "userId": USER_ID,
            "message": MESSAGE,
            "text": plan.text,
            "pieces": list(plan.pieces),
        },
        "cases": [
            record(fmt, case)
            for fmt in FORMATS
            for case in CASES
            if CASES[case][1] is None or not FORMATS[fmt][1]  # resume is WebSocket-only
        ],
    }


def render() -> str:
    return json.dumps(fixture(), ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/golden_frames/frames.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
