# Over 400 lines: one widget, its six detail tabs and the reveal of a replay's bad read.
"""The network panel's detail of one flow: headers, payload, response, frames, chunks, timing."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from simulator.ui.devtools.chunk_bytes import hex_dump, hex_span, read_at, read_cuts, utf8_head
from simulator.ui.kit.formatting import ms, size
from simulator.wx import events as ev

if TYPE_CHECKING:
    from simulator.ui.devtools.network_rows import LogRow

PREVIEW_CHARS = 300
"""A frame's or chunk's payload shown in its cell; the tooltip has all of it."""
REVEAL_COLOUR = "#ffd666"
"""The revealed read's row and its bad bytes in the hex dump."""
FRAMES_TAB, CHUNKS_TAB = 3, 4


def _text(data: str | bytes | None) -> str:
    if data is None:
        return ""
    return data if isinstance(data, str) else data.decode("utf-8", errors="replace")


def _raw(e: Any) -> bytes:
    data = e.data
    if data is None:
        return b""
    return data.encode() if isinstance(data, str) else bytes(data)


def pretty(text: str) -> str:
    """JSON pretty-printed, anything else as it is."""
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, indent=2)
    except ValueError:
        return text


def sse_events(chunks: list[tuple[float, bytes]]) -> list[tuple[float, str, str]]:
    """(arrival, event name, data) of each SSE event completed by the given body pieces."""
    out: list[tuple[float, str, str]] = []
    buffer = ""
    for at, data in chunks:
        buffer += data.decode("utf-8", errors="replace").replace("\r\n", "\n")
        while "\n\n" in buffer:
            block, buffer = buffer.split("\n\n", 1)
            name, lines = "message", []
            for line in block.split("\n"):
                field, _, value = line.partition(":")
                if field == "event":
                    name = value.strip()
                elif field == "data":
                    lines.append(value[1:] if value.startswith(" ") else value)
            if lines:
                out.append((at, name, "\n".join(lines)))
    return out


class FlowDetail(QTabWidget):
    """Tabs for the clicked row; times are counted from the run's send when it is known."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = self._text_tab()
        self.payload = self._text_tab()
        self.response = self._text_tab()
        self.frames = self._table_tab(4)
        self.chunks = self._table_tab(4)
        self.timing = self._text_tab()
        self.frame_text = self._text_tab()
        """The clicked frame's whole payload (JSON pretty-printed): selectable, copyable."""
        self.chunk_text = self._text_tab()
        self.raw_reads = QCheckBox()
        self.raw_reads.setObjectName("rawReads")
        self.raw_reads.toggled.connect(lambda _on: self.show_row(self.row))
        chunk_box = QWidget()
        chunk_column = QVBoxLayout(chunk_box)
        chunk_column.setContentsMargins(0, 0, 0, 0)
        chunk_column.addWidget(self.raw_reads)
        chunk_column.addWidget(self.chunks)
        self._pieces: list[bytes] = []
        self._reveal: tuple[int, int] | None = None
        """(row uid, body byte offset) to show again when the row is refilled."""
        self.revealed: tuple[int, int] | None = None
        """(read or frame index, byte offset in the body) the last reveal selected."""
        pages: list[QWidget] = [self.headers, self.payload, self.response]
        for table, view in ((self.frames, self.frame_text), (self.chunks, self.chunk_text)):
            split = QSplitter(Qt.Orientation.Vertical)
            split.addWidget(chunk_box if table is self.chunks else table)
            split.addWidget(view)
            split.setSizes([200, 100])
            table.currentCellChanged.connect(
                lambda row, _c, _r, _p, t=table, v=view: self._on_cell(t, v, row)
            )
            pages.append(split)
        pages.append(self.timing)
        for widget in pages:
            self.addTab(widget, "")
        self.row: LogRow | None = None
        self.retranslate()

    @staticmethod
    def _text_tab() -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setReadOnly(True)
        edit.setObjectName("logDetails")
        return edit

    @staticmethod
    def _table_tab(columns: int) -> QTableWidget:
        table = QTableWidget(0, columns)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        return table

    # -- content ---------------------------------------------------------------------------
    def show_row(self, row: LogRow | None) -> None:
        if row is None or self._reveal is None or self._reveal[0] != row.uid:
            self._reveal = None
            self.revealed = None
        self.row = row
        for edit in (self.headers, self.payload, self.response, self.timing):
            edit.clear()
        for table in (self.frames, self.chunks):
            table.setRowCount(0)
        for view in (self.frame_text, self.chunk_text):
            view.clear()
        if row is None:
            return
        origin = row.send_at if row.send_at is not None else row.at
        started = next((e for e in row.events if isinstance(e, ev.TaskStarted)), None)
        got = next((e for e in row.events if isinstance(e, ev.HeadersReceived)), None)
        self.headers.setPlainText(self._headers_text(row, started, got))
        body = started.body if started is not None else None
        self.payload.setPlainText(
            f"{size(len(body))}\n\n{pretty(_text(body))}" if body else self.tr("(no payload)")
        )
        pieces = [(e.at, e.data or b"") for e in row.events if isinstance(e, ev.ChunkReceived)]
        received = b"".join(data for _, data in pieces)
        self.response.setPlainText(
            f"{size(len(received))}\n\n{pretty(_text(received))}"
            if received
            else self.tr("(no response body)")
        )
        self._fill_frames(row, origin)
        self._fill_chunks(pieces, origin)
        self.timing.setPlainText(self._timing_text(row, origin))
        self.setTabEnabled(FRAMES_TAB, row.kind == "socket")
        self.setTabEnabled(CHUNKS_TAB, bool(pieces))
        if self._reveal is not None:
            self._apply_reveal(self._reveal[1])

    # -- reveal ----------------------------------------------------------------------------
    def reveal_chunk(self, byte_offset: int) -> int | None:
        """Select, scroll to and highlight the read (a socket: the received frame) holding
        the shown flow's body byte `byte_offset`, its bytes marked in the hex dump below;
        the read's index, or None when the body is shorter."""
        if self.row is None:
            return None
        self._reveal = (self.row.uid, byte_offset)
        if self.row.kind != "socket" and not self.raw_reads.isChecked():
            self.raw_reads.setChecked(True)  # one row per read: refills, then reveals
        else:
            self._apply_reveal(byte_offset)
        return self.revealed[0] if self.revealed is not None else None

    def _apply_reveal(self, byte_offset: int) -> None:
        row = self.row
        if row is None:
            return
        if row.kind == "socket":
            table, tab = self.frames, FRAMES_TAB
            rows = [i for i, e in enumerate(self._frame_events(row))
                    if isinstance(e, ev.FrameReceived)]  # fmt: skip
            pieces = [_raw(e) for e in self._frame_events(row) if isinstance(e, ev.FrameReceived)]
        else:
            table, tab, pieces = self.chunks, CHUNKS_TAB, self._pieces
            rows = list(range(len(pieces)))
        found = read_at(pieces, byte_offset)
        self.revealed = None
        if found is None:
            return
        read, inside = found
        self.revealed = (read, byte_offset)
        at = rows[read]
        for j in range(table.columnCount()):
            item = table.item(at, j)
            if item is not None:
                item.setBackground(QColor(REVEAL_COLOUR))
        self.setCurrentIndex(tab)
        table.setCurrentCell(at, 0)
        item = table.item(at, 0)
        if item is not None:
            table.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtCenter)
        if table is self.chunks:
            self._mark_bytes(read, byte_offset, inside)

    def _mark_bytes(self, read: int, byte_offset: int, inside: int) -> None:
        """The read whole below the table, the revealed character's bytes marked in its dump."""
        data = self._pieces[read]
        text = self._read_text(read)
        first = text.split("\n\n", 1)[0].count("\n") + 2  # the dump: after the heading, a blank
        where = self.tr("Body byte {0} is byte {1} of this read (marked in the dump)")
        self.chunk_text.setPlainText(text + "\n\n" + where.format(byte_offset, inside))
        lead = inside
        while lead > 0 and data[lead] & 0xC0 == 0x80:  # back to the character's first byte
            lead -= 1
        byte = data[lead]
        width = 1 if byte < 0x80 else 2 if byte >> 5 == 0b110 else 3 if byte >> 4 == 0b1110 else 4
        count = min(width, len(data) - lead)
        doc = self.chunk_text.document()
        marks = []
        for line, column, length in hex_span(lead, count):
            block = doc.findBlockByNumber(first + line)
            if not block.isValid():
                continue
            mark = QTextEdit.ExtraSelection()
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.MoveOperation.Right, n=column)
            cursor.movePosition(
                QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, length
            )
            mark.cursor = cursor
            mark.format.setBackground(QColor(REVEAL_COLOUR))
            mark.format.setProperty(QTextFormat.Property.FullWidthSelection, False)
            marks.append(mark)
        self.chunk_text.setExtraSelections(marks)
        if marks:  # scrolled to, not selected: the selection colour would hide the mark
            cursor = QTextCursor(marks[0].cursor)
            cursor.clearSelection()
            self.chunk_text.setTextCursor(cursor)
            self.chunk_text.ensureCursorVisible()

    @staticmethod
    def _frame_events(row: LogRow) -> list[Any]:
        """The frames table's rows, in its order (sent, received, closed)."""
        return [
            e for e in row.events
            if isinstance(e, ev.FrameSent | ev.FrameReceived | ev.SocketClosed)
        ]  # fmt: skip

    def _headers_text(
        self, row: LogRow, started: ev.TaskStarted | None, got: ev.HeadersReceived | None
    ) -> str:
        from simulator.ui.devtools.network_rows import aborted_by_page, note_text, socket_status

        flow = row.flow
        lines = [
            self.tr("URL: {0}").format(row.url or note_text(row)),
            self.tr("Transport: {0}").format(row.transport),
        ]
        if flow is not None:
            lines.append(self.tr("Method: {0}").format(flow.method))
            status = "" if flow.status is None else str(flow.status)
            if flow.kind == "socket":
                status = socket_status(row)
            lines.append(self.tr("Status: {0}").format(status))
            if flow.error and aborted_by_page(row):  # after [DONE]: not a failure
                ended = self.tr("Ended by the page after the reply completed ({0})")
                lines.append(ended.format(flow.error))
            elif flow.error:
                lines.append(self.tr("Error: {0}").format(flow.error))
        opened = next((e for e in row.events if isinstance(e, ev.SocketOpened)), None)
        sent = list(started.headers) if started else []
        if opened is not None and opened.request_headers:  # the handshake as it went out
            sent = list(opened.request_headers)
        lines += ["", self.tr("Request headers")]
        lines += [f"  {k}: {v}" for k, v in sent] or ["  —"]
        lines += ["", self.tr("Response headers")]
        response = list(got.headers) if got else []
        if opened is not None:  # the handshake's 101
            response = list(opened.headers)
        lines += [f"  {k}: {v}" for k, v in response] or ["  —"]
        return "\n".join(lines)

    def _fill_frames(self, row: LogRow, origin: float) -> None:
        items: list[tuple[str, float, str, str]] = []
        for e in row.events:
            if isinstance(e, ev.FrameSent | ev.FrameReceived):
                arrow = "↑" if isinstance(e, ev.FrameSent) else "↓"
                items.append((arrow, e.at, size(e.size), _text(e.data)))
            elif isinstance(e, ev.SocketClosed):
                items.append(("✕", e.at, "", self.tr("close {0} {1}").format(e.code, e.reason)))
        self.frames.setRowCount(len(items))
        for i, (arrow, at, nbytes, payload) in enumerate(items):
            self._set_row(self.frames, i, [arrow, f"+{ms(at - origin)}", nbytes, payload])

    def _fill_chunks(self, pieces: list[tuple[float, bytes]], origin: float) -> None:
        self._pieces = [data for _, data in pieces]
        if self.raw_reads.isChecked():
            self._fill_reads(pieces, origin)
            return
        events = sse_events(pieces)
        if events:  # an SSE body: one line per event is what a developer reads
            self.chunks.setRowCount(len(events))
            for i, (at, name, text) in enumerate(events):
                cells = [name, f"+{ms(at - origin)}", size(len(text.encode())), text]
                self._set_row(self.chunks, i, cells)
            return
        self.chunks.setRowCount(len(pieces))
        for i, (at, data) in enumerate(pieces):
            cells = [str(i + 1), f"+{ms(at - origin)}", size(len(data)), _text(data)]
            self._set_row(self.chunks, i, cells)

    def _fill_reads(self, pieces: list[tuple[float, bytes]], origin: float) -> None:
        """One row per read as the page's onChunkReceived got it; ✂ marks a read that ends
        inside a UTF-8 character or inside a line (the next read carries the rest)."""
        cuts = read_cuts([data for _, data in pieces])
        self.chunks.setRowCount(len(pieces))
        for i, ((at, data), cut) in enumerate(zip(pieces, cuts, strict=True)):
            marks = []
            if cut.cuts_char:
                marks.append(self.tr("✂ character"))
            if cut.cuts_line:
                marks.append(self.tr("✂ line"))
            text = data.decode("utf-8", errors="replace")
            cells = [str(i + 1), f"+{ms(at - origin)}", size(len(data)), " ".join([*marks, text])]
            self._set_row(self.chunks, i, cells)

    def _read_text(self, row: int) -> str:
        """A read whole: what it cut, its bytes in hex, its text."""
        data = self._pieces[row]
        cut = read_cuts([data])[0]
        lines = [self.tr("Read {0}: {1}").format(row + 1, size(len(data)))]
        head = utf8_head(data)
        if head:
            lines.append(
                self.tr("starts with {0} byte(s) of the previous read's character").format(head)
            )
        if cut.cuts_char:
            lines.append(
                self.tr(
                    "ends inside a UTF-8 character ({0} byte(s) of it): the next read has the rest"
                ).format(cut.cuts_char)
            )
        if cut.cuts_line:
            lines.append(
                self.tr("ends inside a line: an SSE parser must keep it for the next read")
            )
        return "\n".join([*lines, "", hex_dump(data), "", data.decode("utf-8", errors="replace")])

    @staticmethod
    def _set_row(table: QTableWidget, i: int, cells: list[str]) -> None:
        for j, text in enumerate(cells):
            item = QTableWidgetItem(text[:PREVIEW_CHARS].replace("\n", "⏎"))
            if len(text) > 40:
                item.setToolTip(text[:4000])
            item.setData(Qt.ItemDataRole.UserRole, text)  # whole, for the view below
            table.setItem(i, j, item)

    def _on_cell(self, table: QTableWidget, view: QPlainTextEdit, row: int) -> None:
        if table is self.chunks and self.raw_reads.isChecked() and 0 <= row < len(self._pieces):
            view.setPlainText(self._read_text(row))
        else:
            self._show_whole(table, view, row)

    @staticmethod
    def _show_whole(table: QTableWidget, view: QPlainTextEdit, row: int) -> None:
        """The clicked row's last cell (payload or data) whole, JSON pretty-printed."""
        item = table.item(row, table.columnCount() - 1) if row >= 0 else None
        text = item.data(Qt.ItemDataRole.UserRole) if item is not None else ""
        view.setPlainText(pretty(str(text or "")))

    def _timing_text(self, row: LogRow, origin: float) -> str:
        flow = row.flow
        if flow is None:
            return f"+{ms(row.at - origin)}"
        marks: list[tuple[str, float | None]] = [
            (self.tr("started"), flow.started_at),
            (self.tr("queued"), flow.queued_at),
            (self.tr("response (headers / socket open)"), flow.headers_at),
            (self.tr("first byte"), flow.first_byte_at),
            (self.tr("last byte"), flow.last_byte_at),
            (self.tr("ended"), flow.ended_at),
        ]
        head = self.tr("Times after the run's send") if row.send_at else self.tr("Times")
        lines = [head, ""]
        for label, at in marks:
            lines.append(f"{label}: {'—' if at is None else '+' + ms(at - origin)}")
        lines += [
            "",
            self.tr("received: {0} in {1} pieces").format(size(flow.bytes_received), flow.chunks),
            self.tr("sent: {0}").format(size(self._sent(row))),
        ]
        return "\n".join(lines)

    @staticmethod
    def _sent(row: LogRow) -> int:
        """Bytes the page sent: the request body, or every socket frame."""
        total = 0
        for e in row.events:
            if isinstance(e, ev.TaskStarted):
                total += len(e.body or b"")
            elif isinstance(e, ev.FrameSent):
                total += e.size
        return total

    # -- language --------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        names = [self.tr("Headers"), self.tr("Payload"), self.tr("Response"), self.tr("Frames"),
                 self.tr("Chunks / SSE"), self.tr("Timing")]  # fmt: skip
        for i, name in enumerate(names):
            self.setTabText(i, name)
        heads: Any = [self.tr("dir"), self.tr("time"), self.tr("size"), self.tr("payload")]
        self.frames.setHorizontalHeaderLabels(heads)
        self.chunks.setHorizontalHeaderLabels(
            [self.tr("#/event"), self.tr("time"), self.tr("size"), self.tr("data")]
        )
        self.raw_reads.setText(self.tr("Raw reads: each onChunkReceived as bytes (hex)"))
        self.raw_reads.setToolTip(
            self.tr("✂ marks a read that ends inside a UTF-8 character or inside a line")
        )
        if self.row is not None:
            self.show_row(self.row)
