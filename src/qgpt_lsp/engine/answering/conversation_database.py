"""Conversations kept in a real SQLite file: messages with roles and timestamps.

They survive a restart. The database is thread-safe (one connection, one lock);
the engine calls it from worker threads.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ...redaction import redact
from ...wire import (
    GroupedTimestamp,
    QGPTConversation,
    QGPTConversationMessage,
    QGPTConversationMessageRoleEnum,
    new_id,
)

__all__ = ["ConversationDatabase", "StoredConversation", "StoredMessage"]

_SCHEMA = """
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
    """Conversations and their messages in ``path`` (created when missing)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.executescript(_SCHEMA)

    def ensure(self, conversation: str | None, title: str = "") -> str:
        """The id of ``conversation``, created (with ``title``) when new or None."""
        conversation = conversation or new_id()
        now = _now()
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR IGNORE INTO conversations VALUES (?, ?, ?, ?)",
                (conversation, title[:120], now, now),
            )
        return conversation

    def add(self, conversation: str, role: QGPTConversationMessageRoleEnum, text: str) -> None:
        """Append a message (creating the conversation, titled by its first text), redacted."""
        text = redact(text)
        title = text.strip().splitlines()[0][:120] if text.strip() else ""
        self.ensure(conversation, title)
        now = _now()
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO messages (conversation, role, text, timestamp) VALUES (?, ?, ?, ?)",
                (conversation, role.value, text, now),
            )
            self._db.execute(
                "UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation)
            )
            if role is QGPTConversationMessageRoleEnum.USER and title:
                self._db.execute(
                    "UPDATE conversations SET title = ? WHERE id = ? AND title = ''",
                    (title, conversation),
                )

    def messages(self, conversation: str) -> list[StoredMessage]:
        """The messages of ``conversation``, oldest first (empty when unknown)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT role, text, timestamp FROM messages WHERE conversation = ? ORDER BY seq",
                (conversation,),
            ).fetchall()
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
        with self._lock:
            rows = self._db.execute(
                "SELECT c.id, c.title, c.created, c.updated, COUNT(m.seq) FROM conversations c "
                "LEFT JOIN messages m ON m.conversation = c.id GROUP BY c.id "
                "ORDER BY c.updated DESC, c.rowid DESC"
            ).fetchall()
        return [
            StoredConversation(i, t, datetime.fromisoformat(c), datetime.fromisoformat(u), n)
            for i, t, c, u, n in rows
        ]

    def delete(self, conversation: str) -> bool:
        """Delete a conversation and its messages; False when it did not exist."""
        with self._lock, self._db:
            self._db.execute("DELETE FROM messages WHERE conversation = ?", (conversation,))
            cursor = self._db.execute("DELETE FROM conversations WHERE id = ?", (conversation,))
        return cursor.rowcount > 0

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
