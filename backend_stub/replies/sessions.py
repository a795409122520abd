"""Poll sessions: which identity owns which reply, forgotten after a while without a poll.

A session belongs to the identity that started it. A request that names an identity (a
`userId`, or the `sessionSecret` returned at start) must be the owner's. A request that names
none (the seed's poll sends only `sessionId`) is let through only when the stub made the id
itself (128 random bits): unguessability comes from how an id was made, which the stub knows
only for its own ids. A client-chosen id (a timestamp, a counter, a UUID: the stub cannot
tell) is a name, not a secret, whatever its length: it needs the identity.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass

from backend_stub.errors import StubError
from backend_stub.replies.inflight import Reply

_SESSION_ID = re.compile(r"[A-Za-z0-9_.:\-]{1,128}")

ANONYMOUS = "anonymous"


@dataclass
class Session:
    session_id: str
    user_id: str
    reply: Reply
    last_seen: float
    secret: str
    unguessable: bool


def check_session_id(session_id: str | None) -> tuple[str, bool]:
    """A client-chosen session id, or a fresh random one when the client gave none; and
    whether it is a capability (only the stub's own ids are).

    Raises:
        StubError: 400 for ids that are empty, too long or use odd characters.
    """
    if session_id is None:
        return "s" + secrets.token_urlsafe(16), True
    if not _SESSION_ID.fullmatch(session_id):
        raise StubError(400, "bad_session_id", "'sessionId' must be 1-128 of [A-Za-z0-9_.:-]")
    return session_id, False


def _foreign() -> StubError:
    return StubError(403, "foreign_session", "this session belongs to another identity")


class SessionStore:
    """Sessions by id; idle ones expire after `ttl`, and at most `capacity` live at once."""

    def __init__(self, ttl: float, capacity: int):
        self._ttl = ttl
        self._capacity = capacity
        self._sessions: dict[str, Session] = {}

    def __len__(self) -> int:
        return len(self._sessions)

    def _live(self, session_id: str, now: float) -> Session | None:
        session = self._sessions.get(session_id)
        if session is not None and now - session.last_seen > self._ttl:
            del self._sessions[session_id]
            return None
        return session

    def start(
        self, session_id: str, user_id: str, reply: Reply, *, unguessable: bool, secret: str | None
    ) -> Session:
        """Bind `reply` to the session (a new message in an existing session replaces it).

        Raises:
            StubError: 403 if the session belongs to someone else, 429 when full.
        """
        now = time.monotonic()
        session = self._live(session_id, now)
        if session is not None:
            self._check(session, user_id, secret, restart=True)
            session.reply = reply
            session.last_seen = now
            return session
        if len(self._sessions) >= self._capacity:
            self.sweep(now)
        if len(self._sessions) >= self._capacity:
            raise StubError(429, "too_many_sessions", "too many live poll sessions, retry later")
        session = Session(session_id, user_id, reply, now, secrets.token_urlsafe(16), unguessable)
        self._sessions[session_id] = session
        return session

    def check_owner(self, session_id: str, user_id: str, secret: str | None) -> None:
        """Raise 403 if `session_id` exists and is not this identity's (before starting)."""
        session = self._live(session_id, time.monotonic())
        if session is not None:
            self._check(session, user_id, secret, restart=True)

    def poll(self, session_id: str, user_id: str | None, secret: str | None) -> Session:
        """The session for a poll, refreshed.

        Raises:
            StubError: 404 unknown or expired, 403 another identity's (or a guessable id
                polled without any identity).
        """
        now = time.monotonic()
        session = self._live(session_id, now)
        if session is None:
            raise StubError(404, "unknown_session", f"no live session {session_id!r}")
        self._check(session, user_id, secret, restart=False)
        session.last_seen = now
        return session

    @staticmethod
    def _check(session: Session, user_id: str | None, secret: str | None, *, restart: bool) -> None:
        if secret:
            if not secrets.compare_digest(secret.encode(), session.secret.encode()):
                raise _foreign()
            return
        named = user_id not in (None, "", ANONYMOUS)
        if named:
            if user_id != session.user_id:
                raise _foreign()
            return
        if restart and session.user_id not in (ANONYMOUS, user_id or ANONYMOUS):
            raise _foreign()  # an anonymous restart must not take over a named user's session
        if not session.unguessable:
            raise StubError(
                403,
                "identity_required",
                "a client-chosen sessionId is a name, not a secret: poll with its userId or "
                "sessionSecret, or start without sessionId and poll the one the stub returns",
            )

    def sweep(self, now: float) -> int:
        """Forget sessions idle for longer than `ttl`; returns how many went."""
        expired = [sid for sid, s in self._sessions.items() if now - s.last_seen > self._ttl]
        for sid in expired:
            del self._sessions[sid]
        return len(expired)
