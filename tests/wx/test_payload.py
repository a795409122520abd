"""What wx.request puts on the wire and makes of a body (pure functions)."""

from __future__ import annotations

import pytest

from simulator.wx.errors import InvalidArgument
from simulator.wx.payload import decode_body, header_dict, js_string, prepare_request, query_string

REFERER = "https://servicewechat.com/touristappid/0/page-frame.html"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "null"),
        (True, "true"),
        (1.0, "1"),
        (1.5, "1.5"),
        ([1, None, "a"], "1,,a"),
        ({}, "[object Object]"),
    ],
)
def test_js_string_matches_javascript(value: object, text: str) -> None:
    assert js_string(value) == text


def test_query_string_uses_encode_uri_component_rules() -> None:
    assert query_string({"q": "你 好!*'()", "k&": "="}) == "q=%E4%BD%A0%20%E5%A5%BD!*'()&k%26=%3D"


def test_get_appends_to_an_existing_query_and_drops_a_page_referer() -> None:
    req = prepare_request("http://h/p?x=1", "get", {"y": 2}, {"Referer": "evil"}, REFERER)
    assert (req.method, req.url, req.body) == ("GET", "http://h/p?x=1&y=2", None)
    assert req.headers["Referer"] == REFERER and "evil" not in req.headers.values()


def test_user_content_type_is_kept_for_a_string_body() -> None:
    req = prepare_request("http://h", "PUT", "raw", {"Content-Type": "text/plain"}, REFERER)
    assert req.body == b"raw" and req.headers["Content-Type"] == "text/plain"
    assert "content-type" not in req.headers


def test_unknown_method_and_unserialisable_data_are_refused() -> None:
    with pytest.raises(InvalidArgument):
        prepare_request("http://h", "PATCH", None, None, REFERER)
    with pytest.raises(InvalidArgument) as info:
        prepare_request("http://h", "POST", {"x": object()}, None, REFERER)
    assert info.value.errno == 600010


def test_decode_body_rules() -> None:
    assert decode_body(b"\xef\xbb\xbf[1]", "json", "text") == ([1], False)
    assert decode_body(b"not json", "json", "text") == ("not json", False)
    assert decode_body(b"\xff", "text", "text") == ("\ufffd", True)
    assert decode_body(b"\x00", "json", "arraybuffer") == (b"\x00", False)


def test_header_dict_collects_cookies_and_joins_repeats() -> None:
    header, cookies = header_dict([("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"), ("X", "1")])
    assert cookies == ["a=1", "b=2"]
    assert header == {"Set-Cookie": "a=1, b=2", "X": "1"}
