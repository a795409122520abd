"""Streaming markdown: finished blocks are rendered once, only the unfinished tail is redone."""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import (
    QColor,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFormat,
)
from PySide6.QtWidgets import QSizePolicy, QTextBrowser, QWidget

from simulator.ui.phone.markdown_tail import close_open_inline

_FENCES = ("```", "~~~")


def split_finished(tail: str) -> tuple[str, str]:
    """Cut `tail` after its last finished block.

    A block is finished when a blank line follows it outside a code fence and the next line
    does not continue it (an indented line may belong to a list item above).

    Returns:
        (finished markdown, the unfinished rest); finished is "" when nothing is complete.
    """
    in_fence = False
    cut = 0
    pos = 0
    blank_before = False
    for line in tail.splitlines(keepends=True):
        stripped = line.strip()
        complete_line = line.endswith("\n")
        if blank_before and stripped and not in_fence and not line[0].isspace():
            cut = pos
        if stripped.startswith(_FENCES) and complete_line:
            in_fence = not in_fence
        blank_before = complete_line and not stripped and not in_fence
        pos += len(line)
    return tail[:cut], tail[cut:]


class StreamingMarkdown:
    """Renders growing markdown into a `QTextDocument` at a cost bounded by the tail's size.

    Call `append` as characters are painted and `render` once per frame. Re-rendering the
    whole text on every token costs ~50 ms at 50,000 characters (PERF.md "Qt"); here each
    frame touches only the block still being written. While streaming, the tail is shown with
    its open inline markers closed for now (`close_open_inline`); after `finish` it renders
    exactly as written.
    """

    def __init__(self, document: QTextDocument) -> None:
        self.document = document
        self._parts: list[str] = []
        self._tail = ""
        self._tail_start = 0
        self._dirty = False
        self.streaming = True
        """The text may still grow: render the tail with its open markers closed."""

    def finish(self) -> None:
        """No more text: the next `render` shows the tail exactly as written."""
        if self.streaming:
            self.streaming = False
            self._dirty = True

    def text(self) -> str:
        """All the markdown appended so far."""
        return "".join(self._parts) + self._tail

    def append(self, text: str) -> None:
        """Add painted characters; they show on the next `render`."""
        if text:
            self._tail += text
            self._dirty = True

    def render(self) -> bool:
        """Bring the document up to date; returns whether anything changed."""
        if not self._dirty:
            return False
        self._dirty = False
        finished, rest = split_finished(self._tail)
        if finished:
            self._replace_tail(finished)
            self._parts.append(finished)
            cursor = QTextCursor(self.document)
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            self._tail_start = cursor.position()
            self._tail = rest
        self._replace_tail(close_open_inline(self._tail) if self.streaming else self._tail)
        return True

    def _replace_tail(self, markdown: str) -> None:
        cursor = QTextCursor(self.document)
        cursor.beginEditBlock()
        cursor.setPosition(self._tail_start)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        if self._tail_start > 0 and cursor.block().position() != self._tail_start:
            # Removing a table or frame also took the block break in front of it: restore it,
            # or the reset below would land on the last finished block.
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            self._tail_start = cursor.position()
        cursor.setBlockFormat(QTextBlockFormat())
        cursor.setBlockCharFormat(QTextCharFormat())
        cursor.setCharFormat(QTextCharFormat())
        if markdown.strip():
            scratch = QTextDocument()
            scratch.setMarkdown(markdown)
            cursor.insertFragment(QTextDocumentFragment(scratch))
            # The fragment's first block merges into the block at the tail start and loses
            # its block format (heading level, code block): give it back.
            first = QTextCursor(self.document)
            first.setPosition(self._tail_start)
            block = first.block()
            if block.length() == 1 and block.next().isValid() and self._tail_start > 0:
                # A leading list or table leaves an empty paragraph in front of it: drop it,
                # keeping the format of the finished block it merges into.
                kept = block.previous().blockFormat()
                first.deletePreviousChar()
                first.setBlockFormat(kept)
            else:
                first.setBlockFormat(scratch.firstBlock().blockFormat())
            _wrap_code(self.document, self._tail_start)
        cursor.endEditBlock()


CODE_BACKGROUND = QColor("#f3f3f3")


def _wrap_code(document: QTextDocument, start: int) -> None:
    """Code blocks on a grey ground, as WeChat's markdown renderers draw them. Their lines do
    not wrap: a longer line makes the bubble scroll sideways (`MarkdownBubbleText.fit`)."""
    block = document.findBlock(start)
    while block.isValid():
        fmt = block.blockFormat()
        code = fmt.nonBreakableLines() or fmt.hasProperty(QTextFormat.Property.BlockCodeFence)
        if code and fmt.background().color() != CODE_BACKGROUND:
            fmt.setNonBreakableLines(True)
            fmt.setBackground(CODE_BACKGROUND)
            fmt.setLeftMargin(4)
            fmt.setRightMargin(4)
            QTextCursor(block).setBlockFormat(fmt)
        block = block.next()


class MarkdownBubbleText(QTextBrowser):
    """A read-only text view that grows with its document instead of scrolling."""

    def __init__(self, max_width: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_width = max_width
        self.setOpenExternalLinks(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(0)
        self.document().setTextWidth(max_width)
        self.markdown = StreamingMarkdown(self.document())
        self._size = QSize(24, 20)
        self._wide = False

    def set_max_width(self, width: int) -> None:
        """The bubble's widest text line (follows the chat width)."""
        if width != self.max_width:
            self.max_width = width
            self._wide = False
            self.fit()

    def fit(self) -> bool:
        """Size the view to the document: as wide as its widest line, as tall as its text;
        True when its size changed."""
        doc = self.document()
        width = self.max_width
        if not self._wide:
            # Hug short text like a WeChat bubble; once a line fills the bubble, the width
            # stays put, so a long reply never pays for re-laying out the whole document.
            doc.setTextWidth(self.max_width)
            width = min(self.max_width, math.ceil(doc.idealWidth()) + 2)
            self._wide = width >= self.max_width
            if not self._wide:
                doc.setTextWidth(width)
        height = math.ceil(doc.size().height())
        # a code line wider than the bubble: scroll sideways instead of clipping it
        overflow = doc.size().width() > width + 1
        bar = self.horizontalScrollBar()
        self.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOn
            if overflow
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        if overflow:
            height += bar.sizeHint().height()
        size = QSize(max(width, 8), max(height, 18))
        if size == self._size:
            return False
        self._size = size
        self.setFixedSize(size)
        return True

    def sizeHint(self) -> QSize:
        return self._size
