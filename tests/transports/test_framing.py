"""Reply framings: byte pieces split anywhere (even inside a UTF-8 character) parse the same."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.transports.framing import (
    Piece,
    Utf8Decoder,
    error_message,
    make_parser,
    parse_openai_message,
)

TEXTS = ["你好", "，世界", " hello ", "🙂 done", "代码```py\nx=1\n```"]


def stub_sse() -> bytes:
    frames = [
        {"seq": i, "text": t, "emittedAt": 1.5 + i, "replyId": "r1"} for i, t in enumerate(TEXTS)
    ]
    events = [f"id: {f['seq']}\ndata: {json.dumps(f, ensure_ascii=False)}\n\n" for f in frames]
    return ("".join(events) + "event: done\ndata: [DONE]\n\n").encode()


def openai_sse() -> bytes:
    chunks = [{"id": "c1", "choices": [{"index": 0, "delta": {"role": "assistant"}}]}] + [
        {"id": "c1", "choices": [{"index": 0, "delta": {"content": t}}]} for t in TEXTS
    ]
    body = "".join(f"data: {json.dumps(c, ensure_ascii=False)}\n\n" for c in chunks)
    return (body + "data: [DONE]\n\n").encode()


def ndjson() -> bytes:
    lines = [
        json.dumps({"message": {"content": t}, "done": False}, ensure_ascii=False) for t in TEXTS
    ]
    return ("\n".join(lines) + '\n{"message": {"content": ""}, "done": true}').encode()


BODIES = {
    "text": "".join(TEXTS).encode(),
    "sse": stub_sse(),
    "openai": openai_sse(),
    "ndjson": ndjson(),
}


def parse_in_pieces(framing: str, body: bytes, cuts: list[int]) -> list[Piece]:
    parser = make_parser(framing)
    pieces: list[Piece] = []
    last = 0
    for cut in sorted(set(cuts)):
        pieces += parser.feed(body[last:cut])
        last = cut
    pieces += parser.feed(body[last:])
    return pieces + parser.close()


def text_of(pieces: list[Piece]) -> str:
    return "".join(p.text for p in pieces)


@pytest.mark.parametrize("framing", sorted(BODIES))
def test_one_byte_slicing_gives_the_exact_text(framing: str) -> None:
    body = BODIES[framing]
    pieces = parse_in_pieces(framing, body, list(range(len(body))))
    assert text_of(pieces) == "".join(TEXTS)
    assert "\ufffd" not in text_of(pieces)


@pytest.mark.parametrize("framing", sorted(BODIES))
@given(data=st.data())
def test_any_split_gives_the_same_pieces(framing: str, data: st.DataObject) -> None:
    body = BODIES[framing]
    cuts = data.draw(st.lists(st.integers(0, len(body)), max_size=40))
    whole = [p for p in parse_in_pieces(framing, body, []) if p.text or p.done]
    split = [p for p in parse_in_pieces(framing, body, cuts) if p.text or p.done]
    if framing == "text":
        assert text_of(split) == text_of(whole)
    else:
        assert split == whole


def test_stub_sse_pieces_carry_seq_emission_stamp_and_reply_id() -> None:
    pieces = parse_in_pieces("sse", BODIES["sse"], [])
    assert [p.seq for p in pieces if p.text] == list(range(len(TEXTS)))
    assert pieces[1].emitted_at == 2.5 and pieces[1].reply_id == "r1"
    assert pieces[-1].done


def test_malformed_sse_data_is_reported_not_turned_into_text() -> None:
    parser = make_parser("sse")
    pieces = parser.feed(b'data: {"seq": 1, "te\n\ndata: {"seq":2,"text":"ok"}\n\n')
    assert pieces[0].malformed is not None and pieces[0].text == ""
    assert pieces[1].text == "ok"


def test_sse_error_event_carries_the_reason() -> None:
    parser = make_parser("sse")
    body = b'event: error\ndata: {"code": "boom", "message": "model crashed"}\n\n'
    assert parser.feed(body) == [Piece(error="boom: model crashed")]


def test_openai_error_object_is_an_error_piece() -> None:
    pieces = make_parser("openai").feed(b'data: {"error": {"message": "rate limited"}}\n\n')
    assert pieces[0].error == "rate limited"


def test_utf8_decoder_holds_back_half_a_character() -> None:
    decoder = Utf8Decoder()
    raw = "你".encode()
    assert decoder.decode(raw[:2]) == ""
    assert decoder.decode(raw[2:]) == "你"


def test_utf8_decoder_flush_makes_a_truncated_character_visible() -> None:
    decoder = Utf8Decoder()
    decoder.decode("你".encode()[:2])
    assert decoder.flush() == "\ufffd"


def test_unknown_framing_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown framing"):
        make_parser("xml")


def test_openai_message_text_and_error_messages() -> None:
    assert parse_openai_message({"choices": [{"message": {"content": "hi"}}]}) == "hi"
    assert parse_openai_message({"nope": 1}) is None
    assert (
        error_message(b'{"success": false, "error": {"code": "E1", "message": "bad"}}') == "E1: bad"
    )
    assert error_message("plain words") == "plain words"


def test_invalid_utf8_in_a_text_body_shows_as_replacement_and_marks_the_text_altered() -> None:
    parser = make_parser("text")
    pieces = parser.feed("你好".encode() + b"\xff\xfe" + "世界".encode()[:4])
    pieces += parser.feed("世界".encode()[4:]) + parser.close()
    assert text_of(pieces) == "你好\ufffd\ufffd世界"  # what a TextDecoder shows the page
    assert [p.altered for p in pieces if p.altered] == [
        "2 invalid UTF-8 sequence(s) shown as U+FFFD"
    ]


def test_a_replacement_character_the_server_sent_is_not_an_alteration() -> None:
    parser = make_parser("text")
    pieces = parser.feed("a\ufffdb".encode()) + parser.close()
    assert text_of(pieces) == "a\ufffdb" and not any(p.altered for p in pieces)


def test_websocket_envelope_frames_parse_to_their_meaning() -> None:
    from simulator.transports.framing import parse_envelope_frame

    chunk = parse_envelope_frame(
        '{"type":"chunk","seq":3,"text":"字","replyId":"r1","emittedAt":1.5}'
    )
    assert (chunk.kind, chunk.seq, chunk.text, chunk.reply_id, chunk.emitted_at) == (
        "chunk", 3, "字", "r1", 1.5,
    )  # fmt: skip
    error = parse_envelope_frame('{"type":"error","code":"upstream_error","message":"boom"}')
    assert (error.kind, error.code, error.reason) == ("error", "upstream_error", "boom")
    assert parse_envelope_frame('{"type":"done","seq":4}').seq == 4
    assert parse_envelope_frame("{not json").kind == "malformed"
    assert parse_envelope_frame('{"type":"chunk","text":"no seq"}').kind == "unexpected"


def test_websocket_raw_frames_parse_to_their_meaning() -> None:
    from simulator.transports.framing import RAW_DONE, parse_raw_frame

    assert parse_raw_frame("你好").kind == "chunk" and parse_raw_frame("你好").seq is None
    assert parse_raw_frame(RAW_DONE).kind == "done"
    assert parse_raw_frame(b"\x00\x01").kind == "binary"
    error = parse_raw_frame('{"type":"error","code":"x","message":"m"}')
    assert error.kind == "error" and error.reason == "m"
