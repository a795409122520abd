"""Streaming markdown renders what a whole-text render gives, touching only the tail."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from simulator.ui.phone.markdown_view import MarkdownBubbleText, StreamingMarkdown, split_finished

MARKDOWN = (
    "# 标题\n\n这是一段**加粗**的中文，还有 `code`。\n\n- 第一项\n- 第二项\n  继续\n\n"
    "1. one\n2. two\n\n```python\ndef f(x):\n\n    return x\n```\n\n> 引用一段话\n\n"
    "## Second\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nplain text end.\n"
)


def test_split_keeps_code_fences_whole() -> None:
    finished, rest = split_finished("para\n\n```py\na = 1\n\nb = 2\n")
    assert finished == "para\n\n"
    assert rest == "```py\na = 1\n\nb = 2\n"


def test_split_waits_for_the_line_after_a_blank() -> None:
    assert split_finished("one\n\n") == ("", "one\n\n")
    assert split_finished("one\n\ntw") == ("one\n\n", "tw")


def test_split_does_not_cut_before_an_indented_continuation() -> None:
    assert split_finished("- item\n\n  more of the item") == ("", "- item\n\n  more of the item")


@pytest.mark.parametrize("seed", range(12))
def test_streamed_render_equals_whole_render(qapp: QApplication, seed: int) -> None:
    rng = random.Random(seed)
    doc = QTextDocument()
    md = StreamingMarkdown(doc)
    i = 0
    while i < len(MARKDOWN):
        k = rng.randint(1, 9)
        md.append(MARKDOWN[i : i + k])
        i += k
        if rng.random() < 0.6:
            md.render()
    md.finish()
    md.render()
    whole = QTextDocument()
    whole.setMarkdown(MARKDOWN)
    assert md.text() == MARKDOWN
    assert doc.toMarkdown() == whole.toMarkdown()


def test_finished_blocks_are_not_rendered_again(qapp: QApplication) -> None:
    doc = QTextDocument()
    md = StreamingMarkdown(doc)
    md.append("# Head\n\nfirst paragraph\n\nsecond")
    md.render()
    head = doc.firstBlock()
    revision = head.revision()
    md.append(" paragraph grows")
    md.render()
    assert doc.firstBlock().revision() == revision  # the heading block was left alone
    assert doc.toPlainText().endswith("second paragraph grows")


def test_half_typed_bold_shows_bold_while_streaming_and_raw_text_is_kept(
    qapp: QApplication,
) -> None:
    doc = QTextDocument()
    md = StreamingMarkdown(doc)
    md.append("第一段。\n\n**同步请求 + 打")
    md.render()
    assert md.text() == "第一段。\n\n**同步请求 + 打"
    assert "**" not in doc.toPlainText()
    last = doc.lastBlock().begin().fragment()
    assert last.text() == "同步请求 + 打"
    assert last.charFormat().fontWeight() > 400


def test_final_render_shows_an_unclosed_marker_as_written(qapp: QApplication) -> None:
    doc = QTextDocument()
    md = StreamingMarkdown(doc)
    md.append("stopped in the **middle")
    md.render()
    assert "**" not in doc.toPlainText()
    md.finish()
    assert md.render()
    whole = QTextDocument()
    whole.setMarkdown("stopped in the **middle")
    assert doc.toPlainText() == whole.toPlainText() == "stopped in the **middle"


def test_a_long_code_line_scrolls_sideways_on_a_grey_ground(qtbot: QtBot) -> None:
    view = MarkdownBubbleText(220)
    qtbot.addWidget(view)
    line = "const task = wx.request({ url, enableChunked: true, success() {} })"
    view.markdown.append(f"看代码：\n\n```js\n{line}\n```\n")
    view.markdown.finish()
    view.markdown.render()
    view.fit()
    code = next(b for b in blocks(view.document()) if "enableChunked" in b.text())
    assert code.blockFormat().background().color().name() == "#f3f3f3"
    assert code.layout().lineCount() == 1  # not hard-wrapped
    view.show()
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() > 0)
    assert view.width() == 220
    assert view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOn


def blocks(document: QTextDocument) -> list[QTextBlock]:
    out, block = [], document.begin()
    while block.isValid():
        out.append(block)
        block = block.next()
    return out
