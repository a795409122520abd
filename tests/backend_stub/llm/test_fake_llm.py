"""The fake LLM: tokens, determinism, long replies, timing plans."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend_stub import Scenario
from backend_stub.llm.fake_llm import plan_reply, tokenize


@given(st.text())
def test_tokens_concatenate_to_the_text(text: str) -> None:
    assert "".join(tokenize(text)) == text


def test_tokens_look_like_an_llm_s() -> None:
    tokens = tokenize("你好，world! Stream 中文 internationalization")
    assert tokens[:2] == ["你好", "，"]
    assert " Stream" in tokens and "!" in tokens and " 中文" not in tokens
    assert max(len(t) for t in tokens) <= 9  # long words come in pieces, as with BPE


def test_same_seed_and_message_give_the_same_plan() -> None:
    scenario = Scenario.parse("jitter_ms=30")
    assert plan_reply("hi", scenario, 1) == plan_reply("hi", scenario, 1)
    assert plan_reply("hi", scenario, 1).offsets != plan_reply("hi", scenario, 2).offsets


def test_length_gives_exactly_that_many_characters() -> None:
    plan = plan_reply("x", Scenario.parse("length=30000,script=long"), 0)
    assert len(plan.text) == 30000
    assert "".join(plan.pieces) == plan.text
    assert "```" in plan.text and any("\u4e00" <= ch <= "\u9fff" for ch in plan.text)


def test_timing_follows_ttft_tps_and_stall() -> None:
    plan = plan_reply(
        "x", Scenario.parse("ttft_ms=200,tps=10,jitter_ms=0,stall_at=3,stall_ms=1000"), 0
    )
    assert plan.offsets[0] == 0.2
    assert abs(plan.offsets[1] - 0.3) < 1e-9
    assert abs(plan.offsets[3] - plan.offsets[2] - 1.1) < 1e-9


def test_chunk_tokens_groups_tokens_without_changing_the_rate() -> None:
    one = plan_reply("x", Scenario.parse("jitter_ms=0,tps=100"), 0)
    four = plan_reply("x", Scenario.parse("jitter_ms=0,tps=100,chunk_tokens=4"), 0)
    assert "".join(four.pieces) == one.text
    assert len(four.pieces) == -(-len(one.pieces) // 4)
    assert abs((four.offsets[1] - four.offsets[0]) - 0.04) < 1e-9


def test_echo_script_repeats_the_message() -> None:
    assert plan_reply("ping", Scenario.parse("script=echo"), 0).text == "ping"


_HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    ("prompt", "chinese"),
    [
        ("How do I stream a reply?", False),
        ("hi", False),
        ("Übersetze das bitte", False),
        ("怎么流式输出回答？", True),
        ("用 WebSocket 怎么做", True),  # mixed: the Chinese user's language
        ("🙂 42", True),  # no letters at all: the default
    ],
)
def test_the_reply_is_in_the_prompts_language(prompt: str, chinese: bool) -> None:
    text = plan_reply(prompt, Scenario(), 0).text
    assert bool(_HAN.search(text)) == chinese, text


def test_a_forced_script_wins_over_the_prompts_language() -> None:
    assert _HAN.search(plan_reply("How are you?", Scenario.parse("script=zh"), 0).text)
    assert not _HAN.search(plan_reply("你好吗", Scenario.parse("script=en"), 0).text)
