"""Base library versions: `wx.canIUse` for the APIs this runtime emulates."""

from __future__ import annotations

# Minimum base library per schema, from the official typings and API pages
# (wx-api-semantics §1.2, §1.8, §2, §3, §4). Unknown schemas answer False.
SINCE: dict[str, str] = {
    "request": "1.0.0",
    "request.object.responseType": "1.7.0",
    "request.object.timeout": "2.10.0",
    "request.object.enableChunked": "2.20.2",
    "request.success.cookies": "2.10.0",
    "request.success.profile": "2.10.4",
    "RequestTask": "1.4.0",
    "RequestTask.abort": "1.4.0",
    "RequestTask.onHeadersReceived": "2.1.0",
    "RequestTask.offHeadersReceived": "2.1.0",
    "RequestTask.onChunkReceived": "2.20.1",
    "RequestTask.offChunkReceived": "2.20.1",
    "connectSocket": "1.0.0",
    "connectSocket.object.protocols": "1.4.0",
    "connectSocket.object.timeout": "2.10.0",
    "SocketTask": "1.7.0",
    "SocketTask.send": "1.7.0",
    "SocketTask.close": "1.7.0",
    "SocketTask.onOpen": "1.7.0",
    "SocketTask.onMessage": "1.7.0",
    "SocketTask.onClose": "1.7.0",
    "SocketTask.onError": "1.7.0",
    "onSocketOpen": "1.0.0",
    "onSocketMessage": "1.0.0",
    "onSocketError": "1.0.0",
    "onSocketClose": "1.0.0",
    "sendSocketMessage": "1.0.0",
    "closeSocket": "1.0.0",
    "downloadFile": "1.0.0",
    "downloadFile.object.filePath": "1.8.0",
    "downloadFile.object.timeout": "2.10.0",
    "DownloadTask": "1.4.0",
    "DownloadTask.abort": "1.4.0",
    "DownloadTask.onProgressUpdate": "1.4.0",
    "DownloadTask.offProgressUpdate": "2.1.0",
    "DownloadTask.onHeadersReceived": "2.1.0",
    "DownloadTask.offHeadersReceived": "2.1.0",
    "getFileSystemManager": "1.9.0",
    "FileSystemManager.readFile": "1.9.0",
    "FileSystemManager.readFileSync": "1.9.0",
    "FileSystemManager.writeFile": "1.9.0",
    "FileSystemManager.access": "1.9.0",
    "FileSystemManager.unlink": "1.9.0",
    "readFile.object.position": "2.10.0",
    "readFile.object.length": "2.10.0",
    "env": "1.9.0",
    "env.USER_DATA_PATH": "1.9.0",
}


def parse_version(version: str) -> tuple[int, ...]:
    """ "2.20.1" → (2, 20, 1); missing parts count as 0."""
    parts = [int(p) for p in version.strip().split(".") if p.strip().isdigit()]
    return tuple(parts + [0] * (3 - len(parts)))


def can_i_use(schema: str, base_library_version: str) -> bool:
    """Whether `schema` exists in `base_library_version`."""
    since = SINCE.get(schema)
    return since is not None and parse_version(base_library_version) >= parse_version(since)
