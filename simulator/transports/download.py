"""Download: the seed's `downloadFile` + `onProgressUpdate` + `readFile`, partial reads included."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from simulator.transports.base import SendMessage, TimedTransport
from simulator.transports.events import EmitEvent
from simulator.transports.failures import Failure, FailureKind, http_failure
from simulator.transports.framing import Piece, make_parser, stream_failure
from simulator.transports.reply import (
    ReplyRun,
    as_bytes,
    backend_reason,
    begin_run,
    scenario_of,
    settle,
    status_of,
)

if TYPE_CHECKING:
    from simulator.wx import WxRuntime


class DownloadTransport(TimedTransport):
    """As the seed: on every progress update try to read what the file holds so far.

    On the real platform nothing says a file can be read before `success` (wx-api-semantics
    §3.4), so in the runtime's strict mode the first partial read fails; the transport logs
    why once and stops trying, and the whole reply reaches the page at `success` — first byte
    ≈ last byte, which is what this transport really delivers. In lenient mode the partial
    reads succeed and the text streams. Reads are bytes, decoded incrementally (a read may end
    inside a UTF-8 character, which the seed's `encoding: 'utf8'` read would garble).
    """

    name: ClassVar[str] = "download"

    async def run(self, message: SendMessage, emit: EmitEvent) -> None:
        run, endpoint = begin_run(self, message, emit, self.backend.download, "download endpoint")
        if endpoint is None:
            return
        reader = _PartialReader(
            self.wx, f"{self.wx.env.USER_DATA_PATH}/sim-reply-{uuid.uuid4().hex}.txt", run
        )
        reader.framing(endpoint.framing)
        loop = asyncio.get_running_loop()
        finished: asyncio.Future[tuple[bool, dict[str, Any]]] = loop.create_future()
        url = self.backend.url(
            endpoint.path,
            message=message.text,
            userId=message.user_id,
            scenario=scenario_of(self.backend, message),
        )

        def on_headers(res: dict[str, Any]) -> None:
            run.opened("headers")
            # The platform's download headers carry no status; the flow log has it. An error
            # status's body is never reply text, not even in lenient partial reads.
            flow = self.wx.flows.get(task.flow_id)
            if flow is not None and flow.status is not None and flow.status >= 400:
                reader.discard()
            header = res.get("header") or {}
            run.learn_reply_id(
                next((v for k, v in header.items() if k.lower() == "x-reply-id"), None)
            )

        def on_progress(res: dict[str, Any]) -> None:
            written = res.get("totalBytesWritten")
            if isinstance(written, int) and written > reader.offset and reader.partial_ok:
                reader.schedule(written)

        run.request("download", url)
        task = self.wx.downloadFile(
            url=url,
            header=self.backend.request_headers(),
            filePath=reader.path,
            timeout=self.timeout_ms,
            success=lambda res: reader.settled(finished, True, res),
            fail=lambda res: reader.settled(finished, False, res),
        )
        task.onHeadersReceived(on_headers)
        task.onProgressUpdate(on_progress)
        try:
            ok, res = await finished
            if not ok:
                await reader.idle()
                run.fail(run.wx_failure(res))
                return
            status = status_of(res)
            if status is not None and status >= 400:
                await reader.idle()
                body = await reader.read_all()
                failure = http_failure(status, backend_reason(body))
                if status == 405:
                    hint = (
                        f"; wx.downloadFile can only GET: the backend must map"
                        f" {endpoint.path} for GET too (the seed maps it @PostMapping only)"
                    )
                    failure = dataclasses.replace(failure, detail=failure.detail + hint)
                run.fail(failure)
                return
            await reader.drain()
            if reader.error:
                run.fail(reader.error)
            else:
                run.complete()
        except asyncio.CancelledError:
            task.abort()
            run.stop()
            raise
        finally:
            reader.close()


class _PartialReader:
    """Reads the growing file from where the last read stopped, one read at a time."""

    def __init__(self, wx: WxRuntime, path: str, run: ReplyRun) -> None:
        self.wx = wx
        self.fs = wx.getFileSystemManager()
        self.path = path
        self.run = run
        self.offset = 0
        self.partial_ok = True
        self.error: Failure | None = None
        self._parser = make_parser("text")
        self._busy: asyncio.Task[None] | None = None
        self._wanted = 0
        self._discard = False

    def framing(self, framing: str) -> None:
        """Parse the file as the endpoint frames its body (SSE is not reply text as is)."""
        self._parser = make_parser(framing)

    def discard(self) -> None:
        """No byte of this body is reply text (an error status)."""
        self._discard = True

    def settled(
        self, finished: asyncio.Future[tuple[bool, dict[str, Any]]], ok: bool, res: dict[str, Any]
    ) -> None:
        """The download ended. A failure or an error status (>= 400) means no byte of this
        body is reply text: a partial read still in flight (it may run after the file was
        committed) is discarded, decided here, before any such read can resume."""
        status = status_of(res) if ok else None
        if not ok or (status is not None and status >= 400):
            self._discard = True
        settle(finished, (ok, res))

    def schedule(self, written: int) -> None:
        """Progress says `written` bytes are in the file: read them unless a read is running."""
        self._wanted = max(self._wanted, written)
        if self._busy is None or self._busy.done():
            self._busy = asyncio.ensure_future(self._read_partial())

    async def idle(self) -> None:
        if self._busy is not None:
            await asyncio.shield(self._busy)

    async def drain(self) -> None:
        """After `success`: read the rest of the file and flush the decoder."""
        await self.idle()
        try:
            whole = await self._read(0, None)  # whole file: a position at EOF is out of range
        except OSError as exc:
            self.error = Failure(FailureKind.UNKNOWN, f"readFile after download failed: {exc}")
            return
        self._deliver(whole[self.offset :])
        self._show(self._parser.close(), 0)

    async def read_all(self) -> bytes:
        try:
            return await self._read(0, None)
        except OSError:
            return b""

    def close(self) -> None:
        """Stop a read still running (the run was stopped) and delete the reply file."""
        if self._busy is not None and not self._busy.done():
            self._busy.cancel()
        self.fs.unlink(filePath=self.path)

    async def _read_partial(self) -> None:
        while self.partial_ok and not self._discard and self._wanted > self.offset:
            try:
                data = await self._read(self.offset, self._wanted - self.offset)
            except OSError as exc:
                self.partial_ok = False
                self.run.note(
                    f"partial read refused, the reply will arrive whole at the end: {exc}"
                )
                return
            if self._discard:
                return
            self._deliver(data)

    def _deliver(self, data: bytes) -> None:
        if data:
            self.offset += len(data)
            self._show(self._parser.feed(data), len(data))

    def _show(self, pieces: list[Piece], nbytes: int) -> None:
        """Text pieces to the page (the read's bytes go with the first); bytes shown as U+FFFD
        mark the run's text altered."""
        for piece in pieces:
            broken = stream_failure(piece)
            if broken is not None:
                self.error = self.error or broken
            elif piece.altered:
                self.run.alter(piece.altered)
            elif piece.malformed:
                self.run.note(f"malformed body bytes: {piece.malformed}")
            elif piece.text:
                self.run.chunk(piece.text, nbytes)
                nbytes = 0
        if nbytes:
            self.run.empty("frame", nbytes)

    async def _read(self, position: int, length: int | None) -> bytes:
        """One `readFile` as bytes (no encoding → ArrayBuffer), wrapped in a future.

        Raises:
            OSError: the read failed; the message is the platform's errMsg.
        """
        future: asyncio.Future[tuple[bool, dict[str, Any]]] = (
            asyncio.get_running_loop().create_future()
        )
        options: dict[str, Any] = {"filePath": self.path}
        if position:
            options["position"] = position
        if length is not None:
            options["length"] = length
        self.fs.readFile(
            **options,
            success=lambda res: settle(future, (True, res)),
            fail=lambda res: settle(future, (False, res)),
        )
        ok, res = await future
        if not ok:
            raise OSError(str(res.get("errMsg", "readFile:fail")))
        return as_bytes(res.get("data"))
