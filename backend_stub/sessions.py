"""Poll sessions: which user owns which reply, forgotten after a while without a poll."""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass

from backend_stub.errors import StubError
from backend_stub.replies import Reply

_SESSION_ID = re.compile(r"[A-Za-z0-9_.:\-]{1,128}")


@dataclass
class Session:
    session_id: str
    user_id: str
    reply: Reply
    last_seen: float


def check_session_id(session_id: str | None) -> str:
    """A client-chosen session id, or a fresh one when the client gave none.

    Raises:
        StubError: 400 for ids that are empty, too long or use odd characters.
    """
    if session_id is None:
        return "s" + secrets.token_hex(8)
    if not _SESSION_ID.fullmatch(session_id):
        raise StubError(400, "bad_session_id", "'sessionId' must be 1-128 of [A-Za-z0-9_.:-]")
    return session_id


class SessionStore:
    """Sessions by id; idle ones expire after `ttl`, and at most `capacity` live at once."""

    def __init__(self, ttl: float, capacity: int):
        self._ttl = ttl
        self._capacity = capacity
        self._sessions: dict[str, Session] = {}

    def __len__(self) -> int:
        return len(self._sessions)

    def start(self, session_id: str, user_id: str, reply: Reply) -> Session:
        """Bind `reply` to the session (a new message in an existing session replaces it).

        Raises:
            StubError: 403 if the session belongs to someone else, 429 when full.
        """
        now = time.monotonic()
        session = self._sessions.get(session_id)
        if session is not None and now - session.last_seen > self._ttl:
            del self._sessions[session_id]
            session = None
        if session is not None:
            if session.user_id != user_id:
                raise StubError(403, "foreign_session", "this session belongs to another user")
            session.reply = reply
            session.last_seen = now
            return session
        if len(self._sessions) >= self._capacity:
            self.sweep(now)
        if len(self._sessions) >= self._capacity:
            raise StubError(429, "too_many_sessions", "too many live poll sessions, retry later")
        session = Session(session_id, user_id, reply, now)
        self._sessions[session_id] = session
        return session

    def check_owner(self, session_id: str, user_id: str) -> None:
        """Raise 403 if `session_id` exists and is not `user_id`'s (before starting a reply)."""
        session = self._sessions.get(session_id)
        if session is not None and session.user_id != user_id:
            raise StubError(403, "foreign_session", "this session belongs to another user")

    def poll(self, session_id: str, user_id: str | None) -> Session:
        """The session for a poll, refreshed.

        `user_id` None (the seed's poll sends only sessionId) skips the owner check.

        Raises:
            StubError: 404 unknown or expired, 403 another user's.
        """
        now = time.monotonic()
        session = self._sessions.get(session_id)
        if session is None or now - session.last_seen > self._ttl:
            raise StubError(404, "unknown_session", f"no live session {session_id!r}")
        if user_id is not None and user_id != session.user_id:
            raise StubError(403, "foreign_session", "this session belongs to another user")
        session.last_seen = now
        return session

    def sweep(self, now: float) -> int:
        """Forget sessions idle for longer than `ttl`; returns how many went."""
        expired = [sid for sid, s in self._sessions.items() if now - s.last_seen > self._ttl]
        for sid in expired:
            del self._sessions[sid]
        return len(expired)
