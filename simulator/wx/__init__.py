"""The emulated mini-program `wx` network runtime (asyncio, no Qt)."""

from simulator.wx.aio import TaskPromise, WxAsync
from simulator.wx.config import NetworkTimeout, WxConfig
from simulator.wx.download import DownloadTask
from simulator.wx.errors import (
    Aborted,
    CallFailed,
    FileSystemError,
    InvalidArgument,
    NetworkError,
    NotConnected,
    TaskLimitExceeded,
    TimedOut,
    WxError,
)
from simulator.wx.events import (
    ChunkReceived,
    EventStream,
    FileRead,
    FrameReceived,
    FrameSent,
    HeadersReceived,
    ProgressUpdated,
    SocketClosed,
    SocketOpened,
    TaskCompleted,
    TaskFailed,
    TaskQueued,
    TaskStarted,
    WxEvent,
)
from simulator.wx.flows import Flow, FlowLog
from simulator.wx.fs import FileSystemManager
from simulator.wx.network import NETWORK_PROFILES, ChunkSlicing, NetworkProfile
from simulator.wx.request import RequestTask
from simulator.wx.runtime import WxRuntime
from simulator.wx.socket_task import SocketTask

__all__ = [
    "NETWORK_PROFILES",
    "Aborted",
    "CallFailed",
    "ChunkReceived",
    "ChunkSlicing",
    "DownloadTask",
    "EventStream",
    "FileRead",
    "FileSystemError",
    "FileSystemManager",
    "Flow",
    "FlowLog",
    "FrameReceived",
    "FrameSent",
    "HeadersReceived",
    "InvalidArgument",
    "NetworkError",
    "NetworkProfile",
    "NetworkTimeout",
    "NotConnected",
    "ProgressUpdated",
    "RequestTask",
    "SocketClosed",
    "SocketOpened",
    "SocketTask",
    "TaskCompleted",
    "TaskFailed",
    "TaskLimitExceeded",
    "TaskPromise",
    "TaskQueued",
    "TaskStarted",
    "TimedOut",
    "WxAsync",
    "WxConfig",
    "WxError",
    "WxEvent",
    "WxRuntime",
]
