"""Open inline markers in a streaming tail are closed for now, never anything else."""

from __future__ import annotations

import pytest

from simulator.ui.phone.markdown_tail import close_open_inline


@pytest.mark.parametrize(
    ("tail", "shown"),
    [
        ("**同步请求 + 打", "**同步请求 + 打**"),
        ("先说 *斜", "先说 *斜*"),
        ("用 `wx.requ", "用 `wx.requ`"),
        ("``a ` b", "``a ` b``"),
        ("~~旧的", "~~旧的~~"),
        ("见 [文档](https://developers.weix", "见 [文档](https://developers.weix)"),
        ("见 [文档](", "见 [文档]()"),
        ("**看 [这里](htt", "**看 [这里](htt)**"),
        ("**粗 `代", "**粗 `代`**"),
        ("***都有", "***都有***"),
        ("# **标", "# **标**"),
        ("- 一项 **重", "- 一项 **重**"),
        ("上一行 **开始\n下一行", "上一行 **开始\n下一行**"),
        ("**粗体 ", "**粗体**"),
    ],
)
def test_open_markers_are_closed_at_the_end(tail: str, shown: str) -> None:
    assert close_open_inline(tail) == shown


@pytest.mark.parametrize(
    ("tail", "shown"),
    [("刚打出 **", "刚打出"), ("**", ""), ("代码 `", "代码"), ("**粗 *", "**粗**")],
)
def test_an_opener_with_nothing_after_it_is_dropped(tail: str, shown: str) -> None:
    assert close_open_inline(tail) == shown


@pytest.mark.parametrize(
    "tail",
    [
        "**完整** 的 *强调* 和 `code` 与 ~~删除~~ 和 [链接](https://x.cn)",
        "a * b 不是强调",
        "* 列表项",
        "单独的 [方括号",
        "转义 \\*不是强调\\*",
        "```python\nx = **kw",
        "~~~\n`open",
        "",
        "段落\n\n",
    ],
)
def test_closed_or_literal_text_is_left_alone(tail: str) -> None:
    assert close_open_inline(tail) == tail


def test_only_the_block_being_typed_is_closed() -> None:
    tail = "- 第一项 **没关\n- 第二项 *斜"
    assert close_open_inline(tail) == "- 第一项 **没关\n- 第二项 *斜*"


def test_markers_inside_a_finished_fence_do_not_count() -> None:
    tail = "```\na ** b\n```\n接着 **粗"
    assert close_open_inline(tail) == "```\na ** b\n```\n接着 **粗**"
