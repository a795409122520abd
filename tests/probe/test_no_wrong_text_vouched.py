"""Property: over generated wire shapes and cut points, no run with wrong text is exact or
consistent.

A generated shape is written by the shape double's own encoders (`tests/doubles/shapes.py`);
each of three "transports" reads that wire through the real parsers (`make_parser`,
`parse_socket_frame`) with either the profile the probe would build or the seed's assumption
(plain text / raw frames), and ends its run by the transports' own end rules: a body or a
socket cut mid-reply is a failure (the network says so), a framed stream without its end event
fails unless the profile says it ends by closing. The runs are then judged as the bench judges
them (`judge`, with or without an oracle, then `compare_across` on a deterministic backend).

Not generated: a backend that closes cleanly before its reply is over on a shape whose only
end is the close — indistinguishable from a short reply, it is caught only by an oracle or by
another transport receiving more (`compare_across`'s cut-short rule).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.transports.events import ChunkReceived, MessageSent, ReplyCompleted, RunEvent
from simulator.transports.events import RunFailed as Failed
from simulator.transports.framing import make_parser, parse_socket_frame
from simulator.verdict import Verdict, compare_across, judge
from tests.doubles.shapes import (
    WS_FRAMES,
    Shape,
    body_writes,
    expected_profile,
    pieces,
    reply_text,
    ws_frames,
)

MESSAGES = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12
)
SHAPES = st.builds(
    Shape,
    name=st.just("generated"),
    body=st.sampled_from(["text", "sse"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    comments=st.booleans(),
    fields=st.booleans(),
    sse_data=st.sampled_from(["plain", "json-text", "json-content", "json-delta", "openai"]),
    sse_end=st.sampled_from(["marker", "close"]),
    frames=st.sampled_from(sorted(WS_FRAMES)),
    ws_end=st.sampled_from(["marker", "close"]),
    piece_chars=st.integers(1, 9),
)


def http_run(shape: Shape, message: str, cut: int | None, framing: str, end: str) -> list[RunEvent]:
    """A chunked/download run of the body cut after `cut` bytes (None: whole), as read with
    `framing`; a cut body is a dropped connection."""
    body = b"".join(body_writes(shape, message))
    events: list[RunEvent] = [MessageSent(0.0, "http", message)]
    parser = make_parser(framing)
    data = body if cut is None else body[:cut]
    got = parser.feed(data) + ([] if cut is not None else parser.close())
    text = "".join(p.text for p in got)
    if text:
        events.append(ChunkReceived(0.1, text, len(data)))
    done = any(p.done for p in got)
    if cut is not None and cut < len(body) and not done:
        events.append(Failed(0.2, "connection cut mid-body", text))
    elif any(p.error for p in got):
        events.append(Failed(0.2, "stream error", text))
    elif framing != "text" and end != "close" and not done:
        events.append(Failed(0.2, "stream ended before its end-of-reply event", text))
    else:
        events.append(ReplyCompleted(0.3, text))
    return events


def socket_run(
    shape: Shape, message: str, cut: int | None, framing: str, json_shape: str | None, binary: bool
) -> list[RunEvent]:
    """A websocket run over the frames, the connection cut (no close frame) after `cut`."""
    frames = ws_frames(shape, message)
    sent = frames if cut is None else frames[:cut]
    events: list[RunEvent] = [MessageSent(0.0, "ws", message)]
    text = ""
    done = False
    for frame in sent:
        data: str | bytes = frame.encode() if shape.frames == "binary" else frame
        parsed = parse_socket_frame(framing, data, json_shape=json_shape, binary_text=binary)
        if parsed.kind == "chunk" and parsed.text:
            text += parsed.text
            events.append(ChunkReceived(0.1, parsed.text, len(frame.encode())))
        if parsed.kind == "done":
            done = True
            break
    closed = cut is None and shape.ws_end == "close"
    if done or (closed and text):
        events.append(ReplyCompleted(0.3, text))
    else:
        events.append(Failed(0.2, "dropped (1006)", text))
    return events


@settings(max_examples=300, deadline=None)
@given(
    shape=SHAPES,
    message=MESSAGES,
    cuts=st.lists(st.one_of(st.none(), st.integers(0, 4000)), min_size=3, max_size=3),
    probed=st.lists(st.booleans(), min_size=3, max_size=3),
    oracle=st.booleans(),
)
def test_no_run_with_wrong_text_is_exact_or_consistent(
    shape: Shape, message: str, cuts: list[int | None], probed: list[bool], oracle: bool
) -> None:
    right = reply_text(message)
    profile = expected_profile(shape)
    runs: list[list[RunEvent]] = []
    names = ("chunked", "download", "websocket")
    for name, cut, knows in zip(names, cuts, probed, strict=True):
        if name == "websocket":
            count = len(pieces(shape, message)) + 1
            frame_cut = None if cut is None else cut % (count + 1)
            if knows:
                runs.append(
                    socket_run(shape, message, frame_cut, profile["ws_framing"],
                               profile["ws_json"], profile["ws_binary_text"])
                )  # fmt: skip
            else:
                runs.append(socket_run(shape, message, frame_cut, "raw", None, False))
        elif knows:
            runs.append(
                http_run(shape, message, cut, profile["stream_framing"], profile["stream_end"])
            )
        else:
            runs.append(http_run(shape, message, cut, "text", "marker"))
    verdicts: list[Verdict] = [judge(events, right if oracle else None) for events in runs]
    texts = [next((e.text for e in r if isinstance(e, ReplyCompleted)), None) for r in runs]
    if not oracle:
        verdicts = compare_across(texts, verdicts, names)
    for text, verdict in zip(texts, verdicts, strict=True):
        if verdict.vouched:
            assert text == right, (verdict, text, right)
