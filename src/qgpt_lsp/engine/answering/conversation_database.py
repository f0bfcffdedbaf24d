"""Conversations kept in a real SQLite file: messages with roles and timestamps.

They survive a restart. The database is thread-safe (one connection, one lock);
the engine calls it from worker threads.

Only history is at stake here, never an answer or the index: a damaged file is moved
aside and started afresh (:mod:`..cache_health`), and a file that cannot be opened or
written (a read-only or full disk) gives way to a database in memory for the rest of
the session; each says so once in ``notices``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from ...redaction import redact
from ...wire import (
    GroupedTimestamp,
    QGPTConversation,
    QGPTConversationMessage,
    QGPTConversationMessageRoleEnum,
    new_id,
)
from ..cache_health import CacheNotices, open_healing, open_sqlite, short_reason

__all__ = ["CONVERSATIONS_FORMAT", "ConversationDatabase", "StoredConversation", "StoredMessage"]

#: The file's format (SQLite ``user_version``).
CONVERSATIONS_FORMAT = 1
Result = TypeVar("Result")
_SCHEMA = """
PRAGMA foreign_keys = ON;
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role TEXT NOT NULL, text TEXT NOT NULL, timestamp TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages(conversation, seq);
"""


@dataclass(frozen=True)
class StoredMessage:
    """One message of a conversation, as kept."""

    role: QGPTConversationMessageRoleEnum
    text: str
    timestamp: datetime


@dataclass(frozen=True)
class StoredConversation:
    """A row of the conversation list (``qgpt.conversations``)."""

    id: str
    title: str
    created: datetime
    updated: datetime
    messages: int


class ConversationDatabase:
    """Conversations and their messages in ``path`` (created when missing; in memory
    when None)."""

    def __init__(self, path: Path | None, notices: CacheNotices | None = None) -> None:
        self.path = path
        self.notices = notices or CacheNotices()
        self._lock = threading.Lock()
        self._db = self._open(path)

    def _open(self, path: Path | None) -> sqlite3.Connection:
        if path is None:
            return open_sqlite(None, _SCHEMA, CONVERSATIONS_FORMAT)
        try:
            return open_healing(
                path,
                lambda: open_sqlite(path, _SCHEMA, CONVERSATIONS_FORMAT),
                self.notices,
                "conversation history",
            )
        except (sqlite3.Error, OSError) as error:
            return self._in_memory(error)

    def _in_memory(self, error: Exception) -> sqlite3.Connection:
        self.notices.add(
            f"cannot keep conversations in {self.path} ({short_reason(error)}); "
            "keeping them in memory for this session"
        )
        self.path = None
        return open_sqlite(None, _SCHEMA, CONVERSATIONS_FORMAT)

    def _run(self, work: Callable[[sqlite3.Connection], Result]) -> Result:
        """``work(db)`` under the lock, in a transaction; when the file fails, again on
        a database in memory (what the file held is not lost: it stays in the file)."""
        with self._lock:
            try:
                with self._db:
                    return work(self._db)
            except sqlite3.Error as error:
                if self.path is None:
                    raise
                self._db.close()
                self._db = self._in_memory(error)
            with self._db:
                return work(self._db)

    def ensure(self, conversation: str | None, title: str = "") -> str:
        """The id of ``conversation``, created (with ``title``) when new or None."""
        conversation = conversation or new_id()
        self._run(lambda db: _create(db, conversation, title))
        return conversation

    def add(self, conversation: str, role: QGPTConversationMessageRoleEnum, text: str) -> None:
        """Append a message (creating the conversation, titled by its first text), redacted."""
        text = redact(text)
        title = text.strip().splitlines()[0][:120] if text.strip() else ""

        def append(db: sqlite3.Connection) -> None:
            now = _create(db, conversation, title)
            db.execute(
                "INSERT INTO messages (conversation, role, text, timestamp) VALUES (?, ?, ?, ?)",
                (conversation, role.value, text, now),
            )
            db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation))
            if role is QGPTConversationMessageRoleEnum.USER and title:
                db.execute(
                    "UPDATE conversations SET title = ? WHERE id = ? AND title = ''",
                    (title, conversation),
                )

        self._run(append)

    def messages(self, conversation: str) -> list[StoredMessage]:
        """The messages of ``conversation``, oldest first (empty when unknown)."""
        rows = self._run(
            lambda db: db.execute(
                "SELECT role, text, timestamp FROM messages WHERE conversation = ? ORDER BY seq",
                (conversation,),
            ).fetchall()
        )
        return [
            StoredMessage(QGPTConversationMessageRoleEnum(r), t, datetime.fromisoformat(ts))
            for r, t, ts in rows
        ]

    def as_wire(self, conversation: str) -> QGPTConversation:
        """The conversation as the wire has it: newest first."""
        return QGPTConversation(
            iterable=[
                QGPTConversationMessage(
                    role=m.role, text=m.text, timestamp=GroupedTimestamp.of(m.timestamp)
                )
                for m in reversed(self.messages(conversation))
            ]
        )

    def list(self) -> list[StoredConversation]:
        """Every conversation, most recently updated first."""
        rows = self._run(
            lambda db: db.execute(
                "SELECT c.id, c.title, c.created, c.updated, COUNT(m.seq) FROM conversations c "
                "LEFT JOIN messages m ON m.conversation = c.id GROUP BY c.id "
                "ORDER BY c.updated DESC, c.rowid DESC"
            ).fetchall()
        )
        return [
            StoredConversation(i, t, datetime.fromisoformat(c), datetime.fromisoformat(u), n)
            for i, t, c, u, n in rows
        ]

    def delete(self, conversation: str) -> bool:
        """Delete a conversation and its messages; False when it did not exist."""

        def forget(db: sqlite3.Connection) -> bool:
            db.execute("DELETE FROM messages WHERE conversation = ?", (conversation,))
            cursor = db.execute("DELETE FROM conversations WHERE id = ?", (conversation,))
            return cursor.rowcount > 0

        return self._run(forget)

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _create(db: sqlite3.Connection, conversation: str, title: str) -> str:
    """Make ``conversation`` (titled ``title``) unless it exists; returns the time now."""
    now = _now()
    db.execute(
        "INSERT OR IGNORE INTO conversations VALUES (?, ?, ?, ?)",
        (conversation, title[:120], now, now),
    )
    return now


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
